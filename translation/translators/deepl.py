"""DeepL API v2 (https://developers.deepl.com/docs/api-reference/translate).

Up to 50 texts per request. English is translated into British English (EN-GB), the
network's working variant. HTTP 456 (quota exhausted for the billing period) is a
rejection: retrying within the hour cannot succeed. A free-plan key (ending ":fx") works
only on DeepL's free endpoint, which is used for it unless another URL than Pro's is set.
"""

from .base import SITE_LANGUAGES, RemoteTranslator, expect_translations

TARGET_CODES = {"en": "EN-GB"}
PRO_URL = "https://api.deepl.com"
FREE_URL = "https://api-free.deepl.com"


def api_url(url, auth_key):
    """The endpoint for this key: the free one for a free-plan key configured with Pro's URL
    (the default); any other URL (a proxy, a test server) as configured."""
    if auth_key.strip().endswith(":fx") and url.rstrip("/") == PRO_URL:
        return FREE_URL
    return url


class DeepLTranslator(RemoteTranslator):
    name = "deepl"
    languages = SITE_LANGUAGES
    max_batch_texts = 50
    # The whole request body may be at most 128 KiB.
    max_batch_chars = 60_000
    requests_per_minute = 60

    def __init__(self, url, auth_key, *, timeout, requests_per_minute=0):
        super().__init__(timeout=timeout, requests_per_minute=requests_per_minute)
        self.url = api_url(url, auth_key).rstrip("/")
        self.auth_key = auth_key

    def translate_batch(self, texts, source, target, *, html):
        body = {
            "text": texts,
            "source_lang": source.upper(),
            "target_lang": TARGET_CODES.get(target, target.upper()),
        }
        if html:
            body["tag_handling"] = "html"
        payload = self.post(
            f"{self.url}/v2/translate",
            json_body=body,
            headers={"Authorization": f"DeepL-Auth-Key {self.auth_key}"},
        )
        translations = expect_translations(payload.get("translations"), len(texts), self.name)
        return [translation["text"] for translation in translations]
