"""An application form's questions as Django form fields, their checks and how answers read.

Two ways to read what carriers typed:
- as a **draft**: every field optional, every value kept exactly as typed (a number written
  « 12 logements » is kept, to be fixed later): nothing typed is ever lost;
- on **submission**: the questions' own rules (required, limits, a commune of Occitanie, a
  date), with an error beside each field; the cleaned answers become a version.

Answers are keyed by the question's StreamField block id (projects.applications.form_blocks).
Files are not form fields here: they are uploaded as application documents (checked like the
others) and the draft keeps the document's id.
"""

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.http import QueryDict
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from projects.choices import VIURE_CRITERIA
from projects.forms import resolve_commune

FIELD_PREFIX = "q-"
VIURE_LEVELS = [("", "—")] + [(str(level), str(level)) for level in range(6)]
VIURE_TEXT_MAX = 1500


@dataclass
class Question:
    id: str
    kind: str
    label: str
    help_text: str = ""
    required: bool = False
    options: dict = field(default_factory=dict)

    @property
    def name(self) -> str:
        return FIELD_PREFIX + self.id

    def criterion_names(self, criterion: str) -> tuple[str, str]:
        return f"{self.name}-{criterion}-niveau", f"{self.name}-{criterion}-texte"

    @property
    def field_names(self) -> list[str]:
        if self.kind == "viure":
            return [
                name
                for criterion, _label in VIURE_CRITERIA
                for name in self.criterion_names(criterion)
            ]
        if self.kind == "file":
            return []
        return [self.name]


@dataclass
class Section:
    heading: str = ""
    help_text: str = ""
    questions: list[Question] = field(default_factory=list)


def sections_of(application_form) -> list[Section]:
    """The form as staff built it: questions grouped under their section headings (those
    before the first heading in an untitled section)."""
    return sections_from(application_form.fields)


def sections_from(stream) -> list[Section]:
    """A StreamField of question blocks (projects.applications.form_blocks) as sections."""
    sections = [Section()]
    for block in stream:
        value = block.value
        if block.block_type == "section":
            sections.append(Section(value["heading"], value.get("help_text") or ""))
            continue
        options = {
            key: value.get(key)
            for key in ("max_length", "min_value", "max_value", "unit", "choices")
            if key in value
        }
        if "choices" in options:
            options["choices"] = [str(choice) for choice in options["choices"]]
        sections[-1].questions.append(
            Question(
                id=block.id,
                kind=block.block_type,
                label=value["label"],
                help_text=value.get("help_text") or "",
                required=bool(value.get("required")),
                options=options,
            )
        )
    return [section for section in sections if section.questions or section.heading]


def questions_of(application_form) -> list[Question]:
    return [question for section in sections_of(application_form) for question in section.questions]


def review_questions_of(programme) -> list[Question]:
    """The programme's own questions to its reviewers."""
    return [q for section in sections_from(programme.review_questions) for q in section.questions]


# Form fields -------------------------------------------------------------------------------------


def _text_input(**attrs):
    return forms.TextInput(attrs={"autocomplete": "off", **attrs})


def fields_for(question: Question, *, final: bool) -> dict[str, forms.Field]:
    """The form fields of a question. As a draft, every field is a plain optional text (or list
    of choices) that takes anything typed; on submission, the question's rules apply."""
    required = final and question.required
    common = {"label": question.label, "help_text": question.help_text, "required": required}
    kind, options = question.kind, question.options
    if kind == "viure":
        fields = {}
        for criterion, criterion_label in VIURE_CRITERIA:
            level_name, text_name = question.criterion_names(criterion)
            fields[level_name] = forms.ChoiceField(
                label=_("%(criterion)s : niveau") % {"criterion": criterion_label},
                choices=VIURE_LEVELS,
                required=required,
            )
            fields[text_name] = forms.CharField(
                label=_("%(criterion)s : en quelques mots") % {"criterion": criterion_label},
                required=False,
                max_length=VIURE_TEXT_MAX if final else None,
                widget=forms.Textarea(attrs={"rows": 2}),
            )
        return fields
    if kind == "file":
        return {}
    if kind in ("choice", "multiple_choice"):
        choices = [(choice, choice) for choice in options.get("choices") or []]
        if kind == "choice":
            return {
                question.name: forms.ChoiceField(
                    choices=choices, widget=forms.RadioSelect, **common
                )
            }
        return {
            question.name: forms.MultipleChoiceField(
                choices=choices, widget=forms.CheckboxSelectMultiple, **common
            )
        }
    if kind == "long_text":
        widget = forms.Textarea(attrs={"rows": 6, "maxlength": options.get("max_length")})
        return {
            question.name: forms.CharField(
                widget=widget, max_length=options.get("max_length") if final else None, **common
            )
        }
    if not final:
        widget = {
            "number": _text_input(inputmode="numeric"),
            "amount": _text_input(inputmode="decimal"),
            "date": forms.DateInput(attrs={"type": "date"}),
            "commune": _text_input(list="communes-suggestions"),
        }.get(kind, _text_input(maxlength=options.get("max_length")))
        return {question.name: forms.CharField(widget=widget, **common)}
    if kind == "number":
        return {
            question.name: forms.IntegerField(
                min_value=options.get("min_value"),
                max_value=options.get("max_value"),
                widget=_text_input(inputmode="numeric"),
                **common,
            )
        }
    if kind == "amount":
        return {
            question.name: forms.DecimalField(
                min_value=0,
                max_digits=12,
                decimal_places=2,
                widget=_text_input(inputmode="decimal"),
                localize=True,
                **common,
            )
        }
    if kind == "date":
        return {
            question.name: forms.DateField(widget=forms.DateInput(attrs={"type": "date"}), **common)
        }
    if kind == "commune":
        return {
            question.name: CommuneField(widget=_text_input(list="communes-suggestions"), **common)
        }
    return {
        question.name: forms.CharField(
            max_length=options.get("max_length"),
            widget=_text_input(maxlength=options.get("max_length")),
            **common,
        )
    }


class CommuneField(forms.CharField):
    def clean(self, value):
        value = super().clean(value)
        if not value:
            return ""
        return str(resolve_commune(value))


class AnswersForm(forms.Form):
    """The carriers' form: `final=False` for a draft (anything typed is kept), `final=True` for
    a submission (each question's rules)."""

    def __init__(self, *args, questions: list[Question], final: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = questions
        for question in questions:
            self.fields.update(fields_for(question, final=final))

    def bound_fields_of(self, question: Question) -> list:
        return [self[name] for name in question.field_names]


# Drafts ------------------------------------------------------------------------------------------


def draft_from_post(questions: list[Question], data) -> dict:
    """What the carriers typed, exactly, for the questions of this form (unknown fields are
    ignored)."""
    draft = {}
    for question in questions:
        for name in question.field_names:
            if question.kind == "multiple_choice":
                draft[name] = [_storable(value)[:200] for value in data.getlist(name)][:50]
            else:
                draft[name] = _storable(data.get(name, ""))[:20000]
    return draft


def _storable(value) -> str:
    """Text as typed, minus the NUL character: PostgreSQL's JSON refuses it (Django's text
    fields refuse it too, with ProhibitNullCharactersValidator), and nobody types it."""
    return str(value).replace("\x00", "")


def draft_as_data(draft: dict):
    """A draft as the data a form is bound to."""
    data = QueryDict(mutable=True)
    for name, value in draft.items():
        if isinstance(value, list):
            data.setlist(name, value)
        elif not name.startswith("file-"):
            data[name] = value
    return data


def file_key(question: Question) -> str:
    return "file-" + question.id


def _is_answered(question: Question, draft: dict) -> bool:
    if question.kind == "file":
        return bool(draft.get(file_key(question)))
    values = [draft.get(name) for name in question.field_names]
    if question.kind == "viure":
        levels = [
            draft.get(question.criterion_names(criterion)[0]) for criterion, _l in VIURE_CRITERIA
        ]
        return all(str(level or "").strip() for level in levels)
    return any(value.strip() if isinstance(value, str) else bool(value) for value in values)


@dataclass
class Completeness:
    answered: int
    required: int

    @property
    def percent(self) -> int:
        return 100 if not self.required else round(100 * self.answered / self.required)

    @property
    def is_complete(self) -> bool:
        return self.answered >= self.required


def completeness(questions: list[Question], draft: dict) -> Completeness:
    required = [question for question in questions if question.required]
    return Completeness(
        answered=sum(1 for question in required if _is_answered(question, draft)),
        required=len(required),
    )


def missing_files(questions: list[Question], draft: dict) -> list[Question]:
    return [
        question
        for question in questions
        if question.kind == "file" and question.required and not draft.get(file_key(question))
    ]


# Answers as sent ---------------------------------------------------------------------------------


def json_value(value):
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, date):
        return value.isoformat()
    return value


def answers_from(form: AnswersForm, draft: dict) -> dict:
    """The cleaned answers of a valid submission, JSON-ready, keyed by question id."""
    answers = {}
    for question in form.questions:
        if question.kind == "file":
            answers[question.id] = draft.get(file_key(question)) or None
        elif question.kind == "viure":
            answers[question.id] = {
                criterion: {
                    "level": int(form.cleaned_data[level]) if form.cleaned_data[level] else None,
                    "text": form.cleaned_data[text],
                }
                for criterion, _label in VIURE_CRITERIA
                for level, text in [question.criterion_names(criterion)]
            }
        else:
            answers[question.id] = json_value(form.cleaned_data.get(question.name))
    return answers


def questions_snapshot(questions: list[Question]) -> list[dict]:
    return [
        {"id": question.id, "kind": question.kind, "label": question.label}
        for question in questions
    ]


VIURE_LABELS = dict(VIURE_CRITERIA)
NO_ANSWER = gettext_lazy("Sans réponse")


def _criterion_text(criterion: str, part: dict) -> str:
    level = part.get("level")
    text = f"{VIURE_LABELS.get(criterion, criterion)} {'—' if level is None else level}/5"
    return text + (f" ({part['text']})" if part.get("text") else "")


def answer_text(kind: str, value, options: dict | None = None) -> str:
    """An answer as one line of text: the application page, the comparison of versions and
    the exports read answers through this."""
    if value in (None, "", [], {}):
        return ""
    if kind == "file":
        return value.get("name", "") if isinstance(value, dict) else ""
    if kind == "multiple_choice":
        return " ; ".join(str(choice) for choice in value)
    if kind == "viure":
        return " ; ".join(_criterion_text(criterion, part) for criterion, part in value.items())
    if kind == "amount":
        try:
            return f"{Decimal(value):,.2f} €".replace(",", "\u202f").replace(".", ",")
        except (ArithmeticError, ValueError):
            return str(value)
    if kind == "date":
        try:
            return date_format(date.fromisoformat(value), "j F Y")
        except (TypeError, ValueError):
            return str(value)
    if kind == "number":
        unit = (options or {}).get("unit") or ""
        return f"{value} {unit}".strip()
    return str(value)


def compare(older: dict, newer: dict, questions: list[Question]) -> list[dict]:
    """Each question with its answer in two versions and whether it changed."""
    rows = []
    for question in questions:
        before = answer_text(question.kind, older.get(question.id), question.options)
        after = answer_text(question.kind, newer.get(question.id), question.options)
        rows.append(
            {"question": question, "before": before, "after": after, "changed": before != after}
        )
    return rows


def validation_error_for_file(question: Question) -> ValidationError:
    return ValidationError(
        _("Joignez le fichier demandé : %(label)s.") % {"label": question.label}, code="required"
    )
