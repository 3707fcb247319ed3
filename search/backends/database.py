"""Practice search on PostgreSQL, for when Elasticsearch cannot answer.

The same validated parameters give the same filters, facet semantics (OR within a facet, AND
across facets, each facet counted with every filter but its own), sorts and pages as
the Elasticsearch backend (search.backends.elasticsearch). It reads the search table
(`PracticeSearchEntry`, written by search.search_table from the same document as the
index): one row per practice, its text of every live version stored as a vector (each
language's stems, and accent-folded) behind a GIN index, and its facet values, so a
practice matches and counts once and no vector is computed at query time. One statement
counts the practices found and their facets.
Most words are required, as on the index (`required_words`), any of them when that finds
few practices (filters included, as on the index); practices rank by `ts_rank` of the words
in their titles and summaries (the `heading` column, `heading_rank`), then the newest
first; "quoted phrases" and -words work as on the index. What it cannot do: dictionary
translations, typing mistakes, passages, ranking by how often the body says the words. A
hit shows the practice's version in the visitor's language, else its original.
"""

import itertools
from contextlib import contextmanager, nullcontext

from django.contrib.postgres.search import SearchQueryField, SearchRank
from django.db import connection, transaction
from django.db.models import BooleanField, Case, F, Q, Value, When
from django.db.models.expressions import RawSQL
from django.db.models.fields.json import KeyTextTransform

from practices.models import OrganisationPage, PracticePage
from practices.versions import is_original
from search.facets import FACETS, FACETS_BY_NAME
from search.indexing import indexable_practices
from search.models import PracticeSearchEntry
from search.params import check_page_exists
from search.query_text import FEW_RESULTS, QueryText, required_words
from search.results import YEAR_RANGE, Hit, SearchResult, facets_from_counts, relaxations
from search.search_table import NEUTRAL_CONFIG, TEXT_SEARCH_CONFIGS
from search.text import fold_accents, split_elisions


def searchable_practices():
    """What the index holds: live, public practices of the indexing code."""
    return indexable_practices()


def public_entries():
    """The search table's rows of practices with a public version: a withdrawn practice's
    row is hidden in the transaction that withdraws it (search/search_table.py)."""
    return PracticeSearchEntry.objects.filter(public=True)


def search_database(params):
    text = params.q.strip()
    filters = selected_filters(params)
    with text_index_first() if text else nullcontext():
        query, any_word, heading_words = text_queries(text) if text else (None, None, None)
        counts, total, _ = facet_counts(matching_entries(query), filters)
        if any_word and total < FEW_RESULTS:
            # As on the index: when most of the words find few practices, any word will
            # do, and the rank puts the practices with more of them first.
            query = any_word
            counts, total, _ = facet_counts(matching_entries(query), filters)
        check_page_exists(params, total)
        totals = {}
        if total == 0 and filters:
            _, _, totals = facet_counts(matching_entries(query), filters, with_totals=True)
        matching = filtered(matching_entries(query), filters.values())
        if text:
            matching = matching.annotate(rank=heading_rank(query, heading_words))
        page = matching.order_by(*sort_order(params)).values_list("versions", "original_id")
        shown = [shown_version(versions, original, params.lang) for versions, original
                 in page[params.offset : params.offset + params.page_size]]  # fmt: skip
    return SearchResult(
        params=params,
        total=total,
        hits=practice_hits(shown, organisations_by_path()),
        facets=facets_from_counts(params, counts),
        backend="database",
        relaxations=relaxations(params, totals) if total == 0 else [],
    )


@contextmanager
def text_index_first():
    """The statements within find the words through the GIN index, never by reading rows.

    The planner prices matching a row like any filter and prefers reading the table when a
    word is in many practices; but matching a row reads its whole vector (45 KB a practice
    of five versions, stored out of line): a gigabyte for 10,000 practices, where the
    index gives the same rows without reading one vector (200 ms against 40 ms).
    """
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        yield
        cursor.execute("SET LOCAL enable_seqscan = on")


def matching_entries(query):
    entries = public_entries()
    if query is None:
        return entries
    return entries.filter(
        RawSQL("document @@ %s::tsquery", [query], output_field=BooleanField()))


def heading_rank(query, heading_words):
    """`ts_rank` of `query` in the practice's titles and summaries (`heading`), read only
    where they have one of `heading_words`, found through their own GIN index; 0
    elsewhere. A word in half the practices is in the titles or summaries of few, and
    reading each heading is what ranking costs. (`ts_rank` gives a heading with some of
    the words but not the query's combination a near-zero rank, which still puts it above
    the headings with none.)"""
    if heading_words is None:
        return Value(0.0)
    headed = public_entries().filter(
        RawSQL("heading @@ %s::tsquery", [heading_words], output_field=BooleanField()))
    tsquery = RawSQL("%s::tsquery", [query], output_field=SearchQueryField())
    return Case(When(translation_key__in=headed.values("translation_key"),
                     then=SearchRank(F("heading"), tsquery)), default=Value(0.0))  # fmt: skip


def shown_version(versions, original_id, language):
    """The page id of the version a visitor in `language` sees: theirs, else the original,
    else the oldest."""
    return versions.get(language) or original_id or min(versions.values())


MAX_COMBINED_WORDS = 8  # beyond, any word matches: the combinations would be too many


def word_sql(word):
    """A word as the search table holds it: in each language's configuration (its stems)
    and accent-folded in `simple`; (SQL of a tsquery, parameters)."""
    terms = [(f"plainto_tsquery('{config}', %s)", word) for config in TEXT_SEARCH_CONFIGS.values()]
    terms.append((f"plainto_tsquery('{NEUTRAL_CONFIG}', %s)", fold_accents(word)))
    return " || ".join(sql for sql, _ in terms), [value for _, value in terms]


def phrase_sql(phrase):
    return f"phraseto_tsquery('{NEUTRAL_CONFIG}', %s)", [fold_accents(phrase)]


def tsquery_texts(pieces):
    """The tsqueries of `pieces` ((SQL, parameters)) as PostgreSQL writes them, in one
    round trip."""
    if not pieces:
        return []
    columns = ", ".join(f"({sql})::text" for sql, _ in pieces)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {columns}", [value for _, values in pieces for value in values])
        return list(cursor.fetchone())


def text_queries(text):
    """The query as the texts of three tsqueries: most of the words, every phrase and none
    of the -words; the same with any one of the words (None when that is no other query);
    and any one word of the words and phrases, which a heading must have to rank (None
    when there is none).

    PostgreSQL analyses each piece once; the combinations of words are written into the
    tsquery's text here, which costs nothing, where an expression of Django's per
    combination and language took longer to build than the statement took to run.
    """
    parsed = QueryText.parse(split_elisions(text))
    words, phrases, excluded = parsed.words.split(), parsed.phrases, parsed.excluded
    phrase_words = [word for phrase in phrases for word in phrase.split()]
    pieces = [word_sql(word) for word in [*words, *phrase_words]]
    pieces += [phrase_sql(piece) for piece in [*phrases, *excluded]]
    texts = iter(tsquery_texts(pieces))
    word_texts, phrase_word_texts, phrase_texts, excluded_texts = (
        [piece for piece in itertools.islice(texts, size) if piece]
        for size in (len(words), len(phrase_words), len(phrases), len(excluded)))  # fmt: skip
    others = [f"({piece})" for piece in phrase_texts]
    others += [f"!({piece})" for piece in excluded_texts]

    def written(required):
        clauses = list(others)
        if word_texts:
            clauses.insert(0, " | ".join(
                "(" + " & ".join(f"({piece})" for piece in combination) + ")"
                for combination in itertools.combinations(word_texts, required)))  # fmt: skip
        if not clauses:
            clauses = [piece for piece in tsquery_texts([phrase_sql(text)]) if piece]
        return " & ".join(f"({clause})" for clause in clauses)

    count = len(word_texts)
    required = 1 if count > MAX_COMBINED_WORDS else required_words(count)
    heading_words = " | ".join(f"({piece})" for piece in word_texts + phrase_word_texts) or None
    return written(required), written(1) if required > 1 else None, heading_words


def filtered(entries, conditions):
    for condition in conditions:
        entries = entries.filter(condition)
    return entries


def organisations_by_path():
    return {
        organisation.path: organisation
        for organisation in OrganisationPage.objects.live().public().only("path", "slug", "title")
    }


def selected_filters(params):
    """A selection filters the search table: an array column overlaps the selected values,
    a scalar column is one of them."""
    filters = {}
    for name, values in params.filters:
        facet = FACETS_BY_NAME[name]
        lookup = "overlap" if facet.kind.multiple else "in"
        filters[name] = Q(**{f"{facet.name}__{lookup}": sorted(values)})
    if params.has_year_range:
        filters[YEAR_RANGE] = year_range_condition(params.year_from, params.year_to)
    return filters


def year_range_condition(year_from, year_to):
    condition = Q(start_year__lte=year_to) if year_to else Q(start_year__isnull=False)
    if year_from:
        condition &= Q(end_year__gte=year_from) | Q(end_year__isnull=True)
    return condition


COUNTED_COLUMNS = tuple(facet.name for facet in FACETS)
MATCHING = "matching"  # the branch of the facet statement that counts the entries found
WITHOUT = "without"  # the branches that count them without one of the filters


def facet_counts(entries, filters, with_totals=False):
    """({facet: {value: count}}, total, {filter: total without it}) in one statement: each
    facet is counted among the entries passing every filter but its own, so the facets
    without a selected value share one set (the entries found, which give the total) and
    each facet with one has its own. The totals without each filter, which name the filters
    to remove when nothing is found, only `with_totals`."""
    sets, set_parameters = {}, []

    def set_without(name):
        """The name, in the statement, of the entries passing every filter but `name`'s
        (every filter for None)."""
        left_out = name if name in filters else None
        if left_out not in sets:
            others = [q for other, q in filters.items() if other != left_out]
            counted = filtered(entries, others).values(*COUNTED_COLUMNS)
            sql, parameters = counted.query.sql_with_params()
            sets[left_out] = (f"set_{len(sets)}", sql)
            set_parameters.extend(parameters)
        return sets[left_out][0]

    found = set_without(None)
    branches, branch_parameters = [f"SELECT '{MATCHING}', '', count(*) FROM {found}"], []
    for facet in FACETS:
        table = set_without(facet.name)
        if facet.kind.multiple:
            branches.append(f"SELECT %s::text, value::text, count(*) FROM {table}, "
                            f"unnest({table}.{facet.name}) AS value GROUP BY value")
        else:
            branches.append(f"SELECT %s::text, {facet.name}::text, count(*) FROM {table} "
                            f"WHERE {facet.name} <> '' GROUP BY {facet.name}")
        branch_parameters.append(facet.name)
    if with_totals:
        for name in filters:
            branches.append(f"SELECT '{WITHOUT}', %s::text, count(*) FROM {set_without(name)}")
            branch_parameters.append(name)
    statement = ("WITH " + ", ".join(f"{table} AS ({sql})" for table, sql in sets.values())
                 + " " + " UNION ALL ".join(branches))
    counts, total, totals = {facet.name: {} for facet in FACETS}, 0, {}
    with connection.cursor() as cursor:
        cursor.execute(statement, set_parameters + branch_parameters)
        for kind, value, count in cursor.fetchall():
            if kind == MATCHING:
                total = count
            elif kind == WITHOUT:
                totals[value] = count
            else:
                counts[kind][value] = count
    return counts, total, totals


def sort_order(params):
    newest = [F("published_at").desc(nulls_last=True), "translation_key"]
    if params.sort == "title":
        return [KeyTextTransform(params.lang, "title_sort").asc(), "translation_key"]
    if params.sort == "newest" or not params.q.strip():
        return newest
    return ["-rank", *newest]


def practice_hits(ids, organisations):
    specifics = PracticePage.objects.filter(pk__in=ids).select_related("locale").prefetch_related(
        "theme_items__tag", "target_groups", "pathway_stages", "funding_programmes"
    )
    by_id = {practice.pk: practice for practice in specifics}
    return [practice_hit(by_id[pk], organisations) for pk in ids]


def practice_hit(practice, organisations):
    organisation = organisations.get(practice.path[: -PracticePage.steplen])
    return Hit(
        id=practice.pk,
        source_id=practice.source_id,
        title=practice.title,
        url=practice.url,
        summary=practice.summary,
        highlight=None,
        language=practice.original_language,
        locale=practice.locale.language_code,
        themes=sorted(item.tag.slug for item in practice.theme_items.all()),
        countries=[str(code) for code in practice.countries],
        target_groups=sorted(term.slug for term in practice.target_groups.all()),
        pathway_stages=sorted(term.slug for term in practice.pathway_stages.all()),
        funding_programmes=sorted(term.slug for term in practice.funding_programmes.all()),
        organisation=organisation.slug if organisation else None,
        organisation_name=organisation.title if organisation else "",
        start_year=practice.start_year,
        end_year=practice.end_year,
    ).as_dict()


def preferred_versions(versions, language):
    """One of `versions` per practice: in `language`, else the original, else the oldest."""
    preference = Case(
        When(locale__language_code=language, then=Value(0)),
        When(is_original(), then=Value(1)),
        default=Value(2),
    )
    chosen = (
        versions.annotate(preference=preference)
        .order_by("translation_key", "preference", "pk")
        .distinct("translation_key")
        .values("pk")
    )
    return searchable_practices().filter(pk__in=chosen)


def suggest_from_database(text, limit, language=None):
    """The practices with a version whose title starts with `text`, each as its version in
    `language` (else its original), as `suggest_titles` answers."""
    completed = searchable_practices().filter(title__istartswith=text.strip())
    versions = searchable_practices().filter(
        translation_key__in=completed.values("translation_key"))
    practices = preferred_versions(versions, language).order_by("title")
    return [{"text": practice.title, "url": practice.url} for practice in practices[:limit]]
