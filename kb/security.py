"""The Content-Security-Policy: strict on the public site, relaxed only where Wagtail needs it.

The public site runs no inline script or style (its JavaScript and CSS are static files), so
its policy (`settings.CONTENT_SECURITY_POLICY`) allows scripts and styles from our own origin
only. Wagtail 8's admin still writes inline `<script>` elements (InlinePanel, which the
practice editor uses for attachments; the date and time widgets; wagtail-localize's
translation editor) and inline `style` attributes, so under `/admin/` the policy also allows
inline scripts and styles, images from `data:`/`blob:` (upload previews) and Gravatar
(Wagtail's default avatars), and framing by our own origin (the live preview panel).
"""

from csp.constants import NONE, SELF, UNSAFE_INLINE
from csp.middleware import CSPMiddleware

ADMIN_PATH_PREFIX = "/admin/"

PUBLIC_DIRECTIVES = {
    "default-src": [SELF],
    "script-src": [SELF],
    "style-src": [SELF],
    "img-src": [SELF, "data:"],
    # Embed blocks (videos) are iframes from the oEmbed providers' HTTPS origins.
    "frame-src": [SELF, "https:"],
    "connect-src": [SELF],
    "font-src": [SELF],
    "object-src": [NONE],
    "base-uri": [SELF],
    "form-action": [SELF],
    "frame-ancestors": [NONE],
}

ADMIN_DIRECTIVES = {
    "script-src": [SELF, UNSAFE_INLINE],
    "style-src": [SELF, UNSAFE_INLINE],
    "img-src": [SELF, "data:", "blob:", "https://www.gravatar.com"],
    "frame-ancestors": [SELF],
}


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp's middleware, with the admin's relaxations under `/admin/`."""

    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only=report_only)
        if request.path_info.startswith(ADMIN_PATH_PREFIX) and parts.replace is None:
            parts.replace = ADMIN_DIRECTIVES
        return parts
