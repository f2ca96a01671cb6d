"""Django's widget, label and error templates rendered in Python (labo.core.form_html) give the
very bytes the templates give: every case is rendered both ways and compared."""

import datetime
import re

import pytest
from django import forms
from django.forms.renderers import TemplatesSetting
from django.forms.utils import ErrorList
from django.utils import timezone, translation
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy

from labo.core.form_html import (
    FIELD_TEMPLATE,
    FORM_TEMPLATE,
    PROJECT_RENDERERS,
    RENDERERS,
    render_in_python,
)
from labo.core.forms import LaboFormRenderer

HOSTILE = [
    None,
    "",
    "plain",
    '"><script>alert(1)</script>',
    "l'habitat & les communs <b>",
    mark_safe("<em>déjà sûr</em>"),
    gettext_lazy("Répondre"),
    0,
    12.5,
    True,
    ("a", "b"),
    datetime.date(2025, 3, 14),
    datetime.datetime(2025, 3, 14, 17, 30, tzinfo=datetime.UTC),
]
ATTRS = [
    {},
    {"id": "id_x", "required": True, "disabled": False, "class": "wide", "maxlength": 80},
    {"data-x": '"><img src=x onerror=alert(1)>', "aria-describedby": mark_safe("a b")},
    {"placeholder": gettext_lazy("Votre réponse"), "rows": 4},
]


class TemplatesOnly(TemplatesSetting):
    """The same form and field templates, every part by the template engine."""

    form_template_name = LaboFormRenderer.form_template_name
    field_template_name = LaboFormRenderer.field_template_name


@pytest.fixture(autouse=True)
def french():
    with translation.override("fr"), timezone.override("Europe/Paris"):
        yield


def both(render):
    fast, slow = render(LaboFormRenderer()), render(TemplatesOnly())
    assert fast == slow
    return fast


WIDGETS = [
    forms.TextInput,
    forms.EmailInput,
    forms.URLInput,
    forms.NumberInput,
    forms.HiddenInput,
    forms.DateInput,
    forms.DateTimeInput,
    forms.TimeInput,
    forms.Textarea,
    forms.CheckboxInput,
    lambda attrs=None: forms.PasswordInput(attrs, render_value=True),
]


@pytest.mark.parametrize("widget_class", WIDGETS)
def test_inputs_and_text_areas_are_the_same_bytes(widget_class):
    for attrs in ATTRS:
        for value in HOSTILE:
            widget = widget_class(attrs=dict(attrs))
            both(lambda r, w=widget, v=value: w.render("field", v, renderer=r))
    # The hostile value is escaped, never markup.
    html = forms.TextInput().render("f", '"><script>', renderer=LaboFormRenderer())
    assert "<script>" not in html and "&quot;&gt;&lt;script&gt;" in html


CHOICES = [
    ("", "---------"),
    (1, "Camille <Roux>"),
    ("2", mark_safe("<b>sûr</b>")),
    ("Occitanie", [("31", "Haute-Garonne"), ("34", "Hérault & co")]),
    ('"x', gettext_lazy("Autre")),
    (datetime.date(2025, 1, 2), datetime.date(2025, 1, 2)),
]


@pytest.mark.parametrize(
    "widget_class", [forms.Select, forms.SelectMultiple, forms.NullBooleanSelect]
)
def test_selects_and_their_options_are_the_same_bytes(widget_class):
    for attrs in ATTRS:
        widget = widget_class(attrs=dict(attrs))
        if widget_class is not forms.NullBooleanSelect:
            widget.choices = CHOICES
        values = [None, "", 1, "2", "34", "unknown", True, False, "true", "false"]
        if widget_class is forms.SelectMultiple:
            values.append(["31", '"x'])
        for value in values:
            both(lambda r, w=widget, v=value: w.render("choice", v, renderer=r))


def test_a_select_with_options_of_its_own_kind_is_left_to_the_templates():
    class Custom(forms.Select):
        option_template_name = "django/forms/widgets/radio_option.html"

    widget = Custom(choices=[("a", "A")])
    both(lambda renderer: widget.render("x", "a", renderer=renderer))
    context = widget.get_context("x", "a", None)
    assert render_in_python("django/forms/widgets/select.html", context) is None


class Everything(forms.Form):
    name = forms.CharField(label="Nom <complet>", help_text="Tel qu'affiché", max_length=20)
    email = forms.EmailField(label=gettext_lazy("Adresse électronique"))
    count = forms.IntegerField(label=mark_safe("<abbr>Nb</abbr>"), required=False)
    text = forms.CharField(widget=forms.Textarea, label="Message")
    agree = forms.BooleanField(label="J'accepte & je signe")
    kind = forms.ChoiceField(choices=CHOICES[:3])
    many = forms.MultipleChoiceField(choices=CHOICES[3:4], required=False)
    when = forms.DateField(required=False)
    hidden = forms.CharField(widget=forms.HiddenInput, required=False)


@pytest.mark.parametrize(
    "data",
    [
        None,
        {},
        {"name": '"><script>alert(1)</script>' * 2, "email": "pas-une-adresse", "count": "x"},
        {"name": "Léa", "email": "lea@labo.test", "text": "<b>bonjour</b>", "agree": "on"},
    ],
)
def test_whole_forms_with_labels_help_and_errors_are_the_same_bytes(data):
    html = both(lambda renderer: str(Everything(data, renderer=renderer, auto_id="f_%s")))
    if data:
        # Errors shown, tied to their fields, hostile text escaped.
        assert 'class="errorlist"' in html and "<script>" not in html
    # A label without a tag (no id), and a legend.
    form = Everything(auto_id=False)
    both(lambda renderer: Everything(auto_id=False, renderer=renderer)["name"].label_tag())
    assert form["name"].label_tag(attrs={"class": "x"}) == "Nom &lt;complet&gt;\xa0:"
    both(lambda renderer: Everything(renderer=renderer)["many"].legend_tag(attrs={"id": '"x'}))
    # A legend names no field (no `for`): no attributes at all, with or without ids.
    for auto_id in ("f_%s", False):
        both(lambda r, a=auto_id: Everything(auto_id=a, renderer=r)["many"].legend_tag())
        both(lambda r, a=auto_id: Everything(auto_id=a, renderer=r)["name"].label_tag())


class Fieldsets(forms.Form):
    """Fields shown in a fieldset with a legend (radio buttons, boxes to tick), with and
    without a label or help, and a hidden field whose error goes to the form's summary."""

    pick = forms.ChoiceField(
        widget=forms.RadioSelect,
        choices=[("a", "Avec <chevrons>"), ("b", "B & co")],
        help_text=mark_safe('Voir <a href="/aide/">l’aide</a>'),
    )
    boxes = forms.MultipleChoiceField(
        widget=forms.CheckboxSelectMultiple, choices=[("x", "X")], label="", required=False
    )
    quiet = forms.BooleanField(label="", required=False, help_text="Sans étiquette")
    secret = forms.CharField(widget=forms.HiddenInput)

    def clean(self):
        raise forms.ValidationError("Tout le formulaire <refusé>")


@pytest.mark.parametrize("data", [None, {}, {"pick": "z", "secret": ""}, {"pick": "a"}])
@pytest.mark.parametrize("auto_id", ["g_%s", False])
def test_fieldsets_legends_and_the_error_summary_are_the_same_bytes(data, auto_id):
    html = both(lambda renderer: str(Fieldsets(data, renderer=renderer, auto_id=auto_id)))
    if data is not None:
        assert 'class="form-errors" role="alert"' in html
        assert "Tout le formulaire &lt;refusé&gt;" in html
    # Each field alone, as a template would show it (`{{ form.pick.as_field_group }}`).
    for name in ("pick", "boxes", "quiet"):
        both(lambda r, n=name: Fieldsets(data, renderer=r, auto_id=auto_id)[n].as_field_group())


def test_the_project_form_templates_are_the_ones_written_in_python():
    """Python writes these two templates of the project; the tests above compare both ways
    with the templates as they are, so a change to a template alone fails them."""
    from django.template import engines

    assert set(PROJECT_RENDERERS) == {FORM_TEMPLATE, FIELD_TEMPLATE}
    assert LaboFormRenderer.form_template_name == FORM_TEMPLATE
    assert LaboFormRenderer.field_template_name == FIELD_TEMPLATE
    for name in PROJECT_RENDERERS:
        origin = engines["django"].get_template(name).origin.name
        assert origin.endswith(f"/templates/{name}"), origin


def test_error_lists_are_the_same_bytes():
    for errors in ([], ["Un seul"], ['<script>"x"</script>', mark_safe("<b>sûr</b>")]):
        for field_id in (None, "id_f", '"><x'):
            error_list = ErrorList(errors, field_id=field_id)
            both(lambda renderer, error_list=error_list: error_list.render(renderer=renderer))
            error_list = ErrorList(errors, error_class="nonfield")
            both(lambda renderer, error_list=error_list: error_list.render(renderer=renderer))


def test_every_template_rendered_in_python_is_one_django_gives_and_nobody_overrides():
    """If the project ever overrides one of these templates, Python would ignore it: fail."""
    from django.template import engines

    engine = engines["django"]
    for name in RENDERERS:
        origin = engine.get_template(name).origin.name
        assert "/site-packages/django/forms/templates/" in origin, origin


@pytest.mark.django_db
def test_the_forms_of_the_platform_are_the_same_bytes(demo):
    from events.forms import RegistrationForm
    from events.models import EventPage
    from forum.forms import ReplyForm, ThreadForm
    from projects.applications.forms import ApplicationDetailsForm

    event = EventPage.objects.live().first()
    cases = [
        lambda r: ReplyForm(renderer=r, auto_id="reply_%s"),
        lambda r: ReplyForm({"text": "<b>x</b>"}, renderer=r),
        lambda r: ThreadForm(renderer=r),
        lambda r: ApplicationDetailsForm(
            {"cress_referent": "x", "amount_requested": "-1"}, renderer=r
        ),
        lambda r: RegistrationForm(event=event, renderer=r),
    ]
    # Each form instance has its own one-time token (a UUID): the rest must be the same.
    token = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
    for make in cases:
        form = make(LaboFormRenderer())
        form.is_bound and form.is_valid()
        other = make(TemplatesOnly())
        other.is_bound and other.is_valid()
        assert token.sub("T", str(form)) == token.sub("T", str(other))
        assert "<input" in str(form)
