"""A visitor's saved search: an address told of new practices matching a search.

Nothing is sent to an address but the confirmation until its link is followed (double
opt-in); unsubscribing deletes the row, address and all. `token` is the secret of the
confirmation and unsubscribe links: whoever holds a mail holds it, and nobody else.
"""

import secrets
from datetime import timedelta

from django.db import models
from django.utils.translation import gettext_lazy as _


def new_token():
    return secrets.token_urlsafe(32)


class Alert(models.Model):
    class Frequency(models.TextChoices):
        DAILY = "daily", _("Daily")
        WEEKLY = "weekly", _("Weekly")

    PERIODS = {Frequency.DAILY: timedelta(days=1), Frequency.WEEKLY: timedelta(days=7)}

    email = models.EmailField(_("e-mail address"))
    search = models.CharField(_("search"), max_length=2000, blank=True)  # a query string
    language = models.CharField(_("language"), max_length=8)
    frequency = models.CharField(
        _("frequency"), max_length=6, choices=Frequency.choices, default=Frequency.WEEKLY
    )
    token = models.CharField(max_length=64, unique=True, default=new_token, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    # Practices published after this moment are new to the alert; moved on at each digest.
    checked_until = models.DateTimeField(null=True, blank=True)
    last_sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("e-mail alert")
        indexes = [models.Index(fields=["confirmed_at", "checked_until"])]

    def __str__(self):
        return f"{self.search or '(everything)'} [{self.language}, {self.frequency}]"

    @property
    def period(self):
        return self.PERIODS[self.frequency]
