"""The demo content, machine-translated through the real APY, shows no Apertium mark.

The demo content is loaded and some of its practices of each language are translated with
the jobs' own code (`translate_practices`, as the backfill runs it); then the home page of
every locale, every translated practice page and its organisation's page are rendered, and
their text (titles, summaries, bodies, the rest of the page) must not hold a word with `*`,
`#` or `@` that the demo data does not hold as written.
"""

import re
from html.parser import HTMLParser
from io import StringIO

import pytest
from django.core.management import call_command
from django.db.models import F
from django.utils import translation

from practices.demo.content import organisation_rows, practice_rows
from practices.models import PracticePage

pytestmark = pytest.mark.django_db

LOCALES = ["en", "fr", "it", "es", "de"]
TRANSLATED = ["en", "fr", "it", "es"]  # Apertium has no German
PER_LANGUAGE = 2
# "School *serale for adults", "Company of insertion of ecological #cleansing" on /en/.
SHOWED_MARKS = ["demo-it-04", "demo-es-03"]
# Words holding a mark character: "*serale", "#cleansing", "2021#-2027", "info@example.org".
MARKED_WORD = re.compile(r"\S*[*#@]\S*")


class PageText(HTMLParser):
    """The text a reader sees: the data between tags, outside <script> and <style>."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts, self.hidden = [], 0

    def handle_starttag(self, tag, attrs):
        self.hidden += tag in ("script", "style")

    def handle_endtag(self, tag):
        self.hidden -= tag in ("script", "style")

    def handle_data(self, data):
        if not self.hidden:
            self.parts.append(data)


def page_text(client, url):
    # The request activates the language of its page: it must not outlive the request.
    with translation.override(None):
        response = client.get(url)
    assert response.status_code == 200, url
    parser = PageText()
    parser.feed(response.content.decode())
    return " ".join(parser.parts)


def marked_words(text):
    return set(MARKED_WORD.findall(text))


def words_as_written():
    """The marked words of the demo data as written: e-mail addresses, say."""
    texts = []
    for row in [*practice_rows(), *organisation_rows()]:
        for value in row.values():
            texts.extend(value if isinstance(value, list) else [value])
    return marked_words(" ".join(text for text in texts if isinstance(text, str)))


def translate_some_demo_practices():
    """The first practices of each language Apertium translates, and the two that showed marks.

    Translating all 31 takes about 45 s here, these about 15 s.
    """
    originals = PracticePage.objects.live().filter(source_id__startswith="demo-")
    chosen = set(SHOWED_MARKS)
    for language in TRANSLATED:
        ids = originals.filter(original_language=language).order_by("source_id")
        chosen.update(ids.values_list("source_id", flat=True)[:PER_LANGUAGE])
    for page in originals.filter(source_id__in=chosen):
        call_command(
            "translate_practices", "--practice", page.pk, stdout=StringIO(), stderr=StringIO()
        )
    return chosen


def test_no_apertium_mark_reaches_the_pages_of_any_locale(
    client, django_capture_on_commit_callbacks
):
    call_command("load_demo_content", stdout=StringIO(), stderr=StringIO())
    with django_capture_on_commit_callbacks(execute=True):
        chosen = translate_some_demo_practices()

    translations = PracticePage.objects.live().filter(source_id__in=chosen).exclude(
        locale__language_code=F("original_language")
    )
    assert set(translations.values_list("locale__language_code", flat=True)) == set(TRANSLATED)
    assert translations.count() == len(chosen) * (len(TRANSLATED) - 1)
    as_written = words_as_written()
    urls = [f"/{language}/" for language in LOCALES]
    for page in translations:
        urls += [page.url, page.get_parent().url]  # the organisation lists its practices
    urls = list(dict.fromkeys(urls))
    found = {url: marked_words(page_text(client, url)) - as_written for url in urls}
    assert not {url: words for url, words in found.items() if words}
