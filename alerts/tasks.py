"""Celery jobs of the alerts: beat queues the digests that are due, each sent by a job of
its own, retried when the mail server cannot be reached.

An alert is due once its period (a day, a week) has passed since the window of its last
digest closed. The job re-reads the alert and checks again that it is due, so a repeated
job sends nothing: at most one mail per alert per period, and none when nothing is new.
Unconfirmed alerts are deleted after UNCONFIRMED_DAYS.
"""

import smtplib
from datetime import timedelta

from celery import shared_task
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from .emails import send_digest
from .models import Alert
from .searches import digest_window_end, new_practices

UNCONFIRMED_DAYS = 7
MAIL_ERRORS = (smtplib.SMTPException, OSError)


def due_alerts(now):
    return [
        alert for alert in Alert.objects.filter(confirmed_at__isnull=False)
        if alert.checked_until + alert.period <= now
    ]


@shared_task(acks_late=True)
def queue_alert_digests():
    """Queue the digest of every alert that is due; forget the unconfirmed old ones."""
    Alert.objects.filter(
        confirmed_at__isnull=True,
        created_at__lt=timezone.now() - timedelta(days=UNCONFIRMED_DAYS),
    ).delete()
    due = due_alerts(digest_window_end())
    for alert in due:
        send_alert_digest.delay(alert.pk)
    return len(due)


@shared_task(autoretry_for=MAIL_ERRORS, retry_backoff=60, retry_jitter=True, max_retries=8,
             acks_late=True)
def send_alert_digest(alert_id):
    """Mail the alert the practices published since its last digest, if any."""
    until = digest_window_end()
    with transaction.atomic():
        alert = Alert.objects.select_for_update().filter(
            pk=alert_id, confirmed_at__isnull=False).first()
        if alert is None or alert.checked_until + alert.period > until:
            return 0
        practices = new_practices(alert, until)
        if practices:
            send_digest(alert, practices)  # an error rolls back: the window stays open
        Alert.objects.filter(pk=alert.pk).update(
            checked_until=until,
            last_sent_at=timezone.now() if practices else F("last_sent_at"),
        )
    return len(practices)
