from django.forms.renderers import TemplatesSetting


class LaboFormRenderer(TemplatesSetting):
    """Every form on the site: label, help text, errors tied to the field (aria-describedby,
    set by Django), the typed value kept on error."""

    form_template_name = "components/forms/form.html"
    field_template_name = "components/forms/field.html"
