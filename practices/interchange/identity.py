"""Which practices the interchange format covers, and how a line's `source_id` names one.

Only original practices travel, in whichever locale tree they live (translations are
copies of them and follow their original). A practice written in the admin has no source
identifier; it is exported under one derived from its translation key (`kb:<uuid>`), which
is unique across installations, so that re-importing the file updates it rather than
duplicating it.
"""

import uuid

from practices.models import PracticePage
from practices.versions import originals

DERIVED_PREFIX = "kb:"


def original_practices():
    return originals(PracticePage.objects.all())


def source_id_of(practice):
    return practice.source_id or f"{DERIVED_PREFIX}{practice.translation_key}"


def find_practice(source_id):
    """The original practice `source_id` names, or None."""
    practices = original_practices()
    practice = practices.filter(source_id=source_id).first()
    translation_key = derived_translation_key(source_id)
    if practice is None and translation_key:
        practice = practices.filter(source_id="", translation_key=translation_key).first()
    return practice


def derived_translation_key(source_id):
    if not source_id.startswith(DERIVED_PREFIX):
        return None
    try:
        return uuid.UUID(source_id.removeprefix(DERIVED_PREFIX))
    except ValueError:
        return None
