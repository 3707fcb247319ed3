"""Node and query tuning, measured on bench/scale.py's scratch index: each variant against
the settings of today, on the raw request bodies of the seeded query mix.

    .venv/bin/python -m bench.tuning          # after a bench/scale.py run (its scratch site)

Variants, each applied to the live scratch index and then undone:
- eager global ordinals on the facet fields (built at refresh, not by the first
  aggregation after it): measured on the first search after a write and a refresh;
- `track_total_hits` off: what the exact total costs (the product needs it exact);
- an explicit `refresh_interval`: a shard idle for 30 s (`index.search.idle.after`) stops
  refreshing, and the first search after a write waits for a refresh; measured as that
  first search's time after IDLE_SECONDS without one;
- the facets with no value selected counted under one shared `filter` aggregation, against
  one `filter` aggregation each (as until 2026-12-06): the mix's searches with filters;
- the shard request cache for searches with hits (`request_cache=true`; by default the node
  caches only requests without hits): the mix asked again, after the cache is cleared;
- `copy_to` per language: a scratch copy of the index where each language's four text
  fields are also copied into one field, `text_<lang>` (and the accent-folded ones into
  `words`, as today), queried by the same bodies rewritten to read those fields (one field
  a language instead of four). The scores change (a title no longer weighs more than a
  body), so this measures what it would save, not what it would find.

Variants measured side by side alternate request by request, so that both see the same
load on this shared machine.
"""

import copy
import statistics
import time

from bench.scale import markdown_table, milliseconds, p50_p95, query_mix, raw_bodies, setup_django

IDLE_SECONDS = 35
SAMPLES = 3


def timed_search(client, index, body, **options):
    started = time.perf_counter()
    client.search(index=index, body=body, **options)
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


def facet_per_aggregation(body):
    """`body` with each facet of the shared aggregation of the facets with no value
    selected in a `filter` aggregation of its own, as before it was shared."""
    from search.backends.elasticsearch.searching import UNSELECTED

    body = copy.deepcopy(body)
    shared = body["aggs"].pop(UNSELECTED, None)
    for name, values in (shared or {}).get("aggs", {}).items():
        body["aggs"][name] = {"filter": shared["filter"], "aggs": {"values": values}}
    return body


def paired_latency(client, index, bodies, variant, other_index=None, **options):
    """p50 / p95 of `bodies` as they are and as `variant(body)` (on `other_index`, if
    given), alternating, after a warm-up pass of both."""
    other_index = other_index or index
    for body in bodies[:20]:
        client.search(index=index, body=body, **options)
        client.search(index=other_index, body=variant(body), **options)
    today, other = [], []
    for body in bodies:
        today.append(timed_search(client, index, body, **options))
        other.append(timed_search(client, other_index, variant(body), **options))
    return p50_p95(today), p50_p95(other)


def copy_to_index(client, index):
    """A scratch copy of `index` with a `text_<lang>` field per language, filled by
    `copy_to` from that language's text fields; its name."""
    from elasticsearch.helpers import bulk, scan

    from search.documents import LANGUAGES, TEXT_FIELDS

    name = f"{index}-copy-to"
    client.indices.delete(index=name, ignore_unavailable=True)
    live = client.indices.get(index=index)[index]
    properties = live["mappings"]["properties"]
    for language in LANGUAGES:
        properties[f"text_{language}"] = {"type": "text", "analyzer": f"kb_{language}"}
        for field in TEXT_FIELDS:
            properties[f"{field}_{language}"]["copy_to"] = f"text_{language}"
    client.indices.create(index=name, mappings=live["mappings"], settings={
        "analysis": live["settings"]["index"]["analysis"], "number_of_shards": 1,
        "number_of_replicas": 0, "refresh_interval": "1s"})  # fmt: skip
    documents = ({"_index": name, "_id": hit["_id"], "_source": hit["_source"]}
                 for hit in scan(client, index=index, size=500))  # fmt: skip
    bulk(client, documents, chunk_size=200)
    client.indices.refresh(index=name)
    return name


def read_copied_fields(body):
    """`body` with each query on one language's four text fields reading `text_<lang>`,
    and each on the four accent-folded ones reading `words`."""
    if isinstance(body, list):
        return [read_copied_fields(item) for item in body]
    if not isinstance(body, dict):
        return body
    query = body.get("multi_match")
    field = query and copied_field(query["fields"])
    if not field:
        return {key: read_copied_fields(value) for key, value in body.items()}
    options = {key: value for key, value in query.items() if key not in ("fields", "type")}
    if query.get("type") == "phrase":
        return {"match_phrase": {field: options}}
    return {"match": {field: options}}


def copied_field(fields):
    """The field the four text fields `fields` (with boosts) are copied into, or None."""
    from search.documents import LANGUAGES, TEXT_FIELDS

    names = {field.split("^")[0] for field in fields}
    for language in LANGUAGES:
        if names == {f"{name}_{language}" for name in TEXT_FIELDS}:
            return f"text_{language}"
    if names == {f"{name}_neutral" for name in TEXT_FIELDS}:
        return "words"
    return None


def asked_again(client, index, bodies):
    """p50 / p95 of `bodies` each asked again right after being asked, without and with the
    request cache (emptied first), alternating."""
    client.indices.clear_cache(index=index, request=True)
    uncached, cached = [], []
    for body in bodies:
        client.search(index=index, body=body, request_cache=True)
        uncached.append(timed_search(client, index, body, request_cache=False))
        cached.append(timed_search(client, index, body, request_cache=True))
    return p50_p95(uncached), p50_p95(cached)


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
    filtered = [body for body in bodies if body.get("post_filter")]
    shared, separate = paired_latency(client, index, filtered, facet_per_aggregation,
                                      request_cache=False)
    for label, (p50, p95) in (("shared", shared), ("one each", separate)):
        rows.append((f"facets with no value selected, {label} filter aggregation: the "
                     f"{len(filtered)} searches with filters, p50 / p95",
                     f"{milliseconds(p50)} / {milliseconds(p95)}"))  # fmt: skip
    uncached, cached = asked_again(client, index, bodies)
    for label, (p50, p95) in (("off", uncached), ("on", cached)):
        rows.append((f"request cache {label}: the mix asked again, p50 / p95",
                     f"{milliseconds(p50)} / {milliseconds(p95)}"))
    copied = copy_to_index(client, index)
    try:
        fields, copies = paired_latency(client, index, bodies, read_copied_fields, copied,
                                        request_cache=False)
    finally:
        client.indices.delete(index=copied)
    for label, (p50, p95) in (("four fields a language (today)", fields),
                              ("one copy_to field a language", copies)):
        rows.append((f"{label}: the mix, p50 / p95", f"{milliseconds(p50)} / {milliseconds(p95)}"))
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
