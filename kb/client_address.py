"""The client's address, as far as the trusted proxies in front of the site vouch for it.

Behind a reverse proxy every request comes from the proxy's address; the proxy appends the
address it received the request from to `X-Forwarded-For`. With `TRUSTED_PROXY_COUNT` = N
(0 in development, 1 behind docker-compose's proxy), the client is the Nth address from the
right of that header: whatever a client writes into the header itself stands further left
and is never read. Without N trusted entries the request did not pass the proxies, and its
own peer address is all there is.

`client_address(request)` is the one place that decides: django-ratelimit
(`RATELIMIT_IP_META_KEY`), django-axes (`AXES_CLIENT_IP_CALLABLE`), the API's rate limit
and the logs (`ClientAddressMiddleware` with `ClientAddressLogFilter`) all ask it.
"""

import contextvars
import ipaddress
import logging

from django.conf import settings

current_client_address = contextvars.ContextVar("current_client_address", default="-")


def client_address(request):
    """The client's IP address: REMOTE_ADDR, or the Nth from the right of X-Forwarded-For."""
    peer = request.META.get("REMOTE_ADDR", "")
    count = settings.TRUSTED_PROXY_COUNT
    if count <= 0:
        return peer
    forwarded = [item.strip() for item in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    if len(forwarded) < count:
        return peer
    candidate = forwarded[-count]
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        return peer


class ClientAddressMiddleware:
    """Makes the request's client address known to every log line written while serving it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = current_client_address.set(client_address(request))
        try:
            return self.get_response(request)
        finally:
            current_client_address.reset(token)


class ClientAddressLogFilter(logging.Filter):
    """Adds `client_address` to each log record ("-" outside a request)."""

    def filter(self, record):
        record.client_address = current_client_address.get()
        return True
