"""Practice search on Elasticsearch: validated parameters in, results with facet counts out.

    result = search_index(params)   # SearchResult; Elasticsearch's errors reach the caller

Selected facet values and the year range go into `post_filter`; each facet is counted by its own
filtered aggregation carrying every filter but its own, so that a visitor sees how many results
each further choice would give. Several values of one facet combine with OR, facets with AND.
A practice is one document (search/documents.py): every total and count is a document count.

Ranking across languages (`scored_query`)
    The words are analysed in the interface language (`params.lang`) and, when the query
    is clearly in another site language (search.query_language), in that one too. Each
    analysis is matched on that language's fields (the version in that language: written,
    reviewed or machine-translated; the last weigh less) as one field (`cross_fields`),
    most words required (MINIMUM_SHOULD_MATCH), phrase proximity ranking higher; and on the
    dictionary gloss of practices that have no version in it. The words are also looked up
    in the FreeDict dictionaries (search.dictionaries) and matched, weaker, on every other
    language's fields; and, accent-folded, on the neutral fields that hold every version.
    The words are also machine-translated (Apertium) into the other languages it reaches.
    The clauses combine in a `dis_max` with a small tie-breaker, so that a practice is not
    favoured for having more translations. When most words find fewer practices than a
    page (FEW_RESULTS), practices with any one of the words follow, weighing less.
    "Quoted phrases" are required word for word and -words excluded, on the neutral
    fields (accents folded).

Meaning
    The query and its machine translations are embedded together by a multilingual
    sentence model (search.embeddings), as is each practice's original title and summary.
    A query of three words or more also finds the practices nearest its meaning, above a
    cosine similarity, whose words it does not share (a few, and counted in the total and
    facets like any other result). The first results are then ordered by the words'
    score and the meaning's together (`ranking`): the meaning finds what a practice is
    about in any language, the words confirm it.

Typing mistakes
    The first request also asks which words no practice contains but one close to them
    does (a term suggester). When there are some, the plain words are matched again, those
    forgiven a typing mistake or two: fuzzy matching costs the node an automaton per word
    and field (a long query of fuzzy words once took seconds and more memory than the node
    lets a request hold), and a word the index knows needs no correction. If still nothing
    is found, fewer words are required, then a spelling ("did you mean") and the filters
    to drop are offered. Only a query's first 32 words are searched (query_text.MAX_WORDS).

Hits
    The title, summary and link of a hit are those of the practice's version in the
    visitor's language, else of its original; the highlighted passage comes from the
    version that matched, in the visitor's language when it matched there.

Modules
    `searching`: the request (filters, facets, sort, page, highlight, suggestions) and the
    retries; `plan`: the query's words analysed, translated and embedded once per search;
    `matching`: the scored query; `ranking`: the order of the first results; `hits`: a
    hit's fields and the completions, as the visitor is shown them.
"""

from .searching import search_index, suggest_from_index

__all__ = ["search_index", "suggest_from_index"]
