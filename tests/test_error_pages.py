"""The site's own 404 and 500 pages, in the visitor's language, with the way back."""

import pytest
from django.test import override_settings

pytestmark = pytest.mark.django_db

NOT_FOUND = {"en": "Page not found", "fr": "Page introuvable", "de": "Seite nicht gefunden",
             "it": "Pagina non trovata", "es": "Página no encontrada"}


@pytest.mark.parametrize("language", sorted(NOT_FOUND))
def test_a_missing_page_answers_the_branded_404_in_the_language_of_its_address(
    client, language
):
    response = client.get(f"/{language}/practices/no-such-practice/")
    content = response.content.decode()
    assert response.status_code == 404
    assert NOT_FOUND[language] in content
    assert f'<html lang="{language}">' in content
    assert f'href="/{language}/search/"' in content


def test_an_address_without_a_language_answers_in_the_browser_language(client):
    response = client.get("/documents/999999/missing.pdf", HTTP_ACCEPT_LANGUAGE="it")
    assert response.status_code == 404
    assert NOT_FOUND["it"] in response.content.decode()


@override_settings(ROOT_URLCONF="tests.error_urls")
@pytest.mark.parametrize("language, text", [
    ("en", "Something went wrong"), ("fr", "Une erreur s'est produite"),
    ("de", "Etwas ist schiefgelaufen"),
])
def test_a_failing_page_answers_the_branded_500_in_the_visitor_language(
    client, language, text
):
    client.raise_request_exception = False
    response = client.get(f"/{language}/failing-page/")
    content = response.content.decode()
    assert response.status_code == 500
    assert text in content
    assert f'<html lang="{language}">' in content
    assert "RuntimeError" not in content
