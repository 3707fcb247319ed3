"""Markup an attacker sends, and the check that a response gave none of it back live."""

import re

SCRIPT = "<script>alert(1)</script>"
IMAGE = "<img src=x onerror=alert(1)>"
SVG = '"><svg onload=alert(1)>'
JAVASCRIPT_URL = "javascript:alert(1)"
PAYLOADS = [SCRIPT, IMAGE, SVG]
ALL_PAYLOADS = " ".join([*PAYLOADS, JAVASCRIPT_URL])

# What a browser would run: an element we sent, unescaped (an event handler is live only
# inside one), or a javascript: URL in a link.
LIVE_MARKUP = re.compile(
    r"<script>alert|<img src=x|<svg onload|href\s*=\s*[\"']?\s*javascript:", re.IGNORECASE
)


def live_markup(html):
    """The injected markup found live in `html`, or None."""
    found = LIVE_MARKUP.search(html)
    return html[max(0, found.start() - 80): found.end() + 80] if found else None
