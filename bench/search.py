"""Search benchmark: synthetic practices, rebuild throughput, API latency and throughput,
publish-to-searchable latency, memory.

    .venv/bin/python bench/search.py --count 100000     # create, measure, keep the data
    .venv/bin/python bench/search.py --count 100000 --skip-generate   # reuse what is there
    .venv/bin/python bench/search.py --cleanup          # delete the synthetic practices

It runs against the development database and index (kb.settings.dev unless
DJANGO_SETTINGS_MODULE says otherwise). The practices belong to one organisation,
"Benchmark", so that `--cleanup` removes exactly them. They are inserted in bulk (tree paths
computed here, one INSERT per table and batch), live without revisions, as an import would
leave them: the indexer gives such pages version 1; each gets themes, target groups and
pathway stages so that the facets count something.

Each measurement is a function that returns table rows:
- rebuild: `search_index rebuild` against a raw `helpers.bulk` of the same documents;
- API latency: a fixed, seeded mix of queries with facets, one at a time, through gunicorn
  running the production settings, against the same request bodies sent to Elasticsearch
  directly (built by the application's own query functions);
- API throughput: 8 concurrent clients for 30 s, with the number of errors;
- publish-to-searchable: practices published one by one through Wagtail, indexed by a real
  Celery worker on the "indexing" queue, polled until a search finds each;
- peak resident memory (VmHWM) of the gunicorn workers and the Celery processes.
The machine's load average is printed with the table: other work on it slows every figure.
"""

import argparse
import os
import random
import statistics
import subprocess
import sys
import threading
import time
import uuid
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
# Run as a script, this file's directory comes first on the path, and its name would hide
# the `search` app.
sys.path[0] = str(ROOT)

BENCHMARK_ORGANISATION = "Benchmark"
BATCH_SIZE = 2000
QUERY_MIX_SIZE = 200
CONCURRENT_CLIENTS = 8
THROUGHPUT_SECONDS = 30
PUBLISHED_PRACTICES = 30
SEARCHABLE_TIMEOUT_SECONDS = 30
HTTP_TIMEOUT_SECONDS = 30
COUNTRIES = ["BE", "FR", "DE", "IT", "ES", "AT", "NL", "PL"]
WORDS = (
    "job coaching training apprenticeship mentoring literacy housing integration employment "
    "youth migrants women disability skills volunteering community partnership guidance "
    "orientation insertion formation emploi jeunes Ausbildung Beschäftigung lavoro empleo "
    "inclusion digital social enterprise counselling outreach childcare transport health"
).split()


def setup_django():
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kb.settings.dev")
    django.setup()


def sentence(rng, words):
    return " ".join(rng.choice(WORDS) for _ in range(words)).capitalize()


def benchmark_organisation():
    from wagtail.models import Locale

    from practices.models import OrganisationPage
    from practices.organisations import create_organisation

    found = OrganisationPage.objects.filter(
        title=BENCHMARK_ORGANISATION, locale=Locale.get_default()
    ).first()
    return found or create_organisation(BENCHMARK_ORGANISATION, country="BE")


def synthetic_practice(rng, number):
    from practices.models import PracticePage

    return PracticePage(
        title=f"{sentence(rng, 5)} {number}",
        summary=sentence(rng, 30),
        outcomes=sentence(rng, 40),
        body=[("paragraph", f"<p>{sentence(rng, 120)}</p>"), ("heading", sentence(rng, 4))],
        start_year=rng.randint(2000, 2025),
        countries=rng.sample(["BE", "FR", "DE", "IT", "ES", "AT", "NL", "PL"], 2),
        original_language=rng.choice(["en", "fr", "de", "it", "es", "nl"]),
        source_id=f"bench-{number}",
    )


def insert_practices(organisation, practices):
    """Insert live PracticePages under `organisation` in bulk: the page rows with their tree
    paths, then the practice rows (Django cannot bulk-create a multi-table model)."""
    from django.contrib.contenttypes.models import ContentType
    from django.db import connection, transaction
    from django.db.models import F
    from django.utils import timezone
    from wagtail.models import Page

    from practices.models import PracticePage

    content_type = ContentType.objects.get_for_model(PracticePage)
    last_child = organisation.get_last_child()
    step = Page._str2int(last_child.path[-Page.steplen :]) if last_child else 0
    now = timezone.now()
    for offset, practice in enumerate(practices, start=1):
        practice.slug = f"bench-{uuid.uuid4().hex[:12]}"
        practice.draft_title = practice.title
        practice.path = Page._get_path(organisation.path, organisation.depth + 1, step + offset)
        practice.depth = organisation.depth + 1
        practice.url_path = f"{organisation.url_path}{practice.slug}/"
        practice.content_type = content_type
        practice.locale_id = organisation.locale_id
        practice.translation_key = uuid.uuid4()
        practice.live, practice.has_unpublished_changes = True, False
        practice.first_published_at = practice.last_published_at = now
    fields = PracticePage._meta.local_concrete_fields
    insert = (
        f"INSERT INTO {PracticePage._meta.db_table} ({', '.join(f.column for f in fields)}) "
        f"VALUES ({', '.join(['%s'] * len(fields))})"
    )
    with transaction.atomic():
        pages = Page.objects.bulk_create([Page(**page_values(practice)) for practice in practices])
        rows = []
        for page, practice in zip(pages, practices, strict=True):
            practice.page_ptr_id = practice.pk = page.pk
            rows.append(
                [f.get_db_prep_save(f.pre_save(practice, True), connection) for f in fields]
            )
        with connection.cursor() as cursor:
            cursor.executemany(insert, rows)
        Page.objects.filter(pk=organisation.pk).update(numchild=F("numchild") + len(practices))
    organisation.refresh_from_db()


def page_values(practice):
    from wagtail.models import Page

    return {
        field.attname: getattr(practice, field.attname)
        for field in Page._meta.local_concrete_fields
        if field.attname != "id"
    }


def attach_terms(rng, practices):
    """Give each practice one or two themes and target groups and one pathway stage."""
    from practices.models import PathwayStage, PracticePage, PracticeTheme, TargetGroup, Theme

    themes = list(Theme.objects.values_list("pk", flat=True))
    groups = list(TargetGroup.objects.values_list("pk", flat=True))
    stages = list(PathwayStage.objects.values_list("pk", flat=True))
    theme_rows, group_rows, stage_rows = [], [], []
    for practice in practices:
        for theme in rng.sample(themes, min(len(themes), rng.randint(1, 2))):
            theme_rows.append(PracticeTheme(content_object_id=practice.pk, tag_id=theme))
        for group in rng.sample(groups, min(len(groups), rng.randint(1, 2))):
            group_rows.append(PracticePage.target_groups.through(
                practicepage_id=practice.pk, targetgroup_id=group))
        if stages:
            stage_rows.append(PracticePage.pathway_stages.through(
                practicepage_id=practice.pk, pathwaystage_id=rng.choice(stages)))
    PracticeTheme.objects.bulk_create(theme_rows)
    PracticePage.target_groups.through.objects.bulk_create(group_rows)
    PracticePage.pathway_stages.through.objects.bulk_create(stage_rows)


def create_practices(count, seed=0, first_number=0):
    """Create `count` synthetic practices under "Benchmark", numbered from `first_number` (a
    run that adds to earlier ones keeps their source ids distinct); returns [(measure, value)]."""
    organisation = benchmark_organisation()
    rng = random.Random(seed)
    started = time.perf_counter()
    end = first_number + count
    for first in range(first_number, end, BATCH_SIZE):
        batch = [synthetic_practice(rng, n) for n in range(first, min(first + BATCH_SIZE, end))]
        insert_practices(organisation, batch)
        attach_terms(rng, batch)
    seconds = time.perf_counter() - started
    return [
        ("practices created", f"{count}"),
        ("creation time", f"{seconds:.1f} s"),
        ("creation rate", f"{count / seconds:.0f} practices/s" if seconds else "-"),
    ]


@contextmanager
def delete_signals_muted():
    """No pre_delete/post_delete receivers: the bulk-inserted practices have no revision, log
    entry, reference or search entry for them to clean, and one unpublication and one queued
    task per page would make deleting 100,000 of them take hours."""
    from django.db.models.signals import post_delete, pre_delete

    saved = [(sent, sent.receivers) for sent in (pre_delete, post_delete)]
    try:
        for sent, _receivers in saved:
            sent.receivers = []
            sent.sender_receivers_cache.clear()
        yield
    finally:
        for sent, receivers in saved:
            sent.receivers = receivers
            sent.sender_receivers_cache.clear()


def cleanup():
    """Delete the Benchmark organisation and its practices, then reconcile the index.

    Practices published through Wagtail (the publish-to-searchable measure) are deleted
    one by one, as an editor would; the bulk-inserted ones in batches, bypassing the
    page-by-page work of treebeard and the signals (`delete_signals_muted`).
    """
    from django.db import models, transaction
    from wagtail.models import Locale, Page

    from practices.models import OrganisationPage, PracticePage
    from search import index_admin

    organisation = OrganisationPage.objects.filter(
        title=BENCHMARK_ORGANISATION, locale=Locale.get_default()
    ).first()
    if organisation is None:
        return [("deleted", "nothing")]
    practices = PracticePage.objects.child_of(organisation)
    count = practices.count()
    for practice in practices.filter(live_revision__isnull=False):
        practice.delete()
    ids = list(practices.values_list("pk", flat=True))
    with delete_signals_muted():
        for first in range(0, len(ids), BATCH_SIZE):
            with transaction.atomic():
                batch = Page.objects.filter(pk__in=ids[first : first + BATCH_SIZE])
                models.QuerySet.delete(batch)
    Page.objects.filter(pk=organisation.pk).update(numchild=0)
    # Its copies in the other languages (see translation/) go with it.
    for page in OrganisationPage.objects.filter(title=BENCHMARK_ORGANISATION):
        page.delete()
    drift = index_admin.reconcile()
    return [("practices deleted", f"{count}"), ("orphans removed", f"{len(drift.orphaned)}")]


def measure_rebuild():
    """`search_index rebuild` as an operator runs it: database to a new index, alias swap."""
    from search import index_admin

    result = index_admin.rebuild()
    return result, [
        ("rebuild: documents", f"{result.documents}"),
        ("rebuild: time", f"{result.seconds:.1f} s"),
        ("rebuild: throughput", f"{result.documents_per_second:.0f} docs/s"),
    ]


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


def timed_bulk(client, index, actions):
    """Seconds to `helpers.bulk` `actions` into `index` and refresh it."""
    from elasticsearch.helpers import bulk

    from search.index_admin import BULK_CHUNK_SIZE

    started = time.perf_counter()
    bulk(client, actions, chunk_size=BULK_CHUNK_SIZE)
    client.indices.refresh(index=index)
    return time.perf_counter() - started


def measure_raw_bulk(rebuild_result):
    """`helpers.bulk` of the same documents, built beforehand, into a scratch index: the
    node's own ceiling, against which the rebuild's database reading and document
    building show as the ratio."""
    from search.index_admin import bulk_actions
    from search.indexing import practice_sources

    with scratch_index("bench-scratch") as (client, scratch):
        actions = list(bulk_actions(scratch, practice_sources()))
        seconds = timed_bulk(client, scratch, actions)
    raw_rate = len(actions) / seconds if seconds else 0.0
    ratio = rebuild_result.documents_per_second / raw_rate if raw_rate else 0.0
    return [
        ("raw bulk: throughput", f"{raw_rate:.0f} docs/s"),
        ("rebuild / raw bulk", f"{ratio:.2f}"),
    ]


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


def milliseconds(seconds):
    return f"{seconds * 1000:.0f} ms"


def query_mix(seed, size=QUERY_MIX_SIZE):
    """`size` query strings of the public API: words, facets, years, sorts and pages mixed."""
    from search.facets import known_values

    rng = random.Random(seed)
    terms = {name: sorted(known_values(name)) for name in ["theme", "target_group",
                                                          "pathway_stage"]}
    mix = []
    for _ in range(size):
        items = []
        if rng.random() < 0.7:
            items.append(("q", " ".join(rng.sample(WORDS, rng.choice([1, 1, 2, 3])))))
        for name, values in terms.items():
            if values and rng.random() < 0.25:
                items.append((name, rng.choice(values)))
        if rng.random() < 0.3:
            items += [("country", code) for code in rng.sample(COUNTRIES, rng.randint(1, 2))]
        if rng.random() < 0.15:
            items.append(("language", rng.choice(["en", "fr", "de"])))
        if rng.random() < 0.1:
            items.append(("year_from", str(rng.randint(2000, 2020))))
        if rng.random() < 0.2:
            items.append(("sort", rng.choice(["newest", "title"])))
        if rng.random() < 0.1:
            items.append(("page", "2"))
        items.append(("lang", rng.choice(["en", "en", "fr", "de"])))
        mix.append(urlencode(items))
    return mix


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


def measure_latency(base, mix):
    """Each query of the mix through the API, then its bodies sent to Elasticsearch directly
    (when nothing is found, the typo-tolerant search, then the suggestion request, as the
    application does), one at a time and interleaved, so that both see the same load; after
    a warm-up pass.

    Returns (API timings, raw timings, API errors).
    """
    import requests

    from search.client import get_client
    from search.documents import alias_name

    client, index, session = get_client(), alias_name(), requests.Session()
    bodies = [raw_bodies(query) for query in mix]

    def found(body):
        return client.search(index=index, body=body)["hits"]["total"]["value"] > 0

    for query, (body, *_others) in zip(mix[:20], bodies, strict=False):
        session.get(f"{base}/api/v1/search/?{query}", timeout=HTTP_TIMEOUT_SECONDS)
        client.search(index=index, body=body)
    app, raw, errors = [], [], 0
    for query, (body, typo_tolerant, suggestion) in zip(mix, bodies, strict=True):
        try:
            seconds, response = timed_get(session, f"{base}/api/v1/search/?{query}")
            errors += response.status_code != 200
        except requests.RequestException:  # counted as an error, at the timeout
            seconds, errors = HTTP_TIMEOUT_SECONDS, errors + 1
        app.append(seconds)
        started = time.perf_counter()
        if not found(body) and typo_tolerant and not found(typo_tolerant) and suggestion:
            client.search(index=index, body=suggestion)  # any word, when nothing is found
        raw.append(time.perf_counter() - started)
    return app, raw, errors


def raw_bodies(query):
    """The request bodies the application sends Elasticsearch for `query` (a query string):
    the search, and the typo-tolerant and the any-word searches it sends when nothing is
    found (None when it would not). Building them analyses and translates the words, as
    the application does before it searches; that part is the application's own time."""
    from django.http import QueryDict

    from search.params import parse_search_params
    from search.queries import RELAXED_MINIMUM_SHOULD_MATCH, QueryPlan, build_search

    params = parse_search_params(QueryDict(query))
    plan = QueryPlan.of(params)
    if not plan.text.is_plain:
        return build_search(params, plan, suggest=True).to_dict(), None, None
    any_word = plan.relaxed(minimum_should_match=RELAXED_MINIMUM_SHOULD_MATCH)
    return (build_search(params, plan, suggest=True).to_dict(),
            build_search(params, plan.relaxed()).to_dict(),
            build_search(params, any_word).to_dict())  # fmt: skip


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


def measure_api(seed):
    """API latency, its ratio to raw Elasticsearch, throughput, and the web's peak memory."""
    mix = query_mix(seed)
    with gunicorn_server() as (base, process):
        timings, raw, errors = measure_latency(base, mix)
        load = os.getloadavg()[0]
        busy = measure_throughput(base, mix)
        web_rss = process_peak_rss(child_pids(process.pid))
    app_p50, app_p95 = statistics.median(timings), percentile(timings, 0.95)
    raw_p50, raw_p95 = statistics.median(raw), percentile(raw, 0.95)
    busy_timings = [t for t in busy["timings"] if t]
    return [
        (f"API latency p50 / p95 ({len(mix)} queries, 1 client)",
         f"{milliseconds(app_p50)} / {milliseconds(app_p95)} (errors: {errors}, "
         f"load {load:.1f})"),
        ("raw Elasticsearch p50 / p95 (same bodies)",
         f"{milliseconds(raw_p50)} / {milliseconds(raw_p95)}"),
        ("API / raw (p50, p95)", f"{app_p50 / raw_p50:.2f}×, {app_p95 / raw_p95:.2f}×"),
        (f"API throughput ({CONCURRENT_CLIENTS} clients, {THROUGHPUT_SECONDS} s)",
         f"{busy['requests'] / THROUGHPUT_SECONDS:.1f} req/s, p95 "
         f"{milliseconds(percentile(busy_timings, 0.95)) if busy_timings else '-'}, "
         f"errors: {busy['errors']} (load {os.getloadavg()[0]:.1f})"),
        ("peak RSS, gunicorn worker", f"{web_rss:.0f} MiB"),
    ]


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


def publish_practice(organisation, rng, number):
    practice = synthetic_practice(rng, number)
    practice.title = f"Published benchmark practice {number} {uuid.uuid4().hex[:6]}"
    practice.slug = f"bench-published-{uuid.uuid4().hex[:12]}"
    organisation.add_child(instance=practice)
    practice.save_revision().publish()
    return practice


def searchable(page_id):
    from search.client import get_client
    from search.documents import alias_name

    response = get_client().search(
        index=alias_name(), query={"ids": {"values": [str(page_id)]}}, size=0,
        track_total_hits=True)
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
            while not searchable(practice.pk):
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
    ]


def markdown_table(rows):
    lines = ["| measure | value |", "|---|---|"]
    lines += [f"| {measure} | {value} |" for measure, value in rows]
    return "\n".join(lines)


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=1000, help="practices to create first")
    parser.add_argument("--skip-generate", action="store_true",
                        help="measure the practices the database holds, create none")
    parser.add_argument("--skip-rebuild", action="store_true",
                        help="measure the API and publication on the index as it is")
    parser.add_argument("--skip-raw-bulk", action="store_true",
                        help="no raw bulk load to compare the rebuild with (it doubles the time)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--cleanup", action="store_true", help="delete them and stop")
    return parser.parse_args(argv)


def main(argv=None):
    args = parse_args(argv)
    setup_django()
    if args.cleanup:
        print(markdown_table(cleanup()))
        return
    from search import index_admin

    index_admin.create_index()
    rows = [("load average at start", "{:.1f} {:.1f} {:.1f}".format(*os.getloadavg()))]
    if args.count and not args.skip_generate:
        rows += create_practices(args.count, args.seed)
    if not args.skip_rebuild:
        rebuild_result, rebuild_rows = measure_rebuild()
        rows += rebuild_rows + [("rebuild load average", f"{os.getloadavg()[0]:.1f}")]
        if not args.skip_raw_bulk:
            rows += measure_raw_bulk(rebuild_result)
        print(markdown_table(rows), flush=True)
    rows += measure_api(args.seed)
    rows += measure_publish_to_searchable(args.seed)
    print(markdown_table(rows))


if __name__ == "__main__":
    main()
