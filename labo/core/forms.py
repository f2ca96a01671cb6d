from django import forms
from django.forms.renderers import TemplatesSetting


class LaboFormRenderer(TemplatesSetting):
    """Every form on the site: label, help text, errors tied to the field (aria-describedby,
    set by Django), the typed value kept on error."""

    form_template_name = "components/forms/form.html"
    field_template_name = "components/forms/field.html"


def unbound_state(form) -> tuple | None:
    """Everything an unbound form's HTML is made of, or None when it cannot be told from the
    form alone (a bound form shows what was typed and its errors; a queryset's choices are
    read from the database). Two unbound forms with the same state render the same HTML, so
    it can be rendered once (`{% unbound_form %}`, labo_tags). A form's `fresh_fields` have a
    new value each time it is shown (a one-time token): they are left out of the state and
    their values put into the HTML afterwards."""
    if form.is_bound:
        return None
    fresh = getattr(form, "fresh_fields", ())
    state = [type(form).__module__, type(form).__qualname__, form.prefix, form.auto_id]
    for name, field in form.fields.items():
        if isinstance(field, forms.ModelChoiceField):
            return None
        if name in fresh:
            state.append((name, "fresh"))
            continue
        if callable(field.initial) or callable(form.initial.get(name)):
            return None  # a new value each time, and not declared fresh: never stored
        state.append(
            (
                name,
                type(field).__name__,
                type(field.widget).__name__,
                str(field.label),
                str(field.help_text),
                field.required,
                field.disabled,
                sorted((str(k), str(v)) for k, v in field.widget.attrs.items()),
                [(str(value), str(label)) for value, label in getattr(field, "choices", ())],
                str(form.get_initial_for_field(field, name)),
            )
        )
    return tuple(state)


# Choices of database rows ------------------------------------------------------------------------

LARGEST_ID = 2**63 - 1


def database_id(value) -> int | None:
    """An id read from a request, or None when it cannot be one: not a decimal number, or too
    large for the database (SQLite raises an error on integers above 2**63 instead of finding
    no row)."""
    text = str(value or "").strip()
    if not text.isdecimal() or len(text) > 19:
        return None
    number = int(text)
    return number if 0 < number <= LARGEST_ID else None


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
