"""Content-Security-Policy (django-csp): a strict policy with nonces for the site — no inline
script, no inline style, nothing framed or framing — and a looser one for the Wagtail admin,
whose editor still needs inline scripts and styles."""

from csp.middleware import CSPMiddleware, PolicyParts
from django.conf import settings

ADMIN_PREFIXES = ("/admin/", "/documents/")


class LaboCSPMiddleware(CSPMiddleware):
    def get_policy_parts(self, request, response, report_only=False) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only)
        if not report_only and request.path_info.startswith(ADMIN_PREFIXES):
            parts.config = settings.ADMIN_CONTENT_SECURITY_POLICY["DIRECTIVES"]
            parts.nonce = None  # a nonce would switch 'unsafe-inline' off
        return parts
