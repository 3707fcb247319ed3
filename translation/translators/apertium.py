"""Apertium, through the APY server (scripts/services/apertium.sh; `apertium` in docker-compose).

Each direction among en, fr, es and it takes the route in ROUTES: a direct pair, or a
chain of pairs in one request to APY's /translateChain (fr→ca→en …). German has no pair.

Every text is sent as HTML (plain text escaped first), so rich-text tags and attributes
pass through untouched. A batch of texts goes in one request, joined by an <hr> marker:
Apertium copies tags verbatim and ends a sentence at a block tag, so no rule can reorder
words across two texts. Apertium's marks (`*` unknown word, `@` transfer, `#` generation
error) are taken out of every translation (apertium_marks.py).
"""

import html as html_lib
import re

from .apertium_marks import protect, restore
from .base import RemoteTranslator, expect_translations

ISO_639_3 = {"ca": "cat", "en": "eng", "es": "spa", "fr": "fra", "it": "ita", "pt": "por"}
# The route of each direction, as measured by bench/translation.py on 2026-12-02 (the table
# is in the README, "Translation"): the direct pair, else the chain through Spanish, unless a
# chain scored a significantly higher chrF on bench/translation_reference.jsonl (four go
# through Catalan). Run the bench again after changing the Apertium packages.
ROUTES = {
    ("en", "fr"): ["en", "es", "fr"],
    ("en", "it"): ["en", "es", "it"],
    ("en", "es"): ["en", "es"],
    ("fr", "en"): ["fr", "es", "en"],
    ("fr", "it"): ["fr", "ca", "it"],
    ("fr", "es"): ["fr", "ca", "es"],
    ("it", "en"): ["it", "es", "en"],
    ("it", "fr"): ["it", "ca", "fr"],
    ("it", "es"): ["it", "es"],
    ("es", "en"): ["es", "en"],
    ("es", "fr"): ["es", "ca", "fr"],
    ("es", "it"): ["es", "it"],
}
SEGMENT_BREAK = '<hr data-kb-segment-break="">'
EDGE_WHITESPACE = re.compile(r"(\s*)(.*?)(\s*)", re.DOTALL)


class ApertiumTranslator(RemoteTranslator):
    name = "apertium"
    # APY gives up on a request after 10 s; 20,000 characters take well under one.
    max_batch_texts = 200
    max_batch_chars = 20_000

    def __init__(self, url, *, timeout, requests_per_minute=0, routes=None):
        """`routes` replaces ROUTES (bench/translation.py scores candidate routes with it)."""
        super().__init__(timeout=timeout, requests_per_minute=requests_per_minute)
        self.url = url.rstrip("/")
        self.routes = ROUTES if routes is None else routes
        self.languages = frozenset(language for pair in self.routes for language in pair)

    def supports(self, source, target):
        return (source, target) in self.routes

    def translate_batch(self, texts, source, target, *, html):
        # APY trims the whitespace around a whole request, so each text keeps its own.
        edges = [EDGE_WHITESPACE.fullmatch(text).groups() for text in texts]
        cores = [core for _, core, _ in edges]
        documents = cores if html else [html_lib.escape(core, quote=False) for core in cores]
        translated = self.translate_documents(documents, source, target)
        if not html:
            translated = [html_lib.unescape(text) for text in translated]
        return [
            lead + text + trail for (lead, _, trail), text in zip(edges, translated, strict=True)
        ]

    def translate_documents(self, documents, source, target):
        """One request for all documents, or one each when a document holds the marker."""
        if len(documents) > 1 and not any(SEGMENT_BREAK in document for document in documents):
            joined = self.translate_document(SEGMENT_BREAK.join(documents), source, target)
            translated = joined.split(SEGMENT_BREAK)
            if len(translated) == len(documents):
                return translated
        return [self.translate_document(document, source, target) for document in documents]

    def translate_document(self, document, source, target):
        if not document:
            return document
        protected, kept = protect(document)
        languages = [ISO_639_3[code] for code in self.routes[(source, target)]]
        # Marks on: APY's markUnknown=no strips "*" inside attributes too, and one "*" only
        # of the "**" a chain makes; restore() strips every mark, between tags only.
        form = {"q": protected, "markUnknown": "yes", "deformat": "html", "reformat": "html-noent"}
        if len(languages) == 2:
            endpoint, form["langpair"] = "translate", "|".join(languages)
        else:
            endpoint, form["langpairs"] = "translateChain", "|".join(languages)
        payload = self.post(f"{self.url}/{endpoint}", form=form)
        try:
            text = payload["responseData"]["translatedText"]
        except (KeyError, TypeError):
            text = None
        [text] = expect_translations([text] if isinstance(text, str) else None, 1, self.name)
        return restore(text, kept)
