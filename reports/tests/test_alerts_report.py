"""Editors see how many active alerts each saved search has; only administrators see the
addresses."""

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.utils import timezone

from alerts.models import Alert
from practices.factories import SecretariatUserFactory

pytestmark = pytest.mark.django_db


def csv_text(client):
    response = client.get("/admin/kb-reports/alerts/", {"export": "csv"})
    assert response.status_code == 200
    return b"".join(response.streaming_content).decode("utf-8-sig")


def test_active_alerts_per_search_addresses_for_administrators_only():
    now = timezone.now()
    for email in ["ana@example.org", "ben@example.org"]:
        Alert.objects.create(email=email, search="theme=integration", language="en",
                             confirmed_at=now, checked_until=now)
    Alert.objects.create(email="unconfirmed@example.org", search="theme=integration",
                         language="en")
    editor = Client()
    editor.force_login(SecretariatUserFactory())
    text = csv_text(editor)
    assert text.splitlines() == ["Search,Language,Active alerts", "theme=integration,en,2"]
    assert "@" not in text
    admin = Client()
    admin.force_login(get_user_model().objects.create_superuser("root", "root@example.org", "x"))
    assert csv_text(admin).splitlines()[1] == (
        'theme=integration,en,2,"ana@example.org, ben@example.org"')
