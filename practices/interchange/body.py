"""A practice's body in a record: the StreamField's own blocks, in its JSON shape.

    [{"type": "heading", "value": "How it works"},
     {"type": "paragraph", "value": "<p>A <b>bold</b> <a href=\"https://x.org\">link</a>.</p>"},
     {"type": "image", "value": {"image": {"title", "filename", "content"}, "caption": "…"}},
     {"type": "quote", "value": "…"}, {"type": "document", "value": {"title", …}},
     {"type": "embed", "value": "https://video.example/…"}]

Images and documents carry their file (practices/interchange/files.py) instead of the
site's id, so a body moves into another site whole. A paragraph is rich text in Wagtail's
stored form, cleaned to what the editor itself can write (`clean_rich_text`): paragraphs,
line breaks, bold, italic, lists and links to web and mail addresses; a link to a page of
this site is written as that page's address. Anything else is kept as text, escaped, never
as markup. A body may also be given as plain text (paragraphs separated by a blank line).
"""

import re
from html import escape
from html.parser import HTMLParser
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field
from wagtail.documents import get_document_model
from wagtail.images import get_image_model

from .files import FileRecord, ImageRecord

PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n\s*")
ALLOWED_TAGS = {"p", "br", "b", "i", "a", "ul", "ol", "li"}
RENAMED_TAGS = {"strong": "b", "em": "i"}
VOID_TAGS = {"br"}
LINK_SCHEMES = ("http://", "https://", "mailto:")


class Block(BaseModel):
    model_config = ConfigDict(extra="forbid")


class HeadingBlock(Block):
    type: Literal["heading"]
    value: str = Field(min_length=1, max_length=255)


class ParagraphBlock(Block):
    type: Literal["paragraph"]
    value: str = Field(description="Rich text: <p>, <br>, <b>, <i>, <ul>, <ol>, <li>, <a href>.")


class QuoteBlock(Block):
    type: Literal["quote"]
    value: str


class CaptionedImage(BaseModel):
    model_config = ConfigDict(extra="forbid")

    image: ImageRecord
    caption: str = Field("", max_length=250)


class ImageBlock(Block):
    type: Literal["image"]
    value: CaptionedImage


class DocumentBlock(Block):
    type: Literal["document"]
    value: FileRecord


class EmbedBlock(Block):
    type: Literal["embed"]
    value: str = Field(json_schema_extra={"format": "uri"}, description="The embedded page.")


BodyBlock = Annotated[
    HeadingBlock | ParagraphBlock | QuoteBlock | ImageBlock | DocumentBlock | EmbedBlock,
    Field(discriminator="type"),
]


def text_blocks(text):
    """Paragraph blocks for plain text: one per paragraph, line breaks kept, all escaped."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").strip()
    paragraphs = [part.strip() for part in PARAGRAPH_BREAK.split(text)]
    return [{"type": "paragraph", "value": paragraph_html(part)} for part in paragraphs if part]


def paragraph_html(paragraph):
    lines = paragraph.split("\n")
    return "<p>" + "<br/>".join(escape(line, quote=False) for line in lines) + "</p>"


def body_records(raw_blocks, files, page_url=None):
    """Records of a StreamField's raw data (`stream.raw_data`), its files through `files`
    (a FileExport), page links through `page_url(page id)`."""
    images = get_image_model().objects.in_bulk(
        [block["value"]["image"] for block in raw_blocks if block["type"] == "image"])
    documents = get_document_model().objects.in_bulk(
        [block["value"] for block in raw_blocks if block["type"] == "document"])
    records = []
    for block in raw_blocks:
        kind, value = block["type"], block["value"]
        if kind == "paragraph":
            value = clean_rich_text(value, page_url)
        elif kind == "image":
            if value.get("image") not in images:
                continue
            value = {"image": files.image(images[value["image"]]),
                     "caption": value.get("caption") or ""}
        elif kind == "document":
            if value not in documents:
                continue
            value = files.document(documents[value])
        records.append({"type": kind, "value": value})
    return records


def stream_data(blocks, files):
    """The StreamField raw data for block records, their files stored through `files`
    (a FileImport)."""
    data = []
    for block in blocks:
        value = block.value
        if block.type == "paragraph":
            value = clean_rich_text(value)
        elif block.type == "image":
            value = {"image": files.image(value.image).pk, "caption": value.caption}
        elif block.type == "document":
            value = files.document(value).pk
        data.append({"type": block.type, "value": value})
    return data


def clean_rich_text(html, page_url=None):
    """Rich text reduced to what the editor writes, in one canonical spelling, so that
    cleaning twice changes nothing and a practice exported twice gives the same line."""
    cleaner = RichTextCleaner(page_url)
    cleaner.feed(html)
    cleaner.close()
    return cleaner.html()


class RichTextCleaner(HTMLParser):
    """Keeps the allowed tags with their `data-block-key` (and a link's address), escapes
    every text, drops every other tag (its text stays)."""

    def __init__(self, page_url=None):
        super().__init__(convert_charrefs=True)
        self.page_url = page_url
        self.parts = []
        self.open = []

    def handle_starttag(self, tag, attrs):
        tag = RENAMED_TAGS.get(tag, tag)
        if tag not in ALLOWED_TAGS:
            return
        attributes = dict(attrs)
        kept = {}
        if attributes.get("data-block-key"):
            kept["data-block-key"] = attributes["data-block-key"]
        if tag == "a":
            href = self.link_address(attributes)
            if href is None:
                self.open.append(None)
                return
            kept["href"] = href
        attributes_html = "".join(f' {name}="{escape(value)}"' for name, value in kept.items())
        if tag in VOID_TAGS:
            self.parts.append(f"<{tag}{attributes_html}/>")
        else:
            self.parts.append(f"<{tag}{attributes_html}>")
            self.open.append(tag)

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if RENAMED_TAGS.get(tag, tag) in ALLOWED_TAGS - VOID_TAGS and self.open:
            self.handle_endtag(tag)

    def handle_endtag(self, tag):
        tag = RENAMED_TAGS.get(tag, tag)
        if tag not in ALLOWED_TAGS - VOID_TAGS:
            return
        if tag == "a" and None in self.open:
            self.open.remove(None)
            return
        if tag in self.open:
            while self.open:
                closed = self.open.pop()
                if closed:
                    self.parts.append(f"</{closed}>")
                if closed == tag:
                    break

    def handle_data(self, data):
        self.parts.append(escape(data, quote=False))

    def link_address(self, attributes):
        if attributes.get("linktype") == "page" and self.page_url:
            return self.page_url(attributes.get("id"))
        href = (attributes.get("href") or "").strip()
        return href if href.lower().startswith(LINK_SCHEMES) else None

    def html(self):
        while self.open:
            closed = self.open.pop()
            if closed:
                self.parts.append(f"</{closed}>")
        return "".join(self.parts)
