"""POST data for the practice editor in Wagtail's admin, as the browser would send it."""

from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield


def practice_form_data(title, summary="What the practice does and for whom.", **fields):
    """A complete, valid practice form; `fields` override or add form fields."""
    data = {
        "title": title,
        "slug": "",
        "summary": summary,
        "body": streamfield([("paragraph", rich_text("<p>How it works.</p>"))]),
        "attachments": inline_formset([]),
        "comments": inline_formset([]),
        "themes": "",
        "keywords": "",
        "original_language": "en",
        "seo_title": "",
        "search_description": "",
    }
    data.update(fields)
    return nested_form_data(data)
