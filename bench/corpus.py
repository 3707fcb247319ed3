"""A synthetic network of practices for the benchmarks, inserted in bulk.

Each practice has a live version in each of the five site languages, as the translation
jobs leave them: an original in its organisation's copy in its language's tree, with
wagtail-localize's translatable object and translation source, and four translations in
the other trees (same `translation_key`), each with its TranslationState, most "machine",
some "reviewed". Their text is drawn word by word with the words' real frequencies in that
language (`wordfreq`'s lists), one word in DOMAIN_SHARE taken from the domain vocabulary
(the vocabularies' labels and DOMAIN_WORDS), at the lengths of real practices: a title of
about 10 words, a summary of 50, a body of 300 to 800 in paragraphs, outcomes of 80.

Pages are inserted live without revisions, as an import would leave them (tree paths
computed here, one INSERT per table and batch): the indexer gives them version 1. The
facets (themes, target groups, pathway stages, funding programmes, countries, years) are
the original's, as the index reads them.
"""

import random
import uuid
from bisect import bisect
from functools import cache
from itertools import accumulate

LANGUAGES = ("en", "fr", "de", "it", "es")
ORGANISATIONS = 20
BATCH_SIZE = 500  # practices (five pages each) per INSERT batch
VOCABULARY_SIZE = 30_000  # the most frequent words of each language
DOMAIN_SHARE = 0.08
REVIEWED_SHARE = 0.25
COUNTRIES = ["BE", "FR", "DE", "IT", "ES", "AT", "NL", "PL", "PT", "SE", "IE", "GR"]
DOMAIN_WORDS = {
    "en": "employment training apprenticeship mentoring coaching integration migrants youth "
          "disability inclusion volunteering jobseekers skills guidance housing literacy",
    "fr": "emploi formation apprentissage accompagnement insertion migrants jeunes handicap "
          "inclusion bénévolat demandeurs compétences orientation logement alphabétisation",
    "de": "Beschäftigung Ausbildung Lehre Mentoring Begleitung Integration Migranten Jugendliche "
          "Behinderung Inklusion Ehrenamt Arbeitsuchende Kompetenzen Beratung Wohnen",
    "it": "lavoro formazione apprendistato tutoraggio accompagnamento inserimento migranti "
          "giovani disabilità inclusione volontariato competenze orientamento alloggio",
    "es": "empleo formación aprendizaje mentoría acompañamiento inserción migrantes jóvenes "
          "discapacidad inclusión voluntariado competencias orientación vivienda",
}  # fmt: skip


class Vocabulary:
    """The words of one language with their real frequencies, and its domain words."""

    def __init__(self, language, domain_words):
        from wordfreq import top_n_list, word_frequency

        words = [word for word in top_n_list(language, VOCABULARY_SIZE) if word.isalpha()]
        self.language = language
        self.words = words
        self.cumulative = list(accumulate(word_frequency(word, language) for word in words))
        self.domain = domain_words

    def word(self, rng):
        if rng.random() < DOMAIN_SHARE:
            return rng.choice(self.domain)
        return self.words[bisect(self.cumulative, rng.random() * self.cumulative[-1])]

    def text(self, rng, length):
        return " ".join(self.word(rng) for _ in range(length))

    def sentence(self, rng, length):
        return self.text(rng, length).capitalize() + "."


@cache
def vocabularies():
    """{language: Vocabulary}, the domain words with the vocabularies' labels in it."""
    from practices.models import FundingProgramme, PathwayStage, TargetGroup, Theme

    domain = {language: DOMAIN_WORDS[language].split() for language in LANGUAGES}
    for model in (Theme, TargetGroup, PathwayStage, FundingProgramme):
        for term in model.objects.all():
            labels = getattr(term, "labels", None) or {}
            for language in LANGUAGES:
                label = labels.get(language) or (term.default_label if language == "en" else "")
                domain[language] += [word for word in label.split() if word.isalpha()]
    return {language: Vocabulary(language, domain[language]) for language in LANGUAGES}


def version_text(rng, vocabulary):
    """Title, summary, body (a StreamField value) and outcomes in one language."""
    body = [("heading", vocabulary.sentence(rng, rng.randint(3, 6)))]
    remaining = rng.randint(300, 800)
    while remaining > 0:
        length = min(remaining, rng.randint(60, 140))
        body.append(("paragraph", f"<p>{vocabulary.sentence(rng, length)}</p>"))
        remaining -= length
    return {
        "title": vocabulary.sentence(rng, rng.randint(7, 13)).rstrip("."),
        "summary": vocabulary.sentence(rng, rng.randint(40, 60)),
        "body": body,
        "outcomes": vocabulary.sentence(rng, rng.randint(60, 100)),
    }


def benchmark_organisations():
    """The benchmark's organisations, each with its copy in every locale tree:
    [{language: OrganisationPage}]."""
    from wagtail.models import Locale

    from practices.models import OrganisationPage
    from practices.organisations import create_organisation

    organisations = []
    for number in range(ORGANISATIONS):
        title = f"Benchmark network {number:02d}"
        original = OrganisationPage.objects.filter(
            title=title, locale=Locale.get_default()).first() or create_organisation(
            title, country=COUNTRIES[number % len(COUNTRIES)])  # fmt: skip
        copies = {}
        for language in LANGUAGES:
            locale = Locale.objects.get(language_code=language)
            copy = original.get_translation_or_none(locale)
            if copy is None:
                copy = original.copy_for_translation(locale, copy_parents=True)
                copy.save_revision().publish()
            copies[language] = copy.specific
        organisations.append(copies)
    return organisations


def synthetic_practice(rng, number, language):
    """The facets and the original's text of practice `number`, written in `language`."""
    return {
        "number": number,
        "language": language,
        "start_year": (start := rng.randint(2000, 2025)),
        "end_year": rng.choice([None, None, start + rng.randint(0, 6)]),
        "countries": rng.sample(COUNTRIES, rng.randint(1, 3)),
    }


def practice_pages(rng, spec, organisation, key):
    """The five PracticePages of one practice: the original first."""
    from practices.models import PracticePage

    languages = [spec["language"], *(code for code in LANGUAGES if code != spec["language"])]
    pages = []
    for language in languages:
        text = version_text(rng, vocabularies()[language])
        pages.append(PracticePage(
            **text, translation_key=key, start_year=spec["start_year"],
            end_year=spec["end_year"], countries=spec["countries"],
            original_language=spec["language"], source_id=f"bench-{spec['number']}"
            if language == spec["language"] else "",
        ))  # fmt: skip
        pages[-1].parent = organisation[language]
    return pages


def insert_pages(pages):
    """Insert live PracticePages (each with a `parent` organisation) in bulk: the page
    rows with their tree paths, then the practice rows (Django cannot bulk-create a
    multi-table model)."""
    from django.contrib.contenttypes.models import ContentType
    from django.db import connection
    from django.db.models import F
    from django.utils import timezone
    from wagtail.models import Page

    from practices.models import PracticePage

    content_type = ContentType.objects.get_for_model(PracticePage)
    now = timezone.now()
    children = {}
    for page in pages:
        parent = page.parent
        if parent.pk not in children:
            parent.refresh_from_db()
            last = parent.get_last_child()
            children[parent.pk] = Page._str2int(last.path[-Page.steplen :]) if last else 0
        children[parent.pk] += 1
        page.slug = f"bench-{uuid.uuid4().hex[:12]}"
        page.draft_title = page.title
        page.path = Page._get_path(parent.path, parent.depth + 1, children[parent.pk])
        page.depth = parent.depth + 1
        page.url_path = f"{parent.url_path}{page.slug}/"
        page.content_type = content_type
        page.locale_id = parent.locale_id
        page.live, page.has_unpublished_changes = True, False
        page.first_published_at = page.last_published_at = now
    fields = PracticePage._meta.local_concrete_fields
    insert = (
        f"INSERT INTO {PracticePage._meta.db_table} ({', '.join(f.column for f in fields)}) "
        f"VALUES ({', '.join(['%s'] * len(fields))})"
    )
    rows = Page.objects.bulk_create([Page(**page_values(page)) for page in pages])
    practice_rows = []
    for row, page in zip(rows, pages, strict=True):
        page.page_ptr_id = page.pk = row.pk
        practice_rows.append(
            [f.get_db_prep_save(f.pre_save(page, True), connection) for f in fields])
    with connection.cursor() as cursor:
        cursor.executemany(insert, practice_rows)
    added = {}
    for page in pages:
        added[page.parent.pk] = added.get(page.parent.pk, 0) + 1
    for parent_pk, count in added.items():
        Page.objects.filter(pk=parent_pk).update(numchild=F("numchild") + count)


def page_values(page):
    from wagtail.models import Page

    return {field.attname: getattr(page, field.attname)
            for field in Page._meta.local_concrete_fields if field.attname != "id"}  # fmt: skip


def record_translations(rng, originals, translations):
    """What wagtail-localize and the translation jobs leave: a translatable object and a
    translation source per original, a TranslationState per translation."""
    from django.apps import apps
    from django.contrib.contenttypes.models import ContentType
    from django.utils import timezone
    from wagtail.models import Page
    from wagtail_localize.models import TranslatableObject, TranslationSource

    from practices.models import PracticePage

    translation_state = apps.get_model("translation", "TranslationState")
    page_type = ContentType.objects.get_for_model(Page)
    practice_type = ContentType.objects.get_for_model(PracticePage)
    now = timezone.now()
    TranslatableObject.objects.bulk_create([
        TranslatableObject(translation_key=page.translation_key, content_type=page_type)
        for page in originals])  # fmt: skip
    TranslationSource.objects.bulk_create([
        TranslationSource(object_id=page.translation_key, specific_content_type=practice_type,
                          locale_id=page.locale_id, object_repr=page.title[:200],
                          content_json="{}", last_updated_at=now)
        for page in originals])  # fmt: skip
    translation_state.objects.bulk_create([
        translation_state(translation_key=page.translation_key, locale_id=page.locale_id,
                          state="reviewed" if rng.random() < REVIEWED_SHARE else "machine",
                          translator="apertium")
        for page in translations])  # fmt: skip


def attach_terms(rng, originals):
    """Give each original one or two themes and target groups, a pathway stage and, for
    half of them, a funding programme."""
    from practices.models import (
        FundingProgramme,
        PathwayStage,
        PracticePage,
        PracticeTheme,
        TargetGroup,
        Theme,
    )

    themes = list(Theme.objects.values_list("pk", flat=True))
    groups = list(TargetGroup.objects.values_list("pk", flat=True))
    stages = list(PathwayStage.objects.values_list("pk", flat=True))
    programmes = list(FundingProgramme.objects.values_list("pk", flat=True))
    through = {name: getattr(PracticePage, name).through
               for name in ("target_groups", "pathway_stages", "funding_programmes")}  # fmt: skip
    rows = {name: [] for name in through}
    theme_rows = []
    for page in originals:
        for theme in rng.sample(themes, rng.randint(1, 2)):
            theme_rows.append(PracticeTheme(content_object_id=page.pk, tag_id=theme))
        for group in rng.sample(groups, rng.randint(1, 2)):
            rows["target_groups"].append(through["target_groups"](
                practicepage_id=page.pk, targetgroup_id=group))  # fmt: skip
        rows["pathway_stages"].append(through["pathway_stages"](
            practicepage_id=page.pk, pathwaystage_id=rng.choice(stages)))  # fmt: skip
        if rng.random() < 0.5:
            rows["funding_programmes"].append(through["funding_programmes"](
                practicepage_id=page.pk, fundingprogramme_id=rng.choice(programmes)))  # fmt: skip
    PracticeTheme.objects.bulk_create(theme_rows)
    for name, model in through.items():
        model.objects.bulk_create(rows[name])


def create_practices(count, seed=0, first_number=0):
    """Create `count` practices of five versions each, numbered from `first_number`;
    returns [(measure, value)]."""
    import time

    from django.db import transaction

    organisations = benchmark_organisations()
    rng = random.Random(seed * 1_000_003 + first_number)  # another batch, other keys
    vocabularies()
    started = time.perf_counter()
    end = first_number + count
    for first in range(first_number, end, BATCH_SIZE):
        originals, translations = [], []
        for number in range(first, min(first + BATCH_SIZE, end)):
            spec = synthetic_practice(rng, number, rng.choice(LANGUAGES))
            key = uuid.UUID(int=rng.getrandbits(128), version=4)
            original, *others = practice_pages(rng, spec, rng.choice(organisations), key)
            originals.append(original)
            translations += others
        with transaction.atomic():
            insert_pages(originals)  # first: the oldest page of a practice is its original
            insert_pages(translations)
            record_translations(rng, originals, translations)
            attach_terms(rng, originals)
    seconds = time.perf_counter() - started
    return [
        ("practices created (5 live versions each)", f"{count}"),
        ("creation time", f"{seconds:.1f} s ({count / seconds:.0f} practices/s)"),
    ]
