"""Django's smallest form templates rendered in Python, to the byte: inputs, text areas, selects
and their options, labels and error lists.

Each field of a form goes through four to six of these templates (the widget, its attributes,
the label, the errors, each option of a select), and each costs a template lookup, a context
and an include: a form field cost about 0.5 ms, the reply form of the forum 0.9 ms and the
staff's application page 10 ms of forms. They are Django's own templates, which this project
does not override; tests/labo/core/test_form_html.py renders every one of them both ways, with
hostile values, and fails on the first character that differs.

The project's own form and field templates (templates/components/forms/) are written here too,
to the byte: the same test renders every kind of field, whole forms with and without errors
and the platform's forms both ways, with the templates as they are, so that a change to either
fails it. Anything else (radio buttons, file inputs with their current file, a form with a
template of its own) is rendered by the template engine as before
(`labo.core.forms.LaboFormRenderer`).
"""

from django.template import Context
from django.template.base import render_value_in_context
from django.template.defaultfilters import stringformat
from django.utils.safestring import SafeData, mark_safe
from django.utils.translation import gettext

WIDGETS = "django/forms/widgets/"
OPTION_TEMPLATE = WIDGETS + "select_option.html"


# What `{{ value }}` does in an autoescaping template: Django's own function, with a context
# that only says to escape (it is read, never written).
_TEMPLATE_CONTEXT = Context(autoescape=True)


def _shown(value) -> str:
    """`{{ value }}` in an autoescaping template."""
    return render_value_in_context(value, _TEMPLATE_CONTEXT)


def _formatted(value) -> str:
    """`{{ value|stringformat:'s' }}`: the filter (Django's own) keeps a safe value safe."""
    text = stringformat(value, "s")
    return _shown(mark_safe(text) if isinstance(value, SafeData) else text)  # noqa: S308  # nosec


def _attrs(attrs: dict | None) -> str:
    """django/forms/widgets/attrs.html and django/forms/attrs.html (no attributes: None, as a
    legend without an id has)."""
    parts = []
    for name, value in (attrs or {}).items():
        if value is False:
            continue
        parts.append(
            f" {_shown(name)}" if value is True else f' {_shown(name)}="{_formatted(value)}"'
        )
    return "".join(parts)


def _input(context: dict) -> str:
    widget = context["widget"]
    value = widget["value"]
    shown_value = f' value="{_formatted(value)}"' if value != None else ""  # noqa: E711 (as the template compares)
    return (
        f'<input type="{_shown(widget["type"])}" name="{_shown(widget["name"])}"'
        f"{shown_value}{_attrs(widget['attrs'])}>\n"
    )


def _textarea(context: dict) -> str:
    widget = context["widget"]
    value = _shown(widget["value"]) if widget["value"] else ""
    return (
        f'<textarea name="{_shown(widget["name"])}"{_attrs(widget["attrs"])}>\n{value}</textarea>\n'
    )


def _option(option: dict) -> str:
    return (
        f'<option value="{_formatted(option["value"])}"{_attrs(option["attrs"])}>'
        f"{_shown(option['label'])}</option>\n"
    )


def _select(context: dict) -> str | None:
    widget = context["widget"]
    parts = [f'<select name="{_shown(widget["name"])}"{_attrs(widget["attrs"])}>']
    for group_name, group_choices, _index in widget["optgroups"]:
        if group_name:
            parts.append(f'\n  <optgroup label="{_shown(group_name)}">')
        for option in group_choices:
            if option["template_name"] != OPTION_TEMPLATE:
                return None  # a widget of its own kind of option: the template engine's work
            parts.append("\n  " + _option(option))
        if group_name:
            parts.append("\n  </optgroup>")
    parts.append("\n</select>\n")
    return "".join(parts)


def _label(context: dict) -> str:
    label = _shown(context["label"])
    if not context["use_tag"]:
        return label + "\n"
    tag = _shown(context["tag"])
    return f"<{tag}{_attrs(context['attrs'])}>{label}</{tag}>\n"


def _error_list(context: dict) -> str:
    errors = context["errors"]
    if not errors:
        return ""
    field_id = getattr(errors, "field_id", None)
    identifier = f' id="{_shown(field_id)}_error"' if field_id else ""
    items = "".join(f"<li>{_shown(error)}</li>" for error in errors)
    return f'<ul class="{_shown(context["error_class"])}"{identifier}>{items}</ul>'


# The project's templates (labo.core.forms.LaboFormRenderer's form and field templates).
FORM_TEMPLATE = "components/forms/form.html"
FIELD_TEMPLATE = "components/forms/field.html"


def _help_text(field) -> str:
    # `{{ field.help_text|safe }}`: help texts come from the forms' code, never from users.
    if not field.help_text:
        return ""
    return f'<span class="helptext" id="{_shown(field.auto_id)}_helptext">{field.help_text}</span>'


def _field(context: dict) -> str:
    """components/forms/field.html."""
    field = context["field"]
    if field.widget_type == "checkbox":
        return (
            f'<div class="form-field form-field--checkbox">\n  {_shown(field)}\n  <div>\n'
            f"    {_shown(field.label_tag())}\n    {_help_text(field)}\n"
            f"    {_shown(field.errors)}\n  </div>\n</div>\n"
        )
    if field.use_fieldset:
        described = field.aria_describedby
        opening = f' aria-describedby="{_shown(described)}"' if described else ""
        heading = f"<fieldset{opening}>{_shown(field.legend_tag()) if field.label else ''}"
        closing = "</fieldset>"
    else:
        heading = _shown(field.label_tag()) if field.label else ""
        closing = ""
    return (
        f'<div class="form-field">\n  {heading}\n  {_help_text(field)}\n'
        f"  {_shown(field.errors)}\n  {_shown(field)}\n  {closing}\n</div>\n"
    )


def _form(context: dict) -> str:
    """components/forms/form.html."""
    errors = context["errors"]
    summary = ""
    if errors:
        # Not escaped, as the template's `{% translate "…" %}` of a literal: our own text.
        message = gettext(
            "Le formulaire n'a pas pu être enregistré : corrigez les champs signalés ci-dessous."
        )
        summary = (
            f'<div class="form-errors" role="alert">\n  <p><strong>{message}</strong>'
            f"</p>\n  {_shown(errors)}\n</div>"
        )
    fields = "".join(_shown(field.as_field_group()) for field, _errors in context["fields"])
    hidden = "".join(_shown(field) for field in context["hidden_fields"])
    return f"{summary}\n{fields}\n{hidden}\n"


RENDERERS = {
    WIDGETS + "input.html": _input,
    # Each only `{% include "django/forms/widgets/input.html" %}` (and a newline, stripped).
    **{
        f"{WIDGETS}{kind}.html": _input
        for kind in (
            "text",
            "email",
            "url",
            "number",
            "password",
            "hidden",
            "search",
            "tel",
            "date",
            "datetime",
            "time",
            "color",
            "checkbox",
        )
    },
    WIDGETS + "textarea.html": _textarea,
    WIDGETS + "select.html": _select,
    "django/forms/label.html": _label,
    "django/forms/errors/list/default.html": _error_list,
    "django/forms/errors/list/ul.html": _error_list,
}
PROJECT_RENDERERS = {FORM_TEMPLATE: _form, FIELD_TEMPLATE: _field}


def render_in_python(template_name: str, context: dict) -> str | None:
    """The HTML of `template_name` with `context`, or None when it is not one of these."""
    renderer = RENDERERS.get(template_name) or PROJECT_RENDERERS.get(template_name)
    if renderer is None:
        return None
    html = renderer(context)
    # Stripped, as Django's renderers strip what a template gives; escaped above.
    return None if html is None else mark_safe(html.strip())  # noqa: S308  # nosec
