"""Search at network scale: a realistic corpus, the API, raw Elasticsearch and the
PostgreSQL fallback measured side by side, counts checked, rebuild against raw bulk.

    .venv/bin/python -m bench.scale --count 5000 --json /tmp/scale.json
    .venv/bin/python -m bench.scale --reuse          # the scratch site of the last run
    .venv/bin/python -m bench.scale --publish --throughput   # and the slower measures

It never touches the developer's data: it runs on a scratch PostgreSQL database
(`kb_scale`, on the configured server), a scratch index prefix (`scale`) and its own Redis
database, all passed to the services it starts through the environment. The corpus
(bench/corpus.py) is `--count` practices of five live versions each (an original and four
translations, with their translation states), their text drawn with the real word
frequencies of each language.

In one run, on a fixed, seeded mix of QUERY_MIX_SIZE queries (`query_mix`: one to five
words of the corpus's languages, mostly mid- and low-frequency, some misspelt, some with
no hit; a third with one to three facet filters; a tenth empty):
- the API, one query at a time, through gunicorn with the production settings: each
  query asked for the first time (translated and embedded), then asked again (its
  translations and meaning from the shared cache);
- the same request bodies sent raw to Elasticsearch (the application's overhead);
- the PostgreSQL fallback answering the same parameters, in this process;
- the distribution of matched practices per query (min, median, p90, max);
- exactness: for EXACTNESS_QUERIES of them, the total and every facet count of the search
  against counts computed in PostgreSQL over the practices the query matched;
- `search_index rebuild` against a raw `helpers.bulk` of the same documents;
- with `--throughput`, 8 clients for 30 s; with `--publish`, publish-to-searchable through
  a real Celery worker and the worker's peak memory.
`--json PATH` writes the figures as one object (null for what was not measured). The
machine's load average is printed with the table: other work on it slows every figure.
"""

import argparse
import json
import os
import random
import statistics
import subprocess
import threading
import time
import uuid
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlencode, urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
SCRATCH_DATABASE = "kb_scale"
SCRATCH_INDEX_PREFIX = "scale"
SCRATCH_REDIS_URL = "redis://127.0.0.1:6380/14"
QUERY_MIX_SIZE = 200
EXACTNESS_QUERIES = 50
CONCURRENT_CLIENTS = 8
THROUGHPUT_SECONDS = 30
PUBLISHED_PRACTICES = 30
SEARCHABLE_TIMEOUT_SECONDS = 30
HTTP_TIMEOUT_SECONDS = 30
VOCABULARY_FACETS = ("theme", "target_group", "pathway_stage", "funding_programme",
                     "organisation")  # fmt: skip


def scratch_database_url(name=SCRATCH_DATABASE):
    """DATABASE_URL (or its default) with another database name."""
    url = urlsplit(os.environ.get("DATABASE_URL", "postgres://kb:kb@127.0.0.1:5433/kb"))
    return urlunsplit(url._replace(path=f"/{name}"))


def setup_django(broker_url="memory://localhost/"):
    """kb.settings.dev on the scratch database, index prefix and Redis database, set in the
    environment so that the gunicorn and Celery processes started later read them too.

    The broker is this process's memory unless a worker is to run the tasks: the tasks
    that the benchmark's own organisations queue must reach no worker of the developer's."""
    import django

    os.environ["DJANGO_SETTINGS_MODULE"] = "kb.settings.dev"
    os.environ["DATABASE_URL"] = scratch_database_url()
    os.environ["ELASTICSEARCH_INDEX_PREFIX"] = SCRATCH_INDEX_PREFIX
    os.environ["REDIS_URL"] = SCRATCH_REDIS_URL
    os.environ["CELERY_BROKER_URL"] = broker_url
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    django.setup()


def server_connection():
    """An autocommit connection to the scratch database's server, outside that database."""
    import psycopg
    from django.conf import settings

    database = settings.DATABASES["default"]
    return psycopg.connect(dbname="postgres", user=database["USER"],
                           password=database["PASSWORD"], host=database["HOST"],
                           port=database["PORT"], autocommit=True)  # fmt: skip


def ensure_scratch_site():
    """The scratch site, created (empty) unless its database exists."""
    from django.conf import settings

    with server_connection() as server:
        found = server.execute("SELECT 1 FROM pg_database WHERE datname = %s",
                               [settings.DATABASES["default"]["NAME"]]).fetchone()  # fmt: skip
    if found is None:
        recreate_scratch_site()


def recreate_scratch_site():
    """A new, migrated scratch database and no index of the scratch prefix."""
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connections
    from psycopg import sql

    connections.close_all()
    with server_connection() as server:
        name = sql.Identifier(settings.DATABASES["default"]["NAME"])
        server.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(name))
        server.execute(sql.SQL("CREATE DATABASE {}").format(name))
    call_command("migrate", interactive=False, verbosity=0)
    delete_scratch_indices()


def delete_scratch_indices():
    """Every index of the scratch prefix (by name: the node refuses wildcard deletes)."""
    from search.client import get_client
    from search.documents import alias_name

    client = get_client()
    names = list(client.indices.get(index=f"{alias_name()}*", expand_wildcards="all"))
    if names:
        client.indices.delete(index=",".join(names), ignore_unavailable=True)


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


def milliseconds(seconds):
    return f"{seconds * 1000:.0f} ms"


def p50_p95(timings):
    return statistics.median(timings), percentile(timings, 0.95)


# The query mix.


def misspelt(rng, word):
    """`word` with two neighbouring letters swapped, or one dropped."""
    if len(word) < 4:
        return word
    position = rng.randrange(1, len(word) - 2)
    if rng.random() < 0.5:
        return word[:position] + word[position + 1] + word[position] + word[position + 2 :]
    return word[:position] + word[position + 1 :]


def query_words(rng, vocabulary):
    """One to five words of `vocabulary`, mostly of middle and low frequency (ranks past the
    most common 500), one in ten queries with a word misspelt, one in twenty with a word no
    practice has."""
    count = rng.choice([1, 1, 2, 2, 2, 3, 3, 4, 5])
    words = []
    for _ in range(count):
        common = rng.random() < 0.2
        rank = rng.randrange(0, 500) if common else rng.randrange(500, len(vocabulary.words))
        words.append(vocabulary.words[rank])
    roll = rng.random()
    if roll < 0.1:
        words[-1] = misspelt(rng, words[-1])
    elif roll < 0.15:
        words[-1] = "".join(rng.choice("bcdfghjklmnpqrstvwxz") for _ in range(9))
    return " ".join(words)


def facet_choices():
    """{facet parameter: values a visitor may select}."""
    from bench.corpus import COUNTRIES, LANGUAGES
    from search.facets import FACETS_BY_NAME

    choices = {name: sorted(FACETS_BY_NAME[name].known_values()) for name in VOCABULARY_FACETS}
    choices["country"] = COUNTRIES
    choices["language"] = list(LANGUAGES)
    return choices


def query_mix(seed, size=QUERY_MIX_SIZE):
    """`size` query strings of the public API, the same for a seed and a corpus: a tenth
    without words (browsing), a third with one to three facet filters, in the visitor
    languages of the site."""
    from bench.corpus import LANGUAGES, vocabularies

    rng = random.Random(seed)
    choices = facet_choices()
    mix = []
    for number in range(size):
        language = rng.choice(LANGUAGES)
        items = [] if number % 10 == 0 else [("q", query_words(rng, vocabularies()[language]))]
        if rng.random() < 1 / 3:
            for name in rng.sample(sorted(choices), rng.randint(1, 3)):
                items += [(name, value) for value in rng.sample(choices[name], rng.randint(1, 2))]
        if rng.random() < 0.1:
            items.append(("sort", rng.choice(["newest", "title"])))
        if not items and rng.random() < 0.5:
            items.append(("page", "2"))  # browsing, which always has a second page
        items.append(("lang", language if rng.random() < 0.6 else "en"))
        mix.append(urlencode(items))
    return mix


def distribution(values):
    """min / median / p90 / max."""
    return (f"{min(values)} / {statistics.median(values):.0f} / {percentile(values, 0.9)} / "
            f"{max(values)}")  # fmt: skip


def parsed(query):
    from django.http import QueryDict

    from search.params import parse_search_params

    return parse_search_params(QueryDict(query))


# Rebuild.


def embed_corpus():
    """Each practice's embedding, stored as its publication's indexing task would have left
    it (search.embedding_store): the corpus is inserted in bulk, without those tasks, and a
    rebuild then reuses what is stored."""
    from search.indexing import practice_sources

    started = time.perf_counter()
    count = sum(1 for _source in practice_sources())
    seconds = time.perf_counter() - started
    return [("embeddings, as the publishing tasks store them",
             f"{seconds:.1f} s ({count / seconds:.1f} practices/s, documents built alongside)")]


def measure_rebuild():
    """`search_index rebuild` as an operator runs it: database to a new index (and the
    PostgreSQL search table), alias swap."""
    from search import index_admin

    result = index_admin.rebuild()
    return result, [
        ("rebuild: documents", f"{result.documents}"),
        ("rebuild: time", f"{result.seconds:.1f} s ({result.documents_per_second:.1f} docs/s, "
                          f"load {os.getloadavg()[0]:.1f})"),
    ]  # fmt: skip


@contextmanager
def scratch_index(suffix):
    """A new index with the production mapping, set up as a rebuild sets up its new index
    (no refreshes, no replicas), deleted on leaving: yields (client, index name)."""
    from search.client import get_client
    from search.documents import practice_index, versioned_index_name
    from search.index_admin import BULK_TIMEOUT_SECONDS, bulk_load_settings

    client = get_client().options(request_timeout=BULK_TIMEOUT_SECONDS)
    name = versioned_index_name(suffix)
    client.indices.delete(index=name, ignore_unavailable=True)
    practice_index(name).create(using=client)
    bulk_load_settings(name)
    try:
        yield client, name
    finally:
        client.indices.delete(index=name, ignore_unavailable=True)


def measure_raw_bulk(rebuild_result):
    """`helpers.bulk` of the same documents, built beforehand, into a scratch index: the
    node's own ceiling, against which the rebuild's reading and building show."""
    from elasticsearch.helpers import bulk

    from search.index_admin import BULK_CHUNK_SIZE, bulk_actions
    from search.indexing import practice_sources

    with scratch_index("bench-scratch") as (client, scratch):
        actions = list(bulk_actions(scratch, practice_sources()))
        started = time.perf_counter()
        bulk(client, actions, chunk_size=BULK_CHUNK_SIZE)
        client.indices.refresh(index=scratch)
        seconds = time.perf_counter() - started
    raw_rate = len(actions) / seconds if seconds else 0.0
    ratio = rebuild_result.documents_per_second / raw_rate if raw_rate else 0.0
    return raw_rate, [
        ("raw bulk of the same documents", f"{raw_rate:.0f} docs/s"),
        ("rebuild / raw bulk", f"{ratio:.3f}"),
    ]


# Servers and processes.
def process_peak_rss(pids):
    """The largest VmHWM (peak resident set) of the processes `pids`, in MiB."""
    peaks = []
    for pid in pids:
        try:
            status = Path(f"/proc/{pid}/status").read_text()
        except OSError:
            continue
        for line in status.splitlines():
            if line.startswith("VmHWM:"):
                peaks.append(int(line.split()[1]) / 1024)
    return max(peaks) if peaks else 0.0


def child_pids(pid):
    try:
        return [int(child) for child in
                Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except OSError:
        return []


def free_port():
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def service_environment(settings_module):
    return {**os.environ, "DJANGO_SETTINGS_MODULE": settings_module, "SECRET_KEY": "bench-only",
            "DEBUG": "0", "SECURE_SSL_REDIRECT": "0", "ALLOWED_HOSTS": "127.0.0.1,localhost",
            # Every simulated visitor comes from 127.0.0.1: the per-client limit would refuse
            # the whole crowd as one client.
            "API_RATE_LIMIT": "1000000/m"}


def stop_process(process):
    process.terminate()
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


@contextmanager
def gunicorn_server():
    """gunicorn with 2 workers and the production settings; yields (base URL, process)."""
    import requests

    port = free_port()
    process = subprocess.Popen(
        [str(ROOT / ".venv/bin/gunicorn"), "kb.wsgi:application", "-b", f"127.0.0.1:{port}",
         "-w", "2", "--log-level", "warning"],
        cwd=ROOT, env=service_environment("kb.settings.production"),
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if requests.get(f"{base}/api/v1/schema/", timeout=5).status_code == 200:
                    break
            except requests.RequestException:
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError("gunicorn did not start")
            time.sleep(0.3)
        yield base, process
    finally:
        stop_process(process)


def timed_get(session, url):
    started = time.perf_counter()
    response = session.get(url, timeout=HTTP_TIMEOUT_SECONDS)
    return time.perf_counter() - started, response


def measure_throughput(base, mix, clients=CONCURRENT_CLIENTS, seconds=THROUGHPUT_SECONDS):
    """`clients` threads cycling through the mix for `seconds`; (requests, errors, timings)."""
    import requests

    deadline = time.monotonic() + seconds
    results = {"requests": 0, "errors": 0, "timings": []}
    lock = threading.Lock()

    def client(offset):
        session = requests.Session()
        position = offset
        while time.monotonic() < deadline:
            query = mix[position % len(mix)]
            position += 1
            try:
                elapsed, response = timed_get(session, f"{base}/api/v1/search/?{query}")
                failed = response.status_code != 200
            except requests.RequestException:
                elapsed, failed = 0.0, True
            with lock:
                results["requests"] += 1
                results["errors"] += failed
                results["timings"].append(elapsed)

    threads = [threading.Thread(target=client, args=(n * 25,)) for n in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


@contextmanager
def indexing_worker():
    """A Celery worker on the "indexing" queue, as deployed; yields its process."""
    from kb.celery import app

    subprocess.run([str(ROOT / ".venv/bin/celery"), "-A", "kb", "purge", "-f", "-Q", "indexing"],
                   cwd=ROOT, env=service_environment("kb.settings.dev"), check=True,
                   capture_output=True)
    process = subprocess.Popen(
        [str(ROOT / ".venv/bin/celery"), "-A", "kb", "worker", "-Q", "indexing", "-c", "2",
         "-l", "warning", "--without-gossip", "--without-mingle", "-n", f"bench-{os.getpid()}@%h"],
        cwd=ROOT, env=service_environment("kb.settings.dev"),
    )
    try:
        deadline = time.monotonic() + 60
        while not app.control.ping(destination=[f"bench-{os.getpid()}@{os.uname().nodename}"],
                                   timeout=0.5):
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError("the Celery worker did not start")
        yield process
    finally:
        stop_process(process)


def searchable(practice):
    """Whether a search finds `practice`'s document (its id is the translation key)."""
    from search.client import get_client
    from search.documents import alias_name

    response = get_client().search(
        index=alias_name(), query={"ids": {"values": [str(practice.translation_key)]}},
        size=0, track_total_hits=True)  # fmt: skip
    return response["hits"]["total"]["value"] == 1


def measure_publish_to_searchable(seed, count=PUBLISHED_PRACTICES):
    """Seconds from `publish()` to a search finding the practice, through the worker."""
    rng = random.Random(seed)
    organisation = benchmark_organisation()
    latencies, lost = [], 0
    with indexing_worker() as worker:
        for number in range(count):
            started = time.perf_counter()
            practice = publish_practice(organisation, rng, 10_000_000 + number)
            while not searchable(practice):
                if time.perf_counter() - started > SEARCHABLE_TIMEOUT_SECONDS:
                    lost += 1
                    break
                time.sleep(0.02)
            else:
                latencies.append(time.perf_counter() - started)
        worker_rss = process_peak_rss([worker.pid, *child_pids(worker.pid)])
    p50 = statistics.median(latencies) if latencies else 0.0
    p95 = percentile(latencies, 0.95) if latencies else 0.0
    return [
        (f"publish → searchable p50 / p95 ({count} practices)",
         f"{p50:.2f} s / {p95:.2f} s (not found within {SEARCHABLE_TIMEOUT_SECONDS} s: {lost}, "
         f"load {os.getloadavg()[0]:.1f})"),
        ("peak RSS, Celery worker", f"{worker_rss:.0f} MiB"),
    ], round(p95, 2)


# Latency, side by side.


def measure_latency(base, mix):
    """Each query of the mix through the API, asked for the first time (the query cache
    and the node's request cache emptied: each is translated, embedded and searched,
    search.backends.elasticsearch.plan and .searching); then
    again, as a query asked before, and its bodies sent to Elasticsearch directly (when
    nothing is found, the typo-tolerant search, then the any-word search, as the
    application does), one at a time and interleaved, so that both see the same load; after
    a warm-up pass. Returns (first-time API timings, API timings, raw timings, API errors,
    totals)."""
    import requests
    from django.core.cache import cache

    from search.client import get_client
    from search.documents import alias_name

    client, index, session = get_client(), alias_name(), requests.Session()

    def search(body):  # as search.backends.elasticsearch.searching.run_search asks
        return client.search(index=index, body=body, request_cache=True)

    def found(body):
        return search(body)["hits"]["total"]["value"] > 0

    def api(query):
        """(seconds, error, total) of the API's answer to `query`."""
        try:
            seconds, response = timed_get(session, f"{base}/api/v1/search/?{query}")
        except requests.RequestException:  # counted as an error, at the timeout
            return HTTP_TIMEOUT_SECONDS, True, 0
        if response.status_code != 200:
            return seconds, True, 0
        return seconds, False, response.json().get("total", 0)

    for query in mix[:20]:
        api(query)
    cache.clear()  # the scratch Redis database's
    client.indices.clear_cache(index=index, request=True)  # the node's request cache
    first = [api(query) for query in mix]
    bodies = [raw_bodies(query) for query in mix]
    app, raw = [], []
    for query, (body, typo_tolerant, any_word) in zip(mix, bodies, strict=True):
        app.append(api(query))
        started = time.perf_counter()
        if (not found(body) and not (typo_tolerant and found(typo_tolerant))
                and any_word):
            search(any_word)
        raw.append(time.perf_counter() - started)
    errors = sum(error for _seconds, error, _total in first + app)
    return ([seconds for seconds, _error, _total in first],
            [seconds for seconds, _error, _total in app], raw, errors,
            [total for _seconds, _error, total in app])


def raw_bodies(query):
    """The request bodies the application sends Elasticsearch for `query` (a query string):
    the search, and the typo-tolerant search (when some words are unknown) and the any-word
    search it sends when nothing is found (None when it would not)."""
    from search.backends.elasticsearch.plan import QueryPlan
    from search.backends.elasticsearch.searching import (
        RELAXED_MINIMUM_SHOULD_MATCH,
        build_search,
        unknown_words,
    )
    from search.client import get_client
    from search.documents import alias_name

    params = parsed(query)
    plan = QueryPlan.of(params)
    first = build_search(params, plan, suggest=True).to_dict()
    if not plan.text.is_plain:
        return first, None, None
    unknown = unknown_words(get_client().search(index=alias_name(), body=first))
    typo_tolerant = build_search(params, plan.relaxed(unknown)).to_dict() if unknown else None
    any_word = plan.relaxed(unknown, minimum_should_match=RELAXED_MINIMUM_SHOULD_MATCH)
    return first, typo_tolerant, build_search(params, any_word).to_dict()


def measure_database(mix):
    """The PostgreSQL fallback's time for each query of the mix, in this process."""
    from search.backends.database import search_database

    for query in mix[:10]:
        search_database(parsed(query))
    timings = []
    for query in mix:
        started = time.perf_counter()
        search_database(parsed(query))
        timings.append(time.perf_counter() - started)
    return timings


# Exactness.


def practice_facets():
    """{translation key: {facet: set of values}} read from the originals in PostgreSQL, as
    a count by hand would: its own relations, not the index or the search table. A practice
    published and never translated (by `--publish` or bench/load.py) is its only page."""
    from django.db.models import Exists, OuterRef
    from wagtail.models import Page
    from wagtail_localize.models import TranslationSource

    from practices.models import OrganisationPage, PracticePage

    # The translation sources last, so that an original's facets are the ones kept.
    is_source = Exists(TranslationSource.objects.filter(
        object_id=OuterRef("translation_key"), locale_id=OuterRef("locale_id")))  # fmt: skip
    originals = PracticePage.objects.live().annotate(is_source=is_source).order_by("is_source")
    organisations = dict(OrganisationPage.objects.values_list("path", "slug"))
    facets = {}
    for page in originals.prefetch_related("theme_items__tag", "target_groups",
                                           "pathway_stages", "funding_programmes"):  # fmt: skip
        facets[str(page.translation_key)] = {
            "theme": {item.tag.slug for item in page.theme_items.all()},
            "target_group": {term.slug for term in page.target_groups.all()},
            "pathway_stage": {term.slug for term in page.pathway_stages.all()},
            "funding_programme": {term.slug for term in page.funding_programmes.all()},
            "country": {str(code).upper() for code in page.countries},
            "language": {page.original_language},
            "organisation": {organisations.get(page.path[: -Page.steplen])},
        }
    return facets


@contextmanager
def recorded_searches():
    """The (body, total) of each search this process sends, in order."""
    from search.client import get_client

    client = get_client()
    sent = []
    search = client.search

    def recording(**kwargs):
        response = search(**kwargs)
        sent.append((kwargs.get("body"), response["hits"]["total"]["value"]))
        return response

    client.search = recording
    try:
        yield sent
    finally:
        del client.search


def matched_practices(body):
    """The translation keys of every practice the text query of `body` matches."""
    from elasticsearch.helpers import scan

    from search.client import get_client
    from search.documents import alias_name

    hits = scan(get_client(), index=alias_name(), query={"query": body["query"]},
                _source=False, size=2000)  # fmt: skip
    return {hit["_id"] for hit in hits}


def expected_counts(matched, facets, params):
    """(total, {facet: {value: count}}) over `matched`, each facet with every filter but
    its own."""
    selected = dict(params.filters)

    def passes(key, ignore=None):
        return all(facets[key][name] & values for name, values in selected.items()
                   if name != ignore)  # fmt: skip

    counts = {}
    for name in facets[next(iter(facets))]:
        counts[name] = {}
        for key in matched:
            if passes(key, ignore=name):
                for value in facets[key][name]:
                    counts[name][value] = counts[name].get(value, 0) + 1
    return sum(passes(key) for key in matched), counts


def check_exactness(mix):
    """For the first EXACTNESS_QUERIES queries: the search's total and each facet count it
    lists against the counts computed from PostgreSQL over the practices its final query
    matched; (checked, wrong, first differences)."""
    from search.backends.elasticsearch import search_index

    facets = practice_facets()
    checked, wrong, differences = 0, 0, []
    for query in mix[:EXACTNESS_QUERIES]:
        params = parsed(query)
        with recorded_searches() as sent:
            result = search_index(params)
        # The last search with that total: its facets are the ones shown (the request that
        # fetches the page's passages afterwards has no aggregations).
        body = next(body for body, total in reversed(sent)
                    if total == result.total and "aggs" in body)  # fmt: skip
        total, counts = expected_counts(matched_practices(body), facets, params)
        found = [("total", None, result.total, total)] + [
            (facet.name, item.value, item.count, counts[facet.name].get(item.value, 0))
            for facet in result.facets for item in facet.values]  # fmt: skip
        for name, value, answered, expected in found:
            checked += 1
            if answered != expected:
                wrong += 1
                differences.append(f"{query}: {name} {value} {answered} ≠ {expected}")
    return checked, wrong, differences[:5]


def publish_practice(organisation, rng, number):
    """A new practice of the corpus's kind, published through Wagtail under `organisation`."""
    from bench.corpus import version_text, vocabularies
    from practices.models import PracticePage

    practice = PracticePage(**version_text(rng, vocabularies()["en"]), original_language="en",
                            start_year=2024, countries=["BE"],
                            source_id=f"bench-published-{number}")  # fmt: skip
    practice.title = f"Published benchmark practice {number} {uuid.uuid4().hex[:6]}"
    practice.slug = f"bench-published-{uuid.uuid4().hex[:12]}"
    organisation.add_child(instance=practice)
    practice.save_revision().publish()
    return practice


def benchmark_organisation():
    """The first benchmark organisation, in the default locale's tree."""
    from bench.corpus import benchmark_organisations

    return benchmark_organisations()[0]["en"]


# The run.


def markdown_table(rows):
    lines = ["| measure | value |", "|---|---|"]
    lines += [f"| {measure} | {value} |" for measure, value in rows]
    return "\n".join(lines)


def prepare(args, figures):
    """The scratch site with `--count` practices, indexed; [(measure, value)]."""
    from bench.corpus import create_practices
    from search import index_admin

    rows = []
    if not args.reuse:
        recreate_scratch_site()
        index_admin.create_index()
        rows += create_practices(args.count, args.seed)
        rows += embed_corpus()
    if args.reuse:  # its index as it is: the rebuild figures stay null
        return rows
    rebuild_result, rebuild_rows = measure_rebuild()
    rows += rebuild_rows
    figures["rebuild_docs_per_s"] = round(rebuild_result.documents_per_second, 2)
    if not args.skip_raw_bulk:
        raw_rate, raw_rows = measure_raw_bulk(rebuild_result)
        rows += raw_rows
        figures["raw_bulk_docs_per_s"] = round(raw_rate, 2)
    return rows


def corpus_size(figures):
    from practices.models import PracticePage
    from search.client import get_client
    from search.documents import alias_name

    figures["practices"] = get_client().count(index=alias_name())["count"]
    figures["documents"] = figures["practices"]
    versions = PracticePage.objects.live().count()
    return [("practices (index documents) / live versions",
             f"{figures['practices']} / {versions}")]  # fmt: skip


def measure_side_by_side(args, figures):
    """The API, raw Elasticsearch and the fallback on the mix, and the exactness check."""
    mix = query_mix(args.seed)
    with gunicorn_server() as (base, process):
        first, app, raw, errors, totals = measure_latency(base, mix)
        rows = [(f"matched practices per query, min / median / p90 / max ({len(mix)} queries)",
                 distribution(totals))]  # fmt: skip
        load = os.getloadavg()[0]
        if args.throughput:
            busy = measure_throughput(base, mix)
            busy_timings = [t for t in busy["timings"] if t]
            figures["throughput_rps"] = round(busy["requests"] / THROUGHPUT_SECONDS, 1)
            errors += busy["errors"]
            rows.append((f"API throughput ({CONCURRENT_CLIENTS} clients, {THROUGHPUT_SECONDS} s)",
                         f"{figures['throughput_rps']} req/s, p95 "
                         f"{milliseconds(percentile(busy_timings, 0.95))}, errors "
                         f"{busy['errors']}"))  # fmt: skip
        rows.append(("peak RSS, gunicorn worker",
                     f"{process_peak_rss(child_pids(process.pid)):.0f} MiB"))  # fmt: skip
    database = measure_database(mix)
    (app_p50, app_p95), (raw_p50, raw_p95) = p50_p95(app), p50_p95(raw)
    first_p50, first_p95 = p50_p95(first)
    database_p50, database_p95 = p50_p95(database)
    figures.update(
        api_p50_ms=round(app_p50 * 1000, 1), api_p95_ms=round(app_p95 * 1000, 1),
        api_first_p50_ms=round(first_p50 * 1000, 1), api_first_p95_ms=round(first_p95 * 1000, 1),
        raw_p50_ms=round(raw_p50 * 1000, 1), raw_p95_ms=round(raw_p95 * 1000, 1),
        database_p50_ms=round(database_p50 * 1000, 1),
        database_p95_ms=round(database_p95 * 1000, 1), errors=errors,
    )  # fmt: skip
    checked, wrong, differences = check_exactness(mix)
    figures.update(counts_checked=checked, counts_wrong=wrong)
    rows += [
        ("API p50 / p95, 1 client, queries asked for the first time",
         f"{milliseconds(first_p50)} / {milliseconds(first_p95)}"),
        ("API p50 / p95, 1 client, queries asked before",
         f"{milliseconds(app_p50)} / {milliseconds(app_p95)} (errors {errors}, load {load:.1f})"),
        ("raw Elasticsearch p50 / p95, same bodies",
         f"{milliseconds(raw_p50)} / {milliseconds(raw_p95)}"),
        ("API / raw (p50, p95)", f"{app_p50 / raw_p50:.2f}×, {app_p95 / raw_p95:.2f}×"),
        ("PostgreSQL fallback p50 / p95", f"{milliseconds(database_p50)} / "
                                          f"{milliseconds(database_p95)}"),
        ("fallback / API (p95)", f"{database_p95 / app_p95:.1f}×"),
        (f"exactness ({EXACTNESS_QUERIES} queries): counts checked / wrong",
         f"{checked} / {wrong}" + "".join(f"<br>{line}" for line in differences)),
    ]  # fmt: skip
    return rows


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=2000, help="practices to create")
    parser.add_argument("--reuse", action="store_true",
                        help="measure the scratch site of the last run as it is: create and "
                             "rebuild nothing")
    parser.add_argument("--skip-raw-bulk", action="store_true",
                        help="no raw bulk load to compare the rebuild with")
    parser.add_argument("--throughput", action="store_true",
                        help=f"also {CONCURRENT_CLIENTS} clients for {THROUGHPUT_SECONDS} s")
    parser.add_argument("--publish", action="store_true",
                        help="also publish-to-searchable through a real Celery worker")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--json", metavar="PATH", help="write the figures there as JSON")
    return parser.parse_args(argv)


FIGURES = ("practices", "documents", "api_p50_ms", "api_p95_ms", "api_first_p50_ms",
           "api_first_p95_ms", "raw_p50_ms", "raw_p95_ms",
           "database_p50_ms", "database_p95_ms", "previous_design_p95_ms", "rebuild_docs_per_s",
           "raw_bulk_docs_per_s", "counts_checked", "counts_wrong", "publish_p95_s",
           "throughput_rps", "errors")  # fmt: skip


def main(argv=None):
    args = parse_args(argv)
    # With --publish, the worker and this process share a broker.
    setup_django(SCRATCH_REDIS_URL if args.publish else "memory://localhost/")
    figures = dict.fromkeys(FIGURES)
    figures["load_average_at_start"] = os.getloadavg()[0]
    rows = [("load average at start", "{:.1f} {:.1f} {:.1f}".format(*os.getloadavg()))]
    rows += prepare(args, figures)
    rows += corpus_size(figures)
    print(markdown_table(rows), flush=True)
    rows += measure_side_by_side(args, figures)
    if args.publish:
        publish_rows, figures["publish_p95_s"] = measure_publish_to_searchable(args.seed)
        rows += publish_rows
    rows.append(("load average at the end", "{:.1f} {:.1f} {:.1f}".format(*os.getloadavg())))
    print(markdown_table(rows))
    if args.json:
        Path(args.json).write_text(json.dumps(figures, indent=2) + "\n")


if __name__ == "__main__":
    main()
