import json

from django import template
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from projects.forms import ContactForm

register = template.Library()

_JSON_SCRIPT_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


@register.simple_tag
def project_contact_form():
    return ContactForm(auto_id="contact_%s")


@register.simple_tag(takes_context=True)
def project_json_ld(context, page):
    """schema.org description of a published project (public fields only)."""
    request = context["request"]
    data = {
        "@context": "https://schema.org",
        "@type": "Project",
        "name": page.title,
        "description": page.summary,
        "url": request.build_absolute_uri(page.url) if page.url else "",
        "location": {
            "@type": "Place",
            "address": {
                "@type": "PostalAddress",
                "addressLocality": page.commune.name,
                "addressRegion": "Occitanie",
                "addressCountry": "FR",
            },
        },
    }
    point = page.map_point
    if point:
        data["location"]["geo"] = {
            "@type": "GeoCoordinates",
            "latitude": point[0],
            "longitude": point[1],
        }
    if page.website:
        data["sameAs"] = page.website
    # The same escaping as Django's json_script: no "<", ">" or "&" can end the script early,
    # so the JSON is safe inside the tag (and stays valid JSON, which HTML-escaping would break).
    payload = json.dumps(data, ensure_ascii=False).translate(_JSON_SCRIPT_ESCAPES)
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(payload))  # noqa: S308
