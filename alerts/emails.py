"""The alert's mails, in the language of the page the alert was made on: the confirmation,
and the digests, each with a one-click unsubscribe link and `List-Unsubscribe` headers
(RFC 2369, and RFC 8058's one-click POST)."""

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from .searches import describe, search_url


def absolute(path):
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


def alert_links(alert):
    with translation.override(alert.language):
        return {
            "confirm_url": absolute(reverse("alert_confirm", args=[alert.token])),
            "unsubscribe_url": absolute(reverse("alert_unsubscribe", args=[alert.token])),
            "search_url": absolute(search_url(alert.search, alert.language)),
        }


def send(alert, template, context):
    links = alert_links(alert)
    with translation.override(alert.language):
        context = {**context, **links, "alert": alert,
                   "base_url": settings.WAGTAILADMIN_BASE_URL.rstrip("/"),
                   "search_description": describe(alert.search, alert.language)}
        subject = render_to_string(f"alerts/emails/{template}_subject.txt", context)
        body = render_to_string(f"alerts/emails/{template}.txt", context)
    EmailMessage(
        " ".join(subject.split()), body, to=[alert.email],
        headers={
            "List-Unsubscribe": f"<{links['unsubscribe_url']}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            "Content-Language": alert.language,
        },
    ).send()


def send_confirmation(alert):
    send(alert, "confirmation", {})


def send_digest(alert, practices):
    send(alert, "digest", {"practices": practices})
