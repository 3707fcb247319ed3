"""The public record of a practice (the interchange record, as a visitor may see it), and the
order in which a harvester reads every live practice.

A practice is public when its original is live and nobody needs a login or password to see
it; its record is given in the version of the language asked for, else the original. The
contact is left out unless its person agreed to be shown. `updated_at` is the last time any
of its public versions was published: a new or changed translation is a change a harvester
wants too.
"""

import base64
import binascii
import json
from datetime import UTC, datetime

from django.db.models import OuterRef, Subquery
from django.utils.translation import gettext as _
from wagtail.models import Page

from practices.interchange.exporter import record_fields
from practices.interchange.files import FileExport
from practices.interchange.identity import find_practice, original_practices
from practices.models import OrganisationPage, PracticePage
from practices.versions import original_of
from search.params import InvalidParameter
from translation.states import live_versions

PUBLIC_STATES = {"original", "machine", "reviewed"}


def public_practices():
    """Live, public originals, each with `updated_at`: its versions' last publication."""
    published = (
        PracticePage.objects.live().public()
        .filter(translation_key=OuterRef("translation_key"))
        .order_by("-last_published_at")
        .values("last_published_at")[:1]
    )  # fmt: skip
    return original_practices().live().public().annotate(updated_at=Subquery(published))


def find_public_practice(key):
    """The live, public original that `key` names: a source id, or the id of any version."""
    practice = find_practice(key)
    if practice is None and key.isascii() and key.isdigit() and len(key) < 19:
        page = PracticePage.objects.filter(pk=int(key)).first()
        practice = original_of(page) if page else None
    if practice is None:
        return None
    return public_practices().filter(pk=practice.pk).first()


def public_record(practice, language, absolute_url):
    """The fields of `PublicPractice` for a public original, in `language` when it has a
    public version in it; None when it belongs to no organisation (a waiting proposal)."""
    public_ids = set(
        PracticePage.objects.live().public()
        .filter(translation_key=practice.translation_key).values_list("pk", flat=True)
    )  # fmt: skip
    versions = [version for version in live_versions(practice) if version.page.pk in public_ids]
    by_language = {version.language_code: version for version in versions}
    shown = by_language.get(language) or by_language.get(practice.locale.language_code)
    organisation = OrganisationPage.objects.filter(
        path=shown.page.path[: -Page.steplen]).values_list("title", flat=True).first()
    if organisation is None:
        return None
    fields = record_fields(shown.page, organisation, FileExport(embed=False,
                                                                absolute_url=absolute_url))
    fields["language"] = practice.original_language
    if not fields["contact_is_public"]:
        fields.update(contact_name="", contact_email="")
    return {
        **fields,
        "id": shown.page.pk,
        "url": absolute_url(shown.page.url),
        "locale": shown.language_code,
        "versions": {
            version.language_code: {"url": absolute_url(version.page.url),
                                    "state": version.state}
            for version in versions if version.state in PUBLIC_STATES
        },
        "updated_at": max(version.page.last_published_at for version in versions),
    }


def harvest(updated_since=None, after=None, limit=20):
    """Public originals, oldest change first, changed at or after `updated_since`, past the
    cursor position `after` ((updated_at, pk) of the last one read); `limit` + 1 of them, so
    that the caller knows whether there are more."""
    practices = public_practices().exclude(updated_at=None)
    if updated_since is not None:
        practices = practices.filter(updated_at__gte=updated_since)
    if after is not None:
        moment, pk = after
        practices = practices.filter(updated_at__gte=moment).exclude(updated_at=moment, pk__lte=pk)
    return list(practices.order_by("updated_at", "pk")[: limit + 1])


def encode_cursor(practice):
    position = {"t": practice.updated_at.isoformat(), "id": practice.pk}
    return base64.urlsafe_b64encode(json.dumps(position).encode()).decode().rstrip("=")


def decode_cursor(cursor):
    """(updated_at, pk) from a cursor this API wrote; InvalidParameter for anything else."""
    try:
        data = json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
        moment, pk = datetime.fromisoformat(data["t"]), data["id"]
        if moment.tzinfo is None or type(pk) is not int or not 0 <= pk < 2**63:
            raise ValueError
        return moment.astimezone(UTC), pk
    except (ValueError, TypeError, KeyError, OverflowError, binascii.Error, UnicodeDecodeError):
        raise InvalidParameter("cursor", _("This cursor was not given by this API.")) from None
