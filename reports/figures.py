"""The figures the secretariat reports to funders: practices by country, theme, organisation
and pathway stage (live and draft), and where each practice's translations stand.

A practice is counted once, by its original (`practices.versions.originals`), whatever its
number of language versions; it is live when its original is. A practice with several
countries (or themes, stages) counts once under each, and once under "none" without any.
"""

from collections import Counter, defaultdict
from dataclasses import dataclass

from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django_countries import countries
from wagtail.models import Locale, Page

from practices.models import OrganisationPage, PathwayStage, PracticePage, PracticeTheme, Theme
from practices.versions import originals
from translation.models import State, TranslationState

NONE = ""  # the key of practices without any value in a dimension


@dataclass(frozen=True)
class CountRow:
    key: str
    label: str
    live: int
    draft: int

    @property
    def total(self):
        return self.live + self.draft


def original_practices():
    return originals(PracticePage.objects.all())


def country_pairs(practices):
    for pk, codes in practices.values_list("pk", "countries"):  # stored as "FR,BE"
        for code in [code for code in str(codes or "").split(",") if code] or [NONE]:
            yield pk, code


def theme_pairs(practices):
    return PracticeTheme.objects.filter(content_object__in=practices).values_list(
        "content_object_id", "tag__slug"
    )


def stage_pairs(practices):
    through = PracticePage.pathway_stages.through
    return through.objects.filter(practicepage__in=practices).values_list(
        "practicepage_id", "pathwaystage__slug"
    )


def organisation_pairs(practices):
    """(practice, organisation key): an organisation's copies in every locale share its key."""
    keys = dict(OrganisationPage.objects.values_list("path", "translation_key"))
    for pk, path in practices.values_list("pk", "path"):
        yield pk, str(keys.get(path[: -Page.steplen], NONE))


def country_labels():
    return dict(countries)


def theme_labels():
    return {theme.slug: theme.default_label for theme in Theme.objects.all()}


def stage_labels():
    return {stage.slug: stage.label for stage in PathwayStage.objects.all()}


def organisation_labels():
    return {
        str(key): title
        for key, title in OrganisationPage.objects.filter(
            partner_group__isnull=False
        ).values_list("translation_key", "title")
    }


@dataclass(frozen=True)
class Dimension:
    name: str
    label: str
    pairs: object  # practices queryset -> iterable of (practice id, key); keyless ones are NONE
    labels: object  # () -> {key: label}


DIMENSIONS = {
    dimension.name: dimension
    for dimension in [
        Dimension("country", _("Country"), country_pairs, country_labels),
        Dimension("theme", _("Theme"), theme_pairs, theme_labels),
        Dimension("organisation", _("Organisation"), organisation_pairs, organisation_labels),
        Dimension("pathway_stage", _("Pathway stage"), stage_pairs, stage_labels),
    ]
}


def practice_counts(dimension_name):
    """CountRows of live and draft practices per value of the dimension, most practices first."""
    dimension = DIMENSIONS[dimension_name]
    practices = original_practices()
    live = dict(practices.values_list("pk", "live"))
    keys_of = defaultdict(set)
    for pk, key in dimension.pairs(practices):
        keys_of[pk].add(key)
    live_counts, draft_counts = Counter(), Counter()
    for pk, is_live in live.items():
        for key in keys_of.get(pk) or {NONE}:
            (live_counts if is_live else draft_counts)[key] += 1
    labels = dimension.labels()
    rows = [
        CountRow(key, labels.get(key, key) if key else str(_("(none)")),
                 live_counts[key], draft_counts[key])
        for key in set(live_counts) | set(draft_counts)
    ]
    return sorted(rows, key=lambda row: (-row.total, row.key == NONE, row.label.casefold()))


ORIGINAL = "original"


def translation_rows():
    """One dict per practice: title, organisation, language and its state in every locale
    (`state_<code>`: "original", or a `State` value, "missing" without a row)."""
    locales = dict(Locale.objects.values_list("pk", "language_code"))
    practices = original_practices().select_related("locale").order_by("title", "pk")
    states = defaultdict(dict)
    keys = practices.values("translation_key")
    for key, locale_id, state in TranslationState.objects.filter(
        Q(translation_key__in=keys)
    ).values_list("translation_key", "locale_id", "state"):
        states[key][locales[locale_id]] = state
    organisations = dict(OrganisationPage.objects.values_list("path", "title"))
    rows = []
    for practice in practices:
        row = {
            "pk": practice.pk,
            "title": practice.title,
            "organisation": organisations.get(practice.path[: -Page.steplen], ""),
            "language": practice.locale.language_code,
            "live": practice.live,
        }
        for code in locales.values():
            row[f"state_{code}"] = (
                ORIGINAL
                if code == practice.locale.language_code
                else states[practice.translation_key].get(code, State.MISSING)
            )
        rows.append(row)
    return rows


def site_language_codes():
    return list(Locale.objects.order_by("pk").values_list("language_code", flat=True))
