"""A practice's body as plain text: paragraphs separated by a blank line.

Imported text is never trusted as HTML: it is escaped into paragraph blocks. Exported text
keeps what a reader sees in each text block (paragraph, heading, quote) and drops the rest
(images, documents, embeds), which plain text cannot carry.
"""

import re
from html.parser import HTMLParser

from django.utils.html import escape
from wagtail.rich_text import RichText

PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n\s*")
BLOCK_TAGS = {"p", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "div", "ul", "ol"}
PLAIN_TEXT_BLOCKS = {"heading", "quote"}


def paragraph_blocks(text):
    """StreamField data for `text`: one paragraph block per paragraph, line breaks kept."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").strip()
    paragraphs = [part.strip() for part in PARAGRAPH_BREAK.split(text)]
    return [("paragraph", RichText(paragraph_html(part))) for part in paragraphs if part]


def paragraph_html(paragraph):
    return "<p>" + "<br/>".join(escape(line) for line in paragraph.split("\n")) + "</p>"


def body_text(stream):
    """The text of a StreamField body, each paragraph, heading and quote its own paragraph."""
    paragraphs = []
    for block in stream:
        if block.block_type == "paragraph":
            paragraphs.extend(html_paragraphs(block.value.source))
        elif block.block_type in PLAIN_TEXT_BLOCKS and str(block.value).strip():
            paragraphs.append(str(block.value).strip())
    return "\n\n".join(paragraphs)


def html_paragraphs(html):
    parser = ParagraphCollector()
    parser.feed(html)
    parser.close()
    return parser.paragraphs


class ParagraphCollector(HTMLParser):
    """The text of rich-text HTML, split where a block element starts or ends."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.paragraphs = []
        self.current = []

    def handle_starttag(self, tag, attrs):
        if tag == "br":
            self.current.append("\n")
        elif tag in BLOCK_TAGS:
            self.flush()

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag):
        if tag in BLOCK_TAGS:
            self.flush()

    def handle_data(self, data):
        self.current.append(data)

    def close(self):
        super().close()
        self.flush()

    def flush(self):
        paragraph = "".join(self.current).strip()
        if paragraph:
            self.paragraphs.append(paragraph)
        self.current = []
