"""The scored query: the words, in every language a practice may have them in, phrases and
exclusions; and the practices nearest the query's meaning (see the package's docstring)."""

from dataclasses import replace

from elasticsearch.dsl import Q

from search.documents import language_fields, name_fields, neutral_fields
from search.text import fold_accents, split_elisions, word_prefixes, words_of

TIE_BREAKER = 0.1
# Weights of the clauses against the words as typed in the language of their version.
MACHINE_WEIGHT = 0.75  # a machine translation's text, against an original or reviewed one
GLOSS_WEIGHT = 0.45  # the word-by-word gloss of a practice with no version in the language
TRANSLATED_WORDS_WEIGHT = 0.5  # the query's words translated by the dictionaries
MACHINE_TRANSLATED_WORDS_WEIGHT = 0.6  # the query machine-translated (Apertium)
NEUTRAL_WEIGHT = 0.4  # accent-folded words on every version's text
TYPO_WEIGHT = 0.3  # the same, forgiving typing mistakes
PREFIX_WEIGHT = 0.3  # the words' first letters on every version's (search.text.word_prefixes)
PHRASE_SLOP = 3
ANY_WORD_WEIGHT = 0.25  # any one word, when most words find few practices (FEW_RESULTS)
# Matching by meaning (search.embeddings). A practice is found by its words or by being
# among the NEIGHBOURS nearest the query's meaning, above a cosine similarity; every
# practice found that is among the MEANING_CANDIDATES nearest is also scored by its
# similarity, for search.backends.elasticsearch.ranking to weigh against its words' score.
NEIGHBOURS = 10
NEIGHBOUR_SIMILARITY = 0.84
# A word or two is no description to find by meaning alone ("cooking" is near every
# course): only a query of more words than that finds neighbours; any query is ranked.
NEIGHBOUR_WORDS = 3
MEANING_CANDIDATES = 100
# The meaning's weight in Elasticsearch's own order, which chooses the practices that
# ranking orders: a cosine 0.05 higher is worth as much as a good match of the words.
MEANING_WEIGHT = 800.0
# The names under which a hit's `matched_queries` reports the two scores.
WORDS = "words"
MEANING = "meaning"


def scored_query(plan):
    """The query of `plan`: the practices its words or its meaning find, phrases required
    and exclusions left out, each scored by its words (WORDS) and its meaning (MEANING)."""
    text = plan.text
    must = phrase_queries(text)
    must_not = [Q("multi_match", query=fold_accents(word), type="phrase",
                  fields=neutral_fields() + name_fields()) for word in text.excluded]  # fmt: skip
    found = [word_query(plan)] if text.words else []
    if plan.meaning is not None and content_words(plan) >= NEIGHBOUR_WORDS:
        # Scored by the MEANING clause below, not twice.
        found.append(nearest(plan, NEIGHBOURS, boost=0.0, similarity=NEIGHBOUR_SIMILARITY))
    if not (must or found):
        must = [Q("match_all")]
    matched = Q("bool", must=must, must_not=must_not, should=found,
                minimum_should_match=1 if found else 0)
    if plan.meaning is None:
        return matched
    meaning = nearest(plan, MEANING_CANDIDATES, boost=MEANING_WEIGHT, _name=MEANING)
    return Q("bool", must=[matched], should=[meaning])


def content_words(plan):
    """How many words of the query are not stop words, in every language it is read in."""
    return min((len(analysis.terms) for analysis in plan.analyses), default=0)


def highlighted_query(plan):
    """What a passage highlights: the words and the phrases. Not typing mistakes: a fuzzy
    word makes the highlighter analyse every passage's text again instead of reading the
    stored offsets (search.documents.PASSAGE_TEXTS)."""
    words = [word_query(replace(plan, typos=frozenset()))] if plan.text.words else []
    return Q("bool", should=words + phrase_queries(plan.text))


def phrase_queries(text):
    """Each "quoted phrase", word for word on every version's text (accents folded)."""
    return [Q("multi_match", query=fold_accents(phrase), type="phrase", fields=neutral_fields())
            for phrase in text.phrases]  # fmt: skip


def nearest(plan, count, **options):
    """The `count` practices nearest the query's meaning."""
    return Q("knn", field="embedding", query_vector=plan.meaning, k=count,
             num_candidates=max(count, MEANING_CANDIDATES), **options)


def cosine_of(score):
    """The cosine similarity behind a MEANING score: Elasticsearch scores a cosine as
    (1 + cosine) / 2, times the clause's boost."""
    return 2.0 * score / MEANING_WEIGHT - 1.0


def word_query(plan):
    """The plain words, in every language a practice may have them in: one `dis_max`."""
    clauses = []
    analysed = {item.language for item in plan.analyses}
    for item in plan.analyses:
        clauses.append(language_clause(item.language, item.text, plan.minimum_should_match))
        clauses.append(gloss_clause(item.language, item.text, plan.minimum_should_match))
        for target, groups in item.translations.items():
            if target not in analysed:
                clauses.append(translated_clause(target, groups))
    for target, translated in plan.translations.items():
        if target not in analysed:
            clauses.append(language_clause(target, split_elisions(translated),
                                           plan.minimum_should_match,
                                           boost=MACHINE_TRANSLATED_WORDS_WEIGHT))
    folded = fold_accents(plan.text.words)
    if plan.any_word:
        clauses += any_word_clauses(plan, folded)
    clauses.append(Q("multi_match", query=folded, type="cross_fields", operator="or",
                     fields=neutral_fields() + name_fields(), boost=NEUTRAL_WEIGHT,
                     minimum_should_match=plan.minimum_should_match))  # fmt: skip
    clauses.append(Q("match", prefixes={
        "query": word_prefixes(plan.text.words), "operator": "or", "boost": PREFIX_WEIGHT,
        "minimum_should_match": plan.minimum_should_match}))  # fmt: skip
    if plan.typos:
        clauses.append(typo_clause(plan, folded))
    return Q("dis_max", queries=clauses, tie_breaker=TIE_BREAKER, _name=WORDS)


def typo_clause(plan, folded):
    """The words on every version's text, those no practice contains forgiving a typing
    mistake. The others are matched as typed: a word the index knows is rarely a typing
    mistake, and each word forgiven costs the node an automaton per field."""
    words = [Q("multi_match", query=word, fields=neutral_fields(),
               **({"fuzziness": "AUTO", "prefix_length": 1} if word in plan.typos else {}))
             for word in words_of(folded.lower())]  # fmt: skip
    return Q("bool", should=words, minimum_should_match=plan.minimum_should_match,
             boost=TYPO_WEIGHT)


def any_word_clauses(plan, folded):
    """Any one of the words, in the query's languages and on every version's text."""
    clauses = [language_clause(item.language, item.text, "1", boost=ANY_WORD_WEIGHT)
               for item in plan.analyses]  # fmt: skip
    clauses.append(Q("multi_match", query=folded, type="cross_fields", operator="or",
                     fields=neutral_fields() + name_fields(), boost=ANY_WORD_WEIGHT,
                     minimum_should_match="1"))  # fmt: skip
    return clauses


def language_clause(language, text, minimum_should_match, boost=1.0):
    """`text` on the fields of `language`'s version, as one field, phrases ranking higher;
    a machine translation's text weighs less than an original or a reviewed one."""
    fields = language_fields(language)
    matched = Q("multi_match", query=text, type="cross_fields", operator="or", fields=fields,
                minimum_should_match=minimum_should_match)  # fmt: skip
    near = Q("multi_match", query=text, type="phrase", slop=PHRASE_SLOP, fields=fields)
    return Q("boosting", positive=Q("bool", must=[matched], should=[near]),
             negative=Q("term", machine_locales=language), negative_boost=MACHINE_WEIGHT,
             boost=boost)


def gloss_clause(language, text, minimum_should_match):
    return Q("match", **{f"gloss_{language}": {
        "query": text, "operator": "or", "minimum_should_match": minimum_should_match,
        "boost": GLOSS_WEIGHT}})  # fmt: skip


def translated_clause(language, groups):
    """The dictionary translations of the words on `language`'s fields: any translation of
    a word matches it, and most words must match."""
    fields = language_fields(language)
    words = [Q("multi_match", query=" ".join(group), fields=fields, operator="or")
             for group in groups]  # fmt: skip
    required = max(1, len(groups) - len(groups) // 3)
    matched = Q("bool", should=words, minimum_should_match=required)
    return Q("boosting", positive=matched, negative=Q("term", machine_locales=language),
             negative_boost=MACHINE_WEIGHT, boost=TRANSLATED_WORDS_WEIGHT)

