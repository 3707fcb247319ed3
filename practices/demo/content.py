"""Creating the demo organisations and practices from the JSON Lines files beside this module.

Each practice carries a stable `source_id`, so that loading twice skips what exists. A
practice is created in the locale tree of its language (practices/placement.py).
"""

import json
from pathlib import Path

from django.utils.html import escape
from wagtail.rich_text import RichText

from practices.models import FundingProgramme, PathwayStage, PracticePage, TargetGroup, Theme
from practices.organisations import get_or_create_organisation, unique_child_slug
from practices.placement import organisation_page_in, practice_locale

DATA_DIR = Path(__file__).resolve().parent


def read_rows(filename):
    with open(DATA_DIR / filename, encoding="utf-8") as lines:
        return [json.loads(line) for line in lines if line.strip()]


def organisation_rows():
    return read_rows("organisations.jsonl")


def practice_rows():
    return read_rows("practices.jsonl")


def load_organisations():
    """Get or create every demo organisation; returns them by their key in the data file."""
    return {
        row["key"]: get_or_create_organisation(
            row["name"],
            country=row["country"],
            website=row["website"],
            description=row["description"],
        )
        for row in organisation_rows()
    }


def practice_exists(row):
    return PracticePage.objects.filter(source_id=row["source_id"]).exists()


def create_practice(row, organisation):
    """Add the practice under its organisation: published, or a draft if `live` is false."""
    parent = organisation_page_in(organisation, practice_locale(row["language"]))
    practice = PracticePage(
        title=row["title"],
        slug=unique_child_slug(parent, row["title"]),
        live=row["live"],
        summary=row["summary"],
        body=body_blocks(row["body"]),
        outcomes=row["outcomes"],
        resources=row["resources"],
        lessons_learned=row["lessons_learned"],
        transferability=row["transferability"],
        start_year=row["start_year"],
        end_year=row.get("end_year"),
        website=row.get("website", ""),
        contact_name=row.get("contact_name", ""),
        contact_email=row.get("contact_email", ""),
        contact_is_public=row.get("contact_is_public", False),
        countries=row["countries"],
        original_language=row["language"],
        source_id=row["source_id"],
    )
    practice.themes.add(*Theme.objects.filter(slug__in=row["themes"]))
    practice.keywords.add(*row["keywords"])
    practice.target_groups = TargetGroup.objects.filter(slug__in=row["target_groups"])
    practice.pathway_stages = PathwayStage.objects.filter(slug__in=row["pathway_stages"])
    practice.funding_programmes = FundingProgramme.objects.filter(
        slug__in=row["funding_programmes"]
    )
    parent.add_child(instance=practice)
    revision = practice.save_revision()
    if row["live"]:
        revision.publish()
    return practice


def body_blocks(body):
    """Stream blocks from a data file body: "## " starts a heading, other lines are paragraphs."""
    blocks = []
    for text in body:
        if text.startswith("## "):
            blocks.append(("heading", text[3:]))
        else:
            blocks.append(("paragraph", RichText(f"<p>{escape(text)}</p>")))
    return blocks
