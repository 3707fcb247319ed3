"""Relevance benchmark: how well search ranks the practices a person would be glad to find,
beside a plain BM25 baseline measured in the same run.

    .venv/bin/python bench/relevance.py [--verbose] [--json PATH]
    .venv/bin/python bench/relevance.py --reuse        # the scratch database and index as they are
    .venv/bin/python bench/relevance.py --corpus '/tmp/c-*.jsonl' --queries '/tmp/q-*.jsonl'

What it measures, and why: the judged queries of `bench/relevance/queries-*.jsonl` (written
as /work/shared/RELEVANCE.md says, by two people: the file name's suffix, `queries-a`, names
the half, reported apart) are sent to the public JSON API as a visitor's page sends them,
and to a baseline: one BM25 `multi_match` (best_fields, OR) over every text field of the live
mapping, with the same facet filters as `terms` filters. The baseline says how hard the
corpus and the queries are, so the API's figures are read beside it, kind by kind: a gain
on one kind bought with a loss on another is a trade. The figures, per kind of query, per
half and overall: nDCG@10 (graded gains 2 and 1, log2 discount, the ideal ranking from the
judgments), recall@10 (the share of the practices judged relevant found in the first ten)
and the share of queries answered with no result. An index may hold a document per
language version of a practice: both systems' results are deduplicated by source_id, first
occurrence kept, before being cut at ten (the baseline asks for ten documents per site
language, so that ten practices remain).

It never touches the developer's data: on a scratch PostgreSQL database (`kb_relevance`,
dropped and created again each run) and index prefix (`relevance`) of its own, with
kb.settings.dev otherwise, it migrates, imports `bench/relevance/corpus-*.jsonl` with
`import_practices --publish`, machine-translates them with `translate_practices` (which
runs the translation jobs in this process, through the configured translator: Apertium by
default) and runs `search_index rebuild`. The jobs that publishing queues go to an
in-memory broker that no worker reads, since the commands above do their work, and the
cache is this process's: no worker or page of the developer's sees the scratch site.
"""

import argparse
import glob
import json
import math
import os
import sys
import time
from collections import defaultdict
from contextlib import contextmanager
from dataclasses import dataclass, field
from io import StringIO
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# Run as a script, this file's directory comes first on the path, and bench/search.py would
# hide the `search` app.
sys.path[0] = str(ROOT)

SCRATCH_DATABASE = "kb_relevance"
SCRATCH_INDEX_PREFIX = "relevance"
DEFAULT_CORPUS = str(ROOT / "bench" / "relevance" / "corpus-*.jsonl")
DEFAULT_QUERIES = str(ROOT / "bench" / "relevance" / "queries-*.jsonl")
CUTOFF = 10
GAINS = (0, 1, 2)
KINDS = (
    "plain", "other-language", "cross-lingual", "typo", "body-only", "filtered", "phrase",
)  # fmt: skip
SYSTEMS = ("api", "baseline")


@dataclass(frozen=True)
class Query:
    id: str
    q: str
    kind: str
    half: str
    relevant: dict  # {source_id: gain}
    lang: str | None = None
    filters: dict = field(default_factory=dict)  # {facet name: [values]}
    notes: str = ""


@dataclass
class Ranking:
    """What one system answered to one query: its total and its first distinct practices."""

    total: int
    source_ids: list


def progress(message):
    print(message, file=sys.stderr, flush=True)


@contextmanager
def step(name, timings):
    """Announce a long step on stderr and record how long it took."""
    progress(f"{name}…")
    started = time.perf_counter()
    yield
    timings[name] = round(time.perf_counter() - started, 2)
    progress(f"{name}: {timings[name]:.1f} s")


# Set-up: settings, scratch database and index, corpus, translations, index.


def setup_django(database):
    """kb.settings.dev with the scratch index prefix and database, an unread broker and a
    cache of this process's own.

    The prefix goes through the environment, as base.py reads it. The database keeps the
    configured server and credentials (DATABASE_URL or its default) under another name, so
    its name is changed in the settings before anything connects. Celery reads
    CELERY_BROKER_URL from the environment before the settings: `memory://` keeps the jobs
    that publishing queues inside this process. The shared Redis cache would hand the
    developer's site the scratch site's root paths (Wagtail caches them) and back: the
    bench is one process, so a local-memory cache is all it needs. Logging is quiet unless
    LOG_LEVEL says otherwise.
    """
    import django

    os.environ["DJANGO_SETTINGS_MODULE"] = "kb.settings.dev"
    os.environ["ELASTICSEARCH_INDEX_PREFIX"] = SCRATCH_INDEX_PREFIX
    os.environ["CELERY_BROKER_URL"] = "memory://localhost/"
    # Wagtail logs every page it creates, edits and publishes at INFO.
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    from django.conf import settings

    settings.DATABASES["default"]["NAME"] = database
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    django.setup()
    from django.test.utils import setup_test_environment

    setup_test_environment()  # the test Client's host, mail kept in memory


def server_connection():
    """An autocommit connection to the scratch database's server, outside that database."""
    import psycopg
    from django.conf import settings

    database = settings.DATABASES["default"]
    return psycopg.connect(
        dbname="postgres", user=database["USER"], password=database["PASSWORD"],
        host=database["HOST"], port=database["PORT"], autocommit=True,
    )  # fmt: skip


def database_exists(name):
    with server_connection() as connection:
        row = connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        return row.fetchone() is not None


def recreate_database(name):
    from psycopg import sql

    with server_connection() as connection:
        connection.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
        )
        connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def scratch_index_exists():
    from search.client import get_client
    from search.documents import alias_name

    return bool(get_client().indices.exists_alias(name=alias_name()))


def delete_scratch_indices():
    """Delete every index of the scratch prefix (by name: the node refuses wildcard deletes)."""
    from search.client import get_client
    from search.documents import alias_name

    client = get_client()
    names = list(client.indices.get(index=f"{alias_name()}*", expand_wildcards="all"))
    if names:
        client.indices.delete(index=",".join(names), ignore_unavailable=True)


def run_command(name, *args, **options):
    """call_command, returning what the command wrote on stdout; a CommandError ends the run."""
    from django.core.management import CommandError, call_command

    output = StringIO()
    try:
        call_command(name, *args, stdout=output, **options)
    except CommandError as error:
        sys.exit(f"{name} {' '.join(map(str, args))}: {error}")
    return output.getvalue().strip()


def set_up(corpus_files, database, translate, timings):
    with step("scratch database and index", timings):
        recreate_database(database)
        delete_scratch_indices()
    with step("migrate", timings):
        run_command("migrate", interactive=False, verbosity=0)
    with step("import_practices", timings):
        for path in corpus_files:
            progress(f"  {Path(path).name}: {run_command('import_practices', path, publish=True)}")
    if translate:
        with step("translate_practices", timings):
            summary = run_command("translate_practices")
            progress(f"  {summary}")
            if "failed 0" not in summary:
                progress("warning: translations failed (above): fewer versions to search")
    with step("search_index rebuild", timings):
        progress(f"  {run_command('search_index', 'rebuild', no_progress=True)}")


def index_contents():
    """(documents in the index, practices the API counts)."""
    from search.client import get_client
    from search.documents import alias_name

    client = get_client()
    client.indices.refresh(index=alias_name())
    documents = client.count(index=alias_name())["count"]
    return documents, api_search({"page_size": 1})["total"]


def check_corpus_indexed(corpus_ids, contents):
    documents, practices = contents
    progress(f"index: {documents} documents, {practices} practices")
    if practices != len(corpus_ids):
        progress(f"warning: the corpus has {len(corpus_ids)} practices, the API counts {practices}")


# The judged files.


def matching_files(pattern, what):
    files = sorted(glob.glob(pattern))
    if not files:
        sys.exit(f"no {what} file matches {pattern}")
    return files


def json_lines(path):
    """(line number, object) for each non-blank line of a JSON Lines file."""
    with open(path, encoding="utf-8") as stream:
        for number, line in enumerate(stream, start=1):
            if line.strip():
                yield number, json.loads(line)


def corpus_source_ids(files):
    """The source ids of the corpus; import_practices reports its bad lines."""
    ids = set()
    for path in files:
        with open(path, encoding="utf-8") as stream:
            for line in stream:
                try:
                    record = json.loads(line)
                except json.JSONDecodeError:
                    continue
                if isinstance(record, dict) and record.get("source_id"):
                    ids.add(record["source_id"])
    return ids


def half_of(path):
    """`queries-a.jsonl` → "a"."""
    return Path(path).stem.removeprefix("queries-")


def parse_query(record, half):
    """A Query from one line of a queries file; ValueError says what is wrong with it."""
    from django.conf import settings

    from search.facets import FACETS_BY_NAME

    if not isinstance(record, dict):
        raise ValueError("not a JSON object")
    for key in ("id", "q", "kind", "relevant"):
        if key not in record:
            raise ValueError(f"no {key!r}")
    if not isinstance(record["q"], str):
        raise ValueError("'q' must be a string")
    if record["kind"] not in KINDS:
        raise ValueError(f"unknown kind {record['kind']!r} (one of: {', '.join(KINDS)})")
    relevant = record["relevant"]
    if not isinstance(relevant, dict) or any(gain not in GAINS for gain in relevant.values()):
        raise ValueError(f"'relevant' must map source ids to gains {GAINS}")
    lang = record.get("lang")
    if lang is not None and lang not in dict(settings.LANGUAGES):
        raise ValueError(f"unknown lang {lang!r}")
    filters = record.get("filters") or {}
    unknown = sorted(set(filters) - set(FACETS_BY_NAME))
    if unknown:
        raise ValueError(f"unknown facet {unknown[0]!r}")
    if not all(isinstance(values, list) and values for values in filters.values()):
        raise ValueError("each filter must be a non-empty list of values")
    return Query(
        id=str(record["id"]), q=record["q"], kind=record["kind"], half=half,
        relevant=relevant, lang=lang, filters=filters, notes=record.get("notes", ""),
    )  # fmt: skip


def load_queries(files):
    """Every judged query of `files`; a malformed line ends the run before any set-up."""
    queries, problems, seen = [], [], set()
    for path in files:
        try:
            for number, record in json_lines(path):
                try:
                    query = parse_query(record, half_of(path))
                except ValueError as error:
                    problems.append(f"{path}:{number}: {error}")
                    continue
                if query.id in seen:
                    problems.append(f"{path}:{number}: id {query.id!r} given twice")
                seen.add(query.id)
                queries.append(query)
        except json.JSONDecodeError as error:
            problems.append(f"{path}: not JSON Lines ({error})")
    if problems:
        sys.exit("\n".join(problems))
    return queries


def warn_about_judgments(queries, corpus_ids):
    for query in queries:
        unknown = sorted(set(query.relevant) - corpus_ids)
        if unknown:
            names = ", ".join(unknown)
            progress(f"warning: {query.id} judges practices not in the corpus: {names}")
        if not any(gain >= 1 for gain in query.relevant.values()):
            progress(f"warning: {query.id} has no relevant practice; left out of nDCG and recall")


# The two systems.


def distinct(source_ids):
    """The first occurrence of each source id, cut at CUTOFF."""
    return list(dict.fromkeys(source_ids))[:CUTOFF]


def api_search(parameters, asker="the bench"):
    """The API's JSON answer; anything but an answer from Elasticsearch ends the run."""
    from django.test import Client

    response = Client().get("/api/v1/search/", parameters)
    if response.status_code != 200:
        sys.exit(f"the API answered {response.status_code} to {asker} ({parameters}): "
                 f"{response.content.decode(errors='replace')}")
    answer = response.json()
    if answer.get("backend", "elasticsearch") != "elasticsearch":
        sys.exit(f"the API answered from {answer['backend']}, not Elasticsearch: is the node up?")
    return answer


def api_ranking(query):
    parameters = {"q": query.q, "page_size": CUTOFF, **query.filters}
    if query.lang:
        parameters["lang"] = query.lang
    answer = api_search(parameters, asker=f"query {query.id}")
    return Ranking(answer["total"], distinct(hit["source_id"] for hit in answer["results"]))


# Text the application derives for its own matching (dictionary glosses, word prefixes, the
# suggester's words), which a plain BM25 baseline over the practices' texts does not have.
MATCHING_ONLY_FIELDS = ("gloss_", "prefixes", "words")


def text_fields(properties, prefix=""):
    """Every searchable text field of a mapping, sub-fields included, as dotted paths."""
    for name, spec in properties.items():
        path = f"{prefix}{name}"
        if spec.get("type") == "text" and spec.get("index", True):
            yield path
        for sub_name, sub_spec in spec.get("fields", {}).items():
            if sub_spec.get("type") == "text" and sub_spec.get("index", True):
                yield f"{path}.{sub_name}"
        if spec.get("type", "object") == "object" and "properties" in spec:
            yield from text_fields(spec["properties"], f"{path}.")


def live_text_fields():
    from search.client import get_client
    from search.documents import alias_name

    (index,) = get_client().indices.get_mapping(index=alias_name()).values()
    return sorted(name for name in text_fields(index["mappings"].get("properties", {}))
                  if not name.startswith(MATCHING_ONLY_FIELDS))  # fmt: skip


def baseline_body(query, fields, documents):
    from search.facets import FACETS_BY_NAME

    if query.q.strip():
        match = {"multi_match": {
            "query": query.q, "fields": fields, "type": "best_fields", "operator": "or"}}
    else:
        match = {"match_all": {}}
    filters = [
        {"terms": {FACETS_BY_NAME[name].field: values}} for name, values in query.filters.items()
    ]
    return {
        "query": {"bool": {"must": [match], "filter": filters}},
        "size": documents,
        "_source": ["source_id"],
    }


def baseline_ranking(query, fields):
    """The baseline's first distinct practices. It asks for ten documents per site language,
    so that ten practices remain when several versions of one practice match."""
    from django.conf import settings

    from search.client import get_client
    from search.documents import alias_name

    body = baseline_body(query, fields, CUTOFF * len(settings.LANGUAGES))
    answer = get_client().search(index=alias_name(), **body)
    hits = answer["hits"]
    source_ids = distinct(hit["_source"]["source_id"] for hit in hits["hits"])
    return Ranking(hits["total"]["value"], source_ids)


# Figures.


def dcg(gains):
    return sum(gain / math.log2(rank + 1) for rank, gain in enumerate(gains, start=1))


def ndcg(ranked, relevant):
    ideal = dcg(sorted(relevant.values(), reverse=True)[:CUTOFF])
    if not ideal:
        return None
    return dcg(relevant.get(source_id, 0) for source_id in ranked[:CUTOFF]) / ideal


def recall(ranked, relevant):
    wanted = {source_id for source_id, gain in relevant.items() if gain >= 1}
    if not wanted:
        return None
    return len(wanted & set(ranked[:CUTOFF])) / len(wanted)


def judge(query, ranking):
    """The figures of one system on one query."""
    ranks = {source_id: rank for rank, source_id in enumerate(ranking.source_ids, start=1)}
    return {
        "total": ranking.total,
        "results": ranking.source_ids,
        "ndcg": ndcg(ranking.source_ids, query.relevant),
        "recall": recall(ranking.source_ids, query.relevant),
        "no_result": ranking.total == 0,
        "ranks": {source_id: ranks.get(source_id) for source_id in query.relevant},
    }


def run_queries(queries, timings):
    fields = live_text_fields()
    progress(f"  baseline fields: {', '.join(fields)}")
    outcomes = []
    progress(f"  {len(queries)} queries, each through the API and the baseline")
    with step("queries", timings):
        for query in queries:
            outcomes.append({
                "query": query,
                "api": judge(query, api_ranking(query)),
                "baseline": judge(query, baseline_ranking(query, fields)),
            })
    return outcomes, fields


def mean(values):
    values = [value for value in values if value is not None]
    return sum(values) / len(values) if values else None


def summarise(outcomes):
    """{"queries": n, system: {"ndcg", "recall", "no_result"}} of a group of outcomes."""
    summary = {"queries": len(outcomes)}
    for system in SYSTEMS:
        figures = [outcome[system] for outcome in outcomes]
        summary[system] = {
            "ndcg": mean(figure["ndcg"] for figure in figures),
            "recall": mean(figure["recall"] for figure in figures),
            "no_result": mean(float(figure["no_result"]) for figure in figures),
        }
    return summary


def summary_by_kind(outcomes):
    """{kind: summary, …, "all": summary}, kinds in KINDS order."""
    by_kind = defaultdict(list)
    for outcome in outcomes:
        by_kind[outcome["query"].kind].append(outcome)
    summaries = {kind: summarise(by_kind[kind]) for kind in KINDS if kind in by_kind}
    summaries["all"] = summarise(outcomes)
    return summaries


def summaries(outcomes):
    """{"all": summary_by_kind, half: summary_by_kind, …}."""
    halves = sorted({outcome["query"].half for outcome in outcomes})
    result = {"all": summary_by_kind(outcomes)}
    for half in halves:
        result[half] = summary_by_kind([o for o in outcomes if o["query"].half == half])
    return result


# Reports.


def pair(summary, measure, percent=False):
    values = [summary[system][measure] for system in SYSTEMS]
    if percent:
        return " / ".join("–" if v is None else f"{v * 100:.0f} %" for v in values)
    return " / ".join("–" if v is None else f"{v:.3f}" for v in values)


def markdown_table(by_kind):
    lines = [
        "| kind | queries | nDCG@10 API / baseline | recall@10 API / baseline "
        "| no result API / baseline |",
        "| --- | --- | --- | --- | --- |",
    ]
    for kind, summary in by_kind.items():
        name = "**all**" if kind == "all" else kind
        lines.append(
            f"| {name} | {summary['queries']} | {pair(summary, 'ndcg')} "
            f"| {pair(summary, 'recall')} | {pair(summary, 'no_result', percent=True)} |"
        )
    return "\n".join(lines)


def print_tables(all_summaries):
    for scope, by_kind in all_summaries.items():
        title = "All queries" if scope == "all" else f"Half {scope} (queries-{scope})"
        print(f"\n### {title}\n\n{markdown_table(by_kind)}")


def describe_ranks(query, figures):
    order = sorted(query.relevant, key=lambda source_id: (-query.relevant[source_id], source_id))
    return " ".join(
        f"{source_id}({query.relevant[source_id]})@{figures['ranks'][source_id] or '–'}"
        for source_id in order
        if query.relevant[source_id] >= 1
    )


def print_query(outcome):
    query = outcome["query"]
    filters = "".join(f" {name}={','.join(values)}" for name, values in query.filters.items())
    lang = f" lang={query.lang}" if query.lang else ""
    print(f"{query.id} [{query.kind}] {query.q!r}{lang}{filters}")
    for system in SYSTEMS:
        figures = outcome[system]
        score = "–" if figures["ndcg"] is None else f"{figures['ndcg']:.3f}"
        print(
            f"    {system:<8} nDCG {score}  relevant at: {describe_ranks(query, figures)}"
            f"  top 3: {' '.join(figures['results'][:3]) or '(none)'}  total {figures['total']}"
        )


def write_json(path, report):
    with open(path, "w", encoding="utf-8") as stream:
        json.dump(report, stream, ensure_ascii=False, indent=2)
    progress(f"figures written to {path}")


def json_report(args, outcomes, fields, contents, timings):
    documents, practices = contents
    return {
        "corpus": args.corpus_files,
        "queries_files": args.query_files,
        "documents": documents,
        "practices": practices,
        "baseline_fields": fields,
        "timings_seconds": timings,
        "summary": summaries(outcomes),
        "queries": [
            {"id": o["query"].id, "half": o["query"].half, "kind": o["query"].kind,
             "q": o["query"].q, "lang": o["query"].lang, "filters": o["query"].filters,
             "relevant": o["query"].relevant, "notes": o["query"].notes,
             "api": o["api"], "baseline": o["baseline"]}
            for o in outcomes
        ],
    }  # fmt: skip


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", default=DEFAULT_CORPUS,
                        help="glob of the corpus files, in the import format")
    parser.add_argument("--queries", default=DEFAULT_QUERIES,
                        help="glob of the judged query files (queries-<half>.jsonl)")
    parser.add_argument("--reuse", action="store_true",
                        help="keep the scratch database and index if both exist (not after a "
                             "change to the corpus, the mapping or the indexing)")
    parser.add_argument("--skip-translation", action="store_true",
                        help="index the originals only")
    parser.add_argument("--verbose", action="store_true",
                        help="each query's figures, the ranks of its relevant practices")
    parser.add_argument("--json", metavar="PATH", help="write every figure to PATH")
    args = parser.parse_args(argv)
    args.corpus_files = matching_files(args.corpus, "corpus")
    args.query_files = matching_files(args.queries, "queries")
    return args


def main(argv=None):
    args = parse_args(argv)
    setup_django(SCRATCH_DATABASE)
    queries = load_queries(args.query_files)
    corpus_ids = corpus_source_ids(args.corpus_files)
    warn_about_judgments(queries, corpus_ids)
    timings = {}
    if args.reuse and database_exists(SCRATCH_DATABASE) and scratch_index_exists():
        progress(f"reusing the database {SCRATCH_DATABASE} and its index")
    else:
        set_up(args.corpus_files, SCRATCH_DATABASE, not args.skip_translation, timings)
    contents = index_contents()
    check_corpus_indexed(corpus_ids, contents)
    outcomes, fields = run_queries(queries, timings)
    if args.verbose:
        for outcome in outcomes:
            print_query(outcome)
    halves = sorted({query.half for query in queries})
    print(f"{len(queries)} judged queries (halves {', '.join(halves)}) on {contents[1]} practices "
          f"({contents[0]} documents in the index)")
    print_tables(summaries(outcomes))
    if args.json:
        write_json(args.json, json_report(args, outcomes, fields, contents, timings))


if __name__ == "__main__":
    main()
