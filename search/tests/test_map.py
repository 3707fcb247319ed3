"""The map of practices: the same counts as the search's country facet, each country a link
to the search filtered by it, drawn on the server from Natural Earth's shapes, with a table."""

import json
import re

from search.atlas import europe, project, view_box
from search.tests.search_corpus import IndexedCorpusTestCase

SHAPE_LINK = re.compile(
    r'<a href="/en/search/\?country=([A-Z]{2})" aria-label="([^"]+): (\d+) practices?">'
    r"<title>[^<]+</title><path class=\"country country--shade-[1-4]\" d=\"M[^\"]+Z\"/></a>"
)
TABLE_ROW = re.compile(
    r'<tr><th scope="row"><a href="/en/search/\?country=([A-Z]{2})">([^<]+)</a></th>'
    r"<td>(\d+)</td></tr>"
)


class MapTests(IndexedCorpusTestCase):
    def facet_counts(self, language="en"):
        answer = json.loads(self.client.get(f"/api/v1/search/?lang={language}").content)
        return {item["value"]: item["count"] for item in answer["facets"]["country"]}

    def test_the_map_counts_equal_the_country_facet(self):
        html = self.client.get("/en/map/").content.decode()
        on_map = {code: int(count) for code, _name, count in SHAPE_LINK.findall(html)}
        in_table = {code: int(count) for code, _name, count in TABLE_ROW.findall(html)}
        facet = self.facet_counts()
        assert facet and on_map == facet == in_table
        page = self.client.get("/en/search/?country=BE").content.decode()
        assert f"{facet['BE']} result" in page

    def test_countries_are_named_in_the_page_language(self):
        html = self.client.get("/fr/map/").content.decode()
        names = {code: name for code, name, _count in TABLE_ROW.findall(
            html.replace("/fr/search/", "/en/search/"))}
        assert names["BE"] == "Belgique" and names["DE"] == "Allemagne"
        assert '<html lang="fr">' in html

    def test_the_map_and_the_search_page_link_to_each_other(self):
        assert 'href="/en/map/"' in self.client.get("/en/").content.decode()
        assert 'href="/en/map/"' in self.client.get("/en/search/").content.decode()
        assert 'href="/en/search/"' in self.client.get("/en/map/").content.decode()


def test_europe_is_drawn_from_natural_earth_with_iso_codes():
    codes = {shape.code for shape in europe()}
    assert {"FR", "DE", "IT", "ES", "PL", "SE", "IE", "MT", "LU", "CY", "IS"} <= codes
    assert not codes & {"US", "BR", "CN", "AU"}
    width, height = map(float, view_box().split()[2:])
    x, y = project(2.35, 48.86)  # Paris is on the map, west of Berlin
    assert 0 < x < project(13.40, 52.52)[0] < width and 0 < y < height
