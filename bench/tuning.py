"""Node and query tuning, measured on bench/scale.py's scratch index: each variant against
the settings of today, on the raw request bodies of the seeded query mix.

    .venv/bin/python -m bench.tuning          # after a bench/scale.py run (its scratch site)

Variants, each applied to the live scratch index and then undone:
- eager global ordinals on the facet fields (built at refresh, not by the first
  aggregation after it): measured on the first search after a write and a refresh;
- `track_total_hits` off: what the exact total costs (the product needs it exact);
- an explicit `refresh_interval`: a shard idle for 30 s (`index.search.idle.after`) stops
  refreshing, and the first search after a write waits for a refresh; measured as that
  first search's time after IDLE_SECONDS without one.
"""

import copy
import statistics
import time

from bench.scale import markdown_table, milliseconds, p50_p95, query_mix, raw_bodies, setup_django

IDLE_SECONDS = 35
SAMPLES = 3


def timed_search(client, index, body):
    started = time.perf_counter()
    client.search(index=index, body=body)
    return time.perf_counter() - started


def mix_latency(client, index, bodies):
    for body in bodies[:20]:
        client.search(index=index, body=body)
    return p50_p95([timed_search(client, index, body) for body in bodies])


def touch(client, index):
    """Write a document nobody searches for, as a publication does."""
    client.index(index=index, id="bench-tuning-touch", document={"title_en": str(time.time())})


def first_search_after_write(client, index, body, refresh=True):
    """The time of a search right after a write (and a refresh, if `refresh`)."""
    touch(client, index)
    if refresh:
        client.indices.refresh(index=index)
    return timed_search(client, index, body)


def first_search_after_idle(client, index, body):
    """The time of the first search after IDLE_SECONDS without one, a write meanwhile."""
    time.sleep(IDLE_SECONDS)
    touch(client, index)
    time.sleep(2)
    return timed_search(client, index, body)


def facet_fields():
    from search.facets import FACETS

    return [facet.field for facet in FACETS]


def set_eager_ordinals(client, index, eager):
    mapping = {"type": "keyword", "eager_global_ordinals": eager}
    client.indices.put_mapping(index=index, properties=dict.fromkeys(facet_fields(), mapping))


def without_total(body):
    body = copy.deepcopy(body)
    body["track_total_hits"] = False
    return body


def main():
    setup_django()
    from search.client import get_client
    from search.documents import alias_name

    client = get_client().options(request_timeout=60)
    index = next(iter(client.indices.get_alias(name=alias_name())))
    bodies = [raw_bodies(query)[0] for query in query_mix(0)]
    browse = bodies[0]
    rows = []
    for label, variant in (("today", bodies),
                           ("track_total_hits off", [without_total(body) for body in bodies])):
        p50, p95 = mix_latency(client, index, variant)
        rows.append((f"{label}: mix p50 / p95", f"{milliseconds(p50)} / {milliseconds(p95)}"))
    for eager in (False, True):
        set_eager_ordinals(client, index, eager)
        after = [first_search_after_write(client, index, browse) for _ in range(SAMPLES * 3)]
        rows.append((f"eager global ordinals {'on' if eager else 'off'}: browse right after a "
                     f"write and refresh, median of {SAMPLES * 3}",
                     milliseconds(statistics.median(after))))  # fmt: skip
    set_eager_ordinals(client, index, False)
    for interval in (None, "1s"):
        client.indices.put_settings(index=index, settings={"index": {"refresh_interval": interval}})
        idle = [first_search_after_idle(client, index, browse) for _ in range(SAMPLES)]
        rows.append((f"refresh_interval {interval or 'unset'}: first search after "
                     f"{IDLE_SECONDS} s idle and a write, median of {SAMPLES}",
                     milliseconds(statistics.median(idle))))  # fmt: skip
    client.indices.put_settings(index=index, settings={"index": {"refresh_interval": None}})
    client.delete(index=index, id="bench-tuning-touch", refresh=True)
    print(markdown_table(rows))


if __name__ == "__main__":
    main()
