"""Load benchmark: concurrent visitors on the search page and API while a partner publishes.

    .venv/bin/python -m bench.load                      # 50 visitors, 60 s, ≥ 10,000 practices
    .venv/bin/python -m bench.load --skip-generate --visitors 5 --seconds 10
    .venv/bin/python -m bench.load --think 0            # closed loop: the server's saturation

It runs on bench/scale.py's scratch site (database, index prefix, Redis database), created
if missing, never on the developer's data.

Visitor model: each visitor is a thread with its own HTTP session. It reads for a random
time (exponential, mean `--think`, default 2 s: the pause load-test tools' examples use, and
shorter than a person reading a page of results, so pessimistic), then asks the server
either the search page (`/en/search/`, rendered on the server) or the JSON API
(`/api/v1/search/`), half and half, with a query of bench/scale.py's seeded mix of words
and facets; and again until the time is up. Only the HTML or JSON is fetched: a browser
caches the static files. With `--think 0` the visitors ask without pause, so the figure is
the server's capacity, not a visitor's experience.

Meanwhile a partner publishes a new practice through Wagtail every `--publish-interval`
seconds, and a real Celery worker on the "indexing" queue indexes it, so that indexing
competes with the searches. The server is bench/scale.py's gunicorn with the production
settings, after `collectstatic` as the Dockerfile runs it (the page needs the manifest).

With `--elasticsearch-down`, the web and worker processes are given a port of this machine
that nothing listens on as Elasticsearch's address: every search is answered by the
PostgreSQL fallback and every indexing task finds the node unreachable, as during an
outage (the node itself keeps running for whatever else shares it). The table says which
backend the answers came from.

The table gives, per target, requests, requests per second, p50 / p95 / max latency and
errors (an answer other than 200, or no answer within the HTTP timeout), then the publishes,
the peak memory and the load average before and after. The script exits 1 when a request
or a publish failed, after printing the table.
"""

import argparse
import os
import random
import statistics
import subprocess
import sys
import threading
import time
from collections import Counter

from bench.corpus import create_practices
from bench.scale import (
    HTTP_TIMEOUT_SECONDS,
    ROOT,
    SCRATCH_REDIS_URL,
    benchmark_organisation,
    child_pids,
    ensure_scratch_site,
    free_port,
    gunicorn_server,
    indexing_worker,
    markdown_table,
    measure_rebuild,
    milliseconds,
    percentile,
    process_peak_rss,
    publish_practice,
    query_mix,
    service_environment,
    setup_django,
)

TARGETS = {"search page": "/en/search/", "API": "/api/v1/search/"}
WARM_UP_VISITORS = 4
WARM_UP_SECONDS = 5
SHOWN_ERROR_REASONS = 5


class Tally:
    """The timings and failures of one target (or the publisher), shared between threads."""

    def __init__(self):
        self.lock = threading.Lock()
        self.timings = []
        self.reasons = Counter()
        self.examples = {}

    def record(self, seconds, reason=None, example=""):
        with self.lock:
            self.timings.append(seconds)
            if reason:
                self.reasons[reason] += 1
                self.examples.setdefault(reason, example)

    @property
    def errors(self):
        return sum(self.reasons.values())


def practice_count():
    from practices.models import PracticePage

    return PracticePage.objects.values("translation_key").distinct().count()


def ensure_practices(count, seed):
    """At least `count` benchmark practices: the missing ones are bulk-inserted, which skips
    the indexing signals, so the index is then rebuilt. Returns table rows."""
    existing = practice_count()
    if existing >= count:
        return []
    rows = create_practices(count - existing, seed, first_number=existing)
    _result, rebuild_rows = measure_rebuild()
    return rows + rebuild_rows


def load_average():
    return "{:.1f} {:.1f} {:.1f}".format(*os.getloadavg())


def collect_static():
    """The production settings' manifest storage needs collected files to render a page."""
    subprocess.run([sys.executable, "manage.py", "collectstatic", "--noinput"], cwd=ROOT,
                   env=service_environment("kb.settings.production"), check=True,
                   capture_output=True)


def request(session, url, tally):
    import requests

    started = time.perf_counter()
    try:
        status = session.get(url, timeout=HTTP_TIMEOUT_SECONDS).status_code
        reason = None if status == 200 else f"HTTP {status}"
    except requests.RequestException as error:
        reason = type(error).__name__
    tally.record(time.perf_counter() - started, reason, url)


def run_together(threads):
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()


def warm_up(base, mix):
    """Unrecorded visitors without pause for a few seconds, several at once so that every
    gunicorn worker pays its first-request costs before the measure."""
    scratch = {target: Tally() for target in TARGETS}
    deadline = time.monotonic() + WARM_UP_SECONDS
    threads = [threading.Thread(target=visitor, args=(base, mix, scratch, deadline, 0,
                                                      f"warm-up:{n}"))
               for n in range(WARM_UP_VISITORS)]
    run_together(threads)


def visitor(base, mix, tallies, deadline, think, seed):
    """Read, ask the page or the API, read again... until `deadline` (see the docstring)."""
    import requests

    rng, session = random.Random(seed), requests.Session()
    while True:
        if think:
            time.sleep(max(0.0, min(rng.expovariate(1 / think), deadline - time.monotonic())))
        if time.monotonic() >= deadline:
            return
        target = rng.choice(list(TARGETS))
        request(session, f"{base}{TARGETS[target]}?{rng.choice(mix)}", tallies[target])


def publisher(interval, deadline, seed, first_number, tally):
    """A partner publishing a new practice every `interval` seconds until `deadline`."""
    from django.db import connection

    organisation, rng = benchmark_organisation(), random.Random(seed)
    due, number = time.monotonic(), first_number
    try:
        while due < deadline:
            time.sleep(max(0.0, due - time.monotonic()))
            started = time.perf_counter()
            try:
                publish_practice(organisation, rng, number)
                reason = None
            except Exception as error:  # counted and reported: the run goes on, as a site would
                reason = f"{type(error).__name__}: {error}"[:200]
            tally.record(time.perf_counter() - started, reason, f"practice {number}")
            number += 1
            due += interval
    finally:
        connection.close()


def run_load(args, first_number):
    """Visitors and the publisher against gunicorn and the indexing worker; returns
    (elapsed seconds, {target: Tally}, publish Tally, table rows of peak memory)."""
    mix = query_mix(args.seed)
    tallies = {target: Tally() for target in TARGETS}
    publishes = Tally()
    with indexing_worker() as worker, gunicorn_server() as (base, server):
        warm_up(base, mix)
        backend = answering_backend(base, mix)
        started = time.monotonic()
        deadline = started + args.seconds
        threads = [
            threading.Thread(target=visitor,
                             args=(base, mix, tallies, deadline, args.think, f"{args.seed}:{n}"))
            for n in range(args.visitors)
        ]
        threads.append(threading.Thread(target=publisher, args=(
            args.publish_interval, deadline, args.seed, first_number, publishes)))
        run_together(threads)
        elapsed = time.monotonic() - started
        memory = [
            ("searches answered by", backend),
            ("peak RSS, gunicorn worker", f"{process_peak_rss(child_pids(server.pid)):.0f} MiB"),
            ("peak RSS, Celery worker",
             f"{process_peak_rss([worker.pid, *child_pids(worker.pid)]):.0f} MiB"),
        ]
    return elapsed, tallies, publishes, memory


def answering_backend(base, mix):
    """The backend the API's answer to the first query with words names."""
    import requests

    query = next(query for query in mix if "q=" in query)
    answer = requests.get(f"{base}{TARGETS['API']}?{query}", timeout=HTTP_TIMEOUT_SECONDS)
    return answer.json().get("backend", "?") if answer.status_code == 200 else "no answer"


def target_row(name, tally, elapsed):
    timings = tally.timings
    if not timings:
        return (name, "no request")
    return (name, f"{len(timings)} requests, {len(timings) / elapsed:.1f} req/s, "
                  f"p50 / p95 / max {milliseconds(statistics.median(timings))} / "
                  f"{milliseconds(percentile(timings, 0.95))} / {milliseconds(max(timings))}, "
                  f"errors: {tally.errors}")


def report(args, elapsed, tallies, publishes, memory):
    """Table rows of the run, and the lines naming the first distinct errors."""
    everything = Tally()
    for tally in tallies.values():
        everything.timings += tally.timings
        everything.reasons += tally.reasons
    rows = [("visitors, think time (mean), duration",
             f"{args.visitors}, {args.think:g} s, {elapsed:.1f} s")]
    rows += [target_row(name, tally, elapsed) for name, tally in tallies.items()]
    rows.append(target_row("total", everything, elapsed))
    rows.append((f"publishes (one every {args.publish_interval:g} s)",
                 f"{len(publishes.timings) - publishes.errors} done, {publishes.errors} failed, "
                 f"p95 {milliseconds(percentile(publishes.timings, 0.95))}"
                 if publishes.timings else "none"))
    rows += memory
    reasons = [
        f"- {name}: {reason} ×{count}, e.g. {tally.examples[reason]}"
        for name, tally in [*tallies.items(), ("publish", publishes)]
        for reason, count in tally.reasons.most_common(SHOWN_ERROR_REASONS)
    ]
    return rows, reasons


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--visitors", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--count", type=int, default=10_000,
                        help="benchmark practices to have at least (the missing ones are "
                             "created and the index rebuilt)")
    parser.add_argument("--skip-generate", action="store_true",
                        help="use the practices the database holds, create none")
    parser.add_argument("--think", type=float, default=2.0,
                        help="mean seconds a visitor reads between two requests (0: none)")
    parser.add_argument("--publish-interval", type=float, default=1.0)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--elasticsearch-down", action="store_true",
                        help="the web and worker processes find no Elasticsearch: every "
                             "search is PostgreSQL's")
    return parser.parse_args(argv)


def main(argv=None):
    args = parse_args(argv)
    setup_django(broker_url=SCRATCH_REDIS_URL)  # the publisher's tasks reach the worker
    ensure_scratch_site()
    from search import index_admin

    index_admin.create_index()
    rows = [("load average at start", load_average())]
    if not args.skip_generate:
        rows += ensure_practices(args.count, args.seed)
    collect_static()
    first_number = practice_count()
    rows.append(("benchmark practices", f"{first_number}"))
    if args.elasticsearch_down:
        # Read by service_environment: the processes started from here on.
        os.environ["ELASTICSEARCH_URL"] = f"http://127.0.0.1:{free_port()}"
        rows.append(("Elasticsearch", "unreachable for the web and worker processes"))
    elapsed, tallies, publishes, memory = run_load(args, first_number)
    run_rows, reasons = report(args, elapsed, tallies, publishes, memory)
    rows += run_rows + [("load average at end", load_average())]
    print(markdown_table(rows))
    if reasons:
        print("\nFirst errors:\n" + "\n".join(reasons))
    return 1 if reasons else 0


if __name__ == "__main__":
    sys.exit(main())
