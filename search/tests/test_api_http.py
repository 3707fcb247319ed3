"""What every answer under /api/ does, whoever wrote it: JSON errors, HEAD and OPTIONS, CORS,
Cache-Control and ETag with 304, and the documentation under the site's CSP."""

from django.contrib.staticfiles import finders
from django.http import HttpResponse
from django.test import RequestFactory

from search.api.http import ApiMiddleware
from search.tests.search_corpus import IndexedCorpusTestCase


def through_the_middleware(response, path="/api/v1/search/"):
    """The answer ApiMiddleware makes of `response`, given by what stands behind it."""
    return ApiMiddleware(lambda request: response)(RequestFactory().get(path))


class ApiHttpTests(IndexedCorpusTestCase):
    def test_results_carry_absolute_urls_and_links_to_the_next_and_previous_pages(self):
        first = self.client.get("/api/v1/search/?page_size=10&sort=title&lang=fr").json()
        self.assertTrue(all(hit["url"].startswith("http://testserver/") for hit in
                            first["results"]))
        self.assertIsNone(first["previous"])
        self.assertEqual(first["next"], "http://testserver/api/v1/search/?sort=title"
                                        "&page=2&page_size=10&lang=fr")
        second = self.client.get(first["next"]).json()
        self.assertEqual(second["page"], 2)
        self.assertEqual(second["previous"], "http://testserver/api/v1/search/?sort=title"
                                             "&page_size=10&lang=fr")
        self.assertFalse({hit["id"] for hit in first["results"]} &
                         {hit["id"] for hit in second["results"]})
        last = self.client.get("/api/v1/search/?page_size=100").json()
        self.assertIsNone(last["next"])

    def test_a_page_past_the_last_is_a_json_404_naming_page(self):
        response = self.client.get("/api/v1/search/?page=50&page_size=100")
        self.assertEqual(response.status_code, 404)
        self.assertEqual(response.json()["parameter"], "page")

    def test_an_unknown_path_and_an_undeclared_method_answer_json(self):
        for path in ["/api/v1/nothing-here/", "/api/v1/nothing", "/api/v2/search/"]:
            response = self.client.get(path)
            self.assertEqual((response.status_code, response["Content-Type"]),
                             (404, "application/json"), path)
            self.assertEqual(response.json()["error"], "Not Found")
        for method in ["post", "put", "patch", "delete"]:
            response = getattr(self.client, method)("/api/v1/search/")
            self.assertEqual(response.status_code, 405, method)
            self.assertEqual(response.json()["error"], "Method Not Allowed")
            self.assertIn("GET", response["Allow"])

    def test_a_server_error_or_a_rate_limit_behind_it_comes_out_as_json(self):
        crashed = through_the_middleware(HttpResponse("<h1>Server Error</h1>", status=500))
        self.assertEqual((crashed.status_code, crashed["Content-Type"]),
                         (500, "application/json"))
        self.assertIn(b'"error": "Internal Server Error"', crashed.content)
        limited = HttpResponse("Too many requests", status=429)
        limited["Retry-After"] = "30"
        answer = through_the_middleware(limited)
        self.assertEqual((answer.status_code, answer["Retry-After"]), (429, "30"))
        self.assertIn(b'"error": "Too Many Requests"', answer.content)

    def test_head_is_get_without_a_body_and_options_lists_the_methods(self):
        get = self.client.get("/api/v1/search/?q=digital")
        head = self.client.head("/api/v1/search/?q=digital")
        self.assertEqual((head.status_code, head.content), (200, b""))
        self.assertEqual(head["ETag"], get["ETag"])
        options = self.client.options("/api/v1/search/")
        self.assertEqual(options.status_code, 204)
        self.assertEqual(options["Allow"], "GET, HEAD, OPTIONS")

    def test_cors_lets_any_origin_read_without_credentials(self):
        response = self.client.get("/api/v1/search/", HTTP_ORIGIN="https://portal.example")
        self.assertEqual(response["Access-Control-Allow-Origin"], "*")
        self.assertNotIn("Access-Control-Allow-Credentials", response)
        preflight = self.client.options(
            "/api/v1/search/", HTTP_ORIGIN="https://portal.example",
            HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET")
        self.assertEqual(preflight.status_code, 200)
        self.assertNotIn("POST", preflight["Access-Control-Allow-Methods"])
        page = self.client.get("/en/search/", HTTP_ORIGIN="https://portal.example")
        self.assertNotIn("Access-Control-Allow-Origin", page, "the pages are not opened")

    def test_answers_are_cacheable_and_revalidate_to_304(self):
        response = self.client.get("/api/v1/search/?q=digital")
        self.assertIn("max-age=60", response["Cache-Control"])
        self.assertIn("public", response["Cache-Control"])
        self.assertIn("Accept-Language", response["Vary"])
        again = self.client.get("/api/v1/search/?q=digital", HTTP_IF_NONE_MATCH=response["ETag"])
        self.assertEqual((again.status_code, again.content), (304, b""))
        other = self.client.get("/api/v1/search/?q=cooking", HTTP_IF_NONE_MATCH=response["ETag"])
        self.assertEqual(other.status_code, 200)

    def test_the_documentation_is_served_by_the_site_under_its_csp(self):
        response = self.client.get("/api/v1/docs/")
        self.assertEqual(response.status_code, 200)
        html = response.content.decode()
        self.assertIn('src="/static/ninja/swagger-ui-bundle.js"', html)
        self.assertNotIn("cdn", html.lower())
        self.assertNotIn("unsafe-inline", response["Content-Security-Policy"])
        self.assertIn("script-src 'self'", response["Content-Security-Policy"])
        self.assertTrue(finders.find("ninja/swagger-ui-init.js"), "collected with our static")
