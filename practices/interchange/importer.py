"""Writing records into the page tree: a new practice, or a new revision of the one it names.

Each line is imported in a transaction of its own, so a line that fails leaves nothing
behind and the others still import. Imported practices are saved as revisions, the way an
editor's changes are: drafts unless `publish` is asked for. A line that equals the
practice's latest state (its record, as the exporter writes it) changes nothing: no
revision, so no index or translation job either; with `publish`, an unpublished latest
revision is published as it is. A new practice is created in
the locale tree of its language (practices/placement.py); an update leaves it in the tree
it is in, where its translations were made from it.
"""

import json
from contextlib import contextmanager
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.text import slugify

from practices.models import PracticeAttachment, PracticePage
from practices.organisations import get_or_create_organisation
from practices.permissions import organisation_collection
from practices.placement import organisation_page_in, practice_locale

from .body import stream_data
from .exporter import practice_record
from .files import FileError, FileExport, FileImport
from .identity import find_practice
from .records import RecordError, parse_line
from .vocabularies import load_vocabularies

COPIED_FIELDS = [
    "title", "seo_title", "search_description", "summary", "outcomes", "resources",
    "lessons_learned", "transferability",
    "start_year", "end_year", "website", "contact_name", "contact_email", "contact_is_public",
    "source_id",
]  # fmt: skip


@dataclass
class ImportCounts:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: int = 0

    def add(self, outcome):
        setattr(self, outcome, getattr(self, outcome) + 1)


def import_lines(numbered_lines, *, publish=False, dry_run=False, on_rejected=None):
    """Import (number, line) pairs; call `on_rejected(number, reason)` for each bad line."""
    vocabularies = load_vocabularies()
    counts = ImportCounts()
    with rolled_back(dry_run):
        for number, line in numbered_lines:
            if not line.strip():
                continue
            try:
                with transaction.atomic():
                    record = parse_line(line, vocabularies)
                    outcome = import_record(record, vocabularies, publish=publish)
            except (RecordError, FileError, ValidationError) as error:
                counts.rejected += 1
                if on_rejected:
                    on_rejected(number, describe(error))
                continue
            counts.add(outcome)
    return counts


@contextmanager
def rolled_back(dry_run):
    """A transaction that is rolled back at the end when this is a dry run."""
    if not dry_run:
        yield
        return
    with transaction.atomic():
        yield
        transaction.set_rollback(True)


def describe(error):
    if isinstance(error, RecordError | FileError):
        return str(error)
    if hasattr(error, "error_dict"):
        return "; ".join(
            f"{field}: {' '.join(messages)}" for field, messages in error.message_dict.items()
        )
    return " ".join(error.messages)


def import_record(record, vocabularies, *, publish=False):
    """Create or update the practice `record` describes: "created", "updated" or "unchanged"."""
    organisation = get_or_create_organisation(record.organisation)
    files = FileImport(organisation_collection(organisation))
    practice = find_practice(record.source_id)
    if practice is None:
        parent = organisation_page_in(organisation, practice_locale(record.language))
        practice = PracticePage(
            title=record.title, slug=available_slug(parent, record.title), live=False
        )
        apply_record(practice, record, vocabularies, files)
        parent.add_child(instance=practice)
        save_revision(practice, publish)
        return "created"
    parent = organisation_page_in(organisation, practice.locale)
    moved = practice.get_parent().pk != parent.pk
    if moved:
        practice = move_practice(practice, parent)
    draft = practice.get_latest_revision_as_object()
    if not moved and practice_record(draft, parent.title, FileExport()) == record:
        if publish and (not practice.live or practice.has_unpublished_changes):
            practice.get_latest_revision().publish()
            return "updated"
        return "unchanged"
    draft.slug = practice.slug
    apply_record(draft, record, vocabularies, files)
    save_revision(draft, publish)
    return "updated"


def apply_record(practice, record, vocabularies, files):
    for name in COPIED_FIELDS:
        setattr(practice, name, getattr(record, name))
    practice.original_language = record.language
    practice.hero_image = files.image(record.hero_image) if record.hero_image else None
    practice.body = json.dumps(stream_data(record.body, files))
    practice.attachments = [
        PracticeAttachment(document=files.document(item)) for item in record.attachments]
    practice.countries = record.countries
    practice.themes.set([vocabularies["themes"][slug] for slug in record.themes])
    for key in ["target_groups", "pathway_stages", "funding_programmes"]:
        getattr(practice, key).set([vocabularies[key][slug] for slug in getattr(record, key)])
    practice.keywords.set(record.keywords)


def save_revision(practice, publish):
    revision = practice.save_revision()
    if publish:
        revision.publish()


def move_practice(practice, organisation):
    """Move a practice under another organisation, renaming its slug if a child there has it.

    The slug changes first: Wagtail checks it is free when it saves the moved page.
    """
    slug = available_slug(organisation, practice.slug)
    if slug != practice.slug:
        practice.slug = slug
        practice.save(update_fields=["slug", "url_path"], clean=False)
    practice.move(organisation, pos="last-child")
    return PracticePage.objects.get(pk=practice.pk)


def available_slug(parent, title):
    """A slug for a new child of `parent` that none of its children has."""
    base = slugify(title, allow_unicode=True)[:200] or "practice"
    children = parent.get_children().filter(slug__startswith=base)
    taken = set(children.values_list("slug", flat=True))
    slug, suffix = base, 2
    while slug in taken:
        slug, suffix = f"{base}-{suffix}", suffix + 1
    return slug
