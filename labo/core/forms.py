from django import forms
from django.core.exceptions import ValidationError
from django.forms.renderers import TemplatesSetting
from django.utils.translation import gettext_lazy as _

from labo.core.form_html import render_in_python
from labo.ids import LARGEST_ID


class LaboFormRenderer(TemplatesSetting):
    """Every form on the site: label, help text, errors tied to the field (aria-describedby,
    set by Django), the typed value kept on error. These two templates and Django's own widget,
    label and error templates are rendered in Python, to the same bytes (labo.core.form_html)."""

    form_template_name = "components/forms/form.html"
    field_template_name = "components/forms/field.html"

    def render(self, template_name, context, request=None):
        html = render_in_python(template_name, context)
        if html is None:
            return super().render(template_name, context, request=request)
        return html


class DateTimeLocalInput(forms.DateTimeInput):
    """The browser's date and time picker (`<input type="datetime-local">`), which sends and
    shows `2026-12-16T18:30` (read by DateTimeField as ISO 8601)."""

    input_type = "datetime-local"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%dT%H:%M")


class HoneypotForm(forms.Form):
    """A field people leave empty and robots, which fill in every field, do not: a form that
    comes back with it filled is refused (`honeypot_refusal`). Hidden by the `honeypot` class,
    out of the tab order; put last (`field_order` or the form's own order)."""

    honeypot_refusal = _("Votre message n'a pas pu être envoyé.")

    website = forms.CharField(
        required=False,
        label=_("Ne pas remplir ce champ"),
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "tabindex": "-1", "class": "honeypot"}
        ),
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("website"):
            raise ValidationError(self.honeypot_refusal, code="honeypot")
        return cleaned


# Choices of database rows ------------------------------------------------------------------------


def _implausible_id(value) -> bool:
    text = str(value).strip()
    return text.isdecimal() and int(text) > LARGEST_ID


class ModelChoiceField(forms.ModelChoiceField):
    """Django's, with an id too large for the database refused as an invalid choice: SQLite
    (the embedded default) raises an error on integers above 2**63 instead of finding none."""

    def to_python(self, value):
        if value not in self.empty_values and _implausible_id(value):
            raise forms.ValidationError(
                self.error_messages["invalid_choice"], code="invalid_choice"
            )
        return super().to_python(value)


class ModelMultipleChoiceField(forms.ModelMultipleChoiceField):
    """Django's, with the same guard as `ModelChoiceField`."""

    def _check_values(self, value):
        for item in value or ():
            if _implausible_id(item):
                raise forms.ValidationError(
                    self.error_messages["invalid_pk_value"],
                    code="invalid_pk_value",
                    params={"pk": item},
                )
        return super()._check_values(value)
