"""The Atom and RSS feeds, parsed as XML and checked against the database."""

from xml.etree import ElementTree

from practices.models import OrganisationPage, PracticePage, Theme
from search.tests.search_corpus import IndexedCorpusTestCase

ATOM = "{http://www.w3.org/2005/Atom}"


def atom_entries(response):
    root = ElementTree.fromstring(response.content)
    assert root.tag == f"{ATOM}feed"
    return root, root.findall(f"{ATOM}entry")


def entry_fields(entry):
    return {
        "title": entry.findtext(f"{ATOM}title"),
        "link": entry.find(f"{ATOM}link").get("href"),
        "updated": entry.findtext(f"{ATOM}updated"),
        "author": entry.findtext(f"{ATOM}author/{ATOM}name"),
        "summary": entry.findtext(f"{ATOM}summary"),
        "categories": sorted(category.get("term") for category in
                             entry.findall(f"{ATOM}category")),
    }


class FeedTests(IndexedCorpusTestCase):
    def live_practices(self):
        return PracticePage.objects.live().public()

    def assert_entries_are_the_live_practices(self, entries, practices):
        by_url = {f"http://testserver{practice.url}": practice for practice in practices}
        fields = [entry_fields(entry) for entry in entries]
        self.assertEqual({item["link"] for item in fields}, set(by_url))
        for item in fields:
            practice = by_url[item["link"]]
            self.assertEqual(item["title"], practice.title)
            self.assertEqual(item["summary"], practice.summary)
            self.assertEqual(item["author"], practice.get_parent().title)
            self.assertEqual(item["updated"], practice.last_published_at.isoformat())
            self.assertEqual(item["categories"], sorted(
                theme.label_in("en") for theme in practice.themes.all()))

    def test_the_atom_feed_is_every_live_practice_newest_first(self):
        response = self.client.get("/en/feeds/practices/")
        self.assertEqual(response.status_code, 200)
        self.assertTrue(response["Content-Type"].startswith("application/atom+xml"))
        root, entries = atom_entries(response)
        self.assertEqual(root.findtext(f"{ATOM}title"), "Good practices: the latest")
        self.assert_entries_are_the_live_practices(entries, self.live_practices())
        published = [PracticePage.objects.get(url_path__endswith=entry_fields(entry)["link"]
                     .split("/practices/", 1)[1]).first_published_at for entry in entries]
        self.assertEqual(published, sorted(published, reverse=True))

    def test_a_search_is_a_feed_and_rss_says_the_same(self):
        theme = Theme.objects.get(slug="integration")
        expected = self.live_practices().filter(theme_items__tag=theme)
        _root, entries = atom_entries(
            self.client.get("/en/feeds/practices/?theme=integration&page=3&utm_source=x"))
        self.assert_entries_are_the_live_practices(entries, expected)

        rss = ElementTree.fromstring(
            self.client.get("/en/feeds/practices/rss/?theme=integration").content)
        self.assertEqual(rss.tag, "rss")
        items = rss.findall("channel/item")
        self.assertEqual({item.findtext("link") for item in items},
                         {entry_fields(entry)["link"] for entry in entries})
        for item in items:
            self.assertIn(theme.label_in("en"),
                          [category.text for category in item.findall("category")])

    def test_a_bad_parameter_is_a_400(self):
        response = self.client.get("/en/feeds/practices/?year_from=someday")
        self.assertEqual(response.status_code, 400)
        self.assertIn("year_from", response.content.decode())

    def test_an_unpublished_practice_leaves_the_feed_at_once(self):
        practice = self.live_practices().order_by("-first_published_at").first()
        practice.unpublish()

        _root, entries = atom_entries(self.client.get("/en/feeds/practices/"))

        links = {entry_fields(entry)["link"] for entry in entries}
        self.assertNotIn(f"http://testserver{practice.url}", links)
        self.assertEqual(len(links), self.live_practices().count())

    def test_feeds_are_cacheable_and_revalidate_to_304(self):
        response = self.client.get("/en/feeds/practices/")
        self.assertIn("max-age=300", response["Cache-Control"])
        again = self.client.get("/en/feeds/practices/", HTTP_IF_NONE_MATCH=response["ETag"])
        self.assertEqual(again.status_code, 304)

    def test_search_theme_and_organisation_pages_link_their_feeds(self):
        organisation = OrganisationPage.objects.live().filter(title="Corpus Org 1").first()
        pages = {
            "/en/search/?theme=integration": "/en/feeds/practices/?theme=integration",
            "/en/practices/themes/integration/": "/en/feeds/practices/?theme=integration",
            organisation.url: f"/en/feeds/practices/?organisation={organisation.slug}",
        }
        for page, feed in pages.items():
            html = self.client.get(page).content.decode()
            self.assertIn('<link rel="alternate" type="application/atom+xml"', html, page)
            self.assertIn(f'href="{feed}"', html, page)
            self.assertIn(f'href="{feed.replace("/practices/?", "/practices/rss/?")}"', html)
            _root, entries = atom_entries(self.client.get(feed))
            self.assertTrue(entries, feed)
