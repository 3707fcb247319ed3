"""The secretariat's reports: their CSV and XLSX exports hold what the database holds, and only
editors may read them."""

import csv
import io

import openpyxl
import pytest
from django.test import Client
from wagtail.models import Locale
from wagtail_localize.models import TranslationSource

from practices.factories import (
    OrganisationPageFactory,
    PartnerUserFactory,
    PracticePageFactory,
    SecretariatUserFactory,
)
from practices.models import PathwayStage, Theme
from translation.models import State, TranslationState

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor_client():
    client = Client()
    client.force_login(SecretariatUserFactory())
    return client


@pytest.fixture
def practices():
    alpha = OrganisationPageFactory(title="Alpha Inclusion")
    beta = OrganisationPageFactory(title="Beta Works")
    integration = Theme.objects.get(slug="integration")
    training = PathwayStage.objects.get(slug="training")
    return [
        PracticePageFactory(organisation=alpha, countries=["FR", "BE"], themes=[integration],
                            pathway_stages=[training]),
        PracticePageFactory(organisation=alpha, countries=["FR"], live=False,
                            themes=[integration]),
        PracticePageFactory(organisation=beta, countries=["IT"], pathway_stages=[training]),
        PracticePageFactory(organisation=beta, live=False),
    ]


def body(response):
    assert response.status_code == 200
    return b"".join(response.streaming_content)


def csv_rows(response):
    assert response["Content-Type"].startswith("text/csv")
    return list(csv.reader(io.StringIO(body(response).decode("utf-8-sig"))))


def test_practices_by_country_csv_matches_the_database(editor_client, practices):
    rows = csv_rows(editor_client.get("/admin/kb-reports/practices/",
                                      {"dimension": "country", "export": "csv"}))
    assert rows[0] == ["Country", "Live", "Draft", "Total"]
    assert sorted(rows[1:]) == sorted([
        ["France", "1", "1", "2"], ["Belgium", "1", "0", "1"], ["Italy", "1", "0", "1"],
        ["(none)", "0", "1", "1"],
    ])


def test_practices_by_theme_organisation_and_stage(editor_client, practices):
    by = {}
    for dimension in ["theme", "organisation", "pathway_stage"]:
        response = editor_client.get("/admin/kb-reports/practices/",
                                     {"dimension": dimension, "export": "csv"})
        by[dimension] = {row[0]: row[1:] for row in csv_rows(response)[1:]}
    integration = Theme.objects.get(slug="integration").default_label
    training = PathwayStage.objects.get(slug="training").label
    assert by["theme"] == {integration: ["1", "1", "2"], "(none)": ["1", "1", "2"]}
    assert by["organisation"] == {"Alpha Inclusion": ["1", "1", "2"],
                                  "Beta Works": ["1", "1", "2"]}
    assert by["pathway_stage"] == {training: ["2", "0", "2"], "(none)": ["0", "2", "2"]}


def test_practices_report_exports_xlsx(editor_client, practices):
    response = editor_client.get("/admin/kb-reports/practices/",
                                 {"dimension": "organisation", "export": "xlsx"})
    sheet = openpyxl.load_workbook(io.BytesIO(body(response))).active
    rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert rows[0] == ["Organisation", "Live", "Draft", "Total"]
    assert sorted(rows[1:]) == [["Alpha Inclusion", 1, 1, 2], ["Beta Works", 1, 1, 2]]


def test_translation_states_list_every_practice_per_locale(editor_client, practices):
    original = practices[0]
    TranslationSource.get_or_create_from_instance(original)
    french = Locale.objects.get(language_code="fr")
    original.copy_for_translation(french).save_revision().publish()
    for code, state in [("fr", State.REVIEWED), ("it", State.MACHINE), ("es", State.FAILED),
                        ("de", State.OUTDATED)]:
        TranslationState.objects.update_or_create(
            translation_key=original.translation_key,
            locale=Locale.objects.get(language_code=code), defaults={"state": state},
        )
    rows = csv_rows(editor_client.get("/admin/kb-reports/translations/", {"export": "csv"}))
    header = rows[0]
    assert header[:3] == ["Practice", "Organisation", "Language of the original"]
    by_title = {row[0]: dict(zip(header, row, strict=True)) for row in rows[1:]}
    assert set(by_title) == {practice.title for practice in practices}
    name = {locale.language_code: locale.get_display_name() for locale in Locale.objects.all()}
    states = by_title[original.title]
    assert states["Organisation"] == "Alpha Inclusion"
    assert [states[name[code]] for code in ["en", "fr", "it", "es", "de"]] == [
        "original", "reviewed", "machine translation", "failed", "outdated"]
    assert by_title[practices[1].title][name["fr"]] == "missing"


def test_translation_states_filter_by_locale_and_state(editor_client, practices):
    TranslationState.objects.update_or_create(
        translation_key=practices[2].translation_key,
        locale=Locale.objects.get(language_code="it"), defaults={"state": State.FAILED},
    )
    response = editor_client.get("/admin/kb-reports/translations/",
                                 {"locale": "it", "state": "failed", "export": "csv"})
    assert [row[0] for row in csv_rows(response)[1:]] == [practices[2].title]


def test_the_reports_render_for_editors_and_refuse_partners(editor_client, practices):
    for url in ["/admin/kb-reports/practices/?dimension=theme", "/admin/kb-reports/translations/"]:
        html = editor_client.get(url).content.decode()
        assert "export=csv" in html and "export=xlsx" in html
    html = editor_client.get("/admin/kb-reports/practices/?dimension=organisation").content
    assert b"Alpha Inclusion" in html and b"Beta Works" in html
    partner = Client()
    partner.force_login(PartnerUserFactory())
    response = partner.get("/admin/kb-reports/practices/?export=csv")
    assert response.status_code in (302, 403)
    assert not response.get("Content-Type", "").startswith("text/csv")
    assert "kb-reports" not in partner.get("/admin/").content.decode()
    assert "kb-reports/practices" in editor_client.get("/admin/").content.decode()
