from django import template

from labo.addresses import absolute_url
from labo.core.structured_data import json_ld_script
from projects.forms import ContactForm

register = template.Library()


@register.simple_tag
def project_contact_form():
    return ContactForm(auto_id="contact_%s")


@register.simple_tag(takes_context=True)
def project_json_ld(context, page):
    """schema.org description of a published project (public fields only)."""
    request = context["request"]
    path = page.get_url(request)  # with the request: its root paths, no query
    data = {
        "@context": "https://schema.org",
        "@type": "Project",
        "name": page.title,
        "description": page.summary,
        "url": absolute_url(path),
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
    return json_ld_script(data)
