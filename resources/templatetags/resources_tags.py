from django import template

register = template.Library()

# One pictogram per resource type, beside its name (decorative: the name says it all).
TYPE_ICONS = {
    "guide": "📘",
    "fiche-pratique": "📄",
    "modele": "📝",
    "etude": "📊",
    "temoignage": "💬",
    "video": "🎬",
    "outil": "🧰",
    "lien": "🔗",
}


@register.simple_tag
def resource_type_icon(resource_type: str) -> str:
    return TYPE_ICONS.get(resource_type, "📄")
