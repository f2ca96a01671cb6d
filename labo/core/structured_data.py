"""schema.org descriptions (JSON-LD) written into pages for search engines."""

import json

from django.utils.html import format_html
from django.utils.safestring import mark_safe

_JSON_SCRIPT_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


def json_ld_script(data: dict) -> str:
    # The same escaping as Django's json_script: no "<", ">" or "&" can end the script early,
    # so the JSON is safe inside the tag (and stays valid JSON, which HTML-escaping would break).
    payload = json.dumps(data, ensure_ascii=False).translate(_JSON_SCRIPT_ESCAPES)
    # Reviewed: the JSON is escaped for a script element (above).
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(payload))  # noqa: S308  # nosec
