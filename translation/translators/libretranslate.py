"""LibreTranslate (https://docs.libretranslate.com): POST /translate with a list of texts."""

from .base import SITE_LANGUAGES, RemoteTranslator, expect_translations


class LibreTranslateTranslator(RemoteTranslator):
    name = "libretranslate"
    languages = SITE_LANGUAGES
    max_batch_texts = 50
    requests_per_minute = 30

    def __init__(self, url, api_key="", *, timeout, requests_per_minute=0):
        super().__init__(timeout=timeout, requests_per_minute=requests_per_minute)
        self.url = url.rstrip("/")
        self.api_key = api_key

    def translate_batch(self, texts, source, target, *, html):
        body = {
            "q": texts,
            "source": source,
            "target": target,
            "format": "html" if html else "text",
        }
        if self.api_key:
            body["api_key"] = self.api_key
        payload = self.post(f"{self.url}/translate", json_body=body)
        return expect_translations(payload.get("translatedText"), len(texts), self.name)
