"""What indexing every language version of a practice costs against indexing its original only.

    .venv/bin/python bench/locales.py [--practices 5000]

It takes the live practices of the development database that have a version in every locale
the machine translator reaches (the demo content once its translation jobs have run: en, fr,
it, es; Apertium has no German), builds their documents with the application's own builder,
and bulk-loads them into scratch indices with the production mapping, repeated under new ids
until `--practices` practices are loaded: once with the originals only, once with every
version. It reports documents, load time and rate, practices per second and the index size
per practice for both, and their ratios. The scratch indices are deleted at the end.
"""

import argparse
import math
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# Run as a script, this file's directory comes first on the path, and bench/search.py would
# hide the `search` app.
sys.path[0] = str(ROOT)

from bench.search import (  # noqa: E402  (needs the path above)
    markdown_table,
    scratch_index,
    setup_django,
    timed_bulk,
)


def translated_sources():
    """{translation key: [documents of its live versions]} of the practices live in the most
    locales, and that number of locales."""
    from search.indexing import indexable_practices, practice_sources

    versions = Counter(indexable_practices().values_list("translation_key", flat=True))
    most = max(versions.values(), default=0)
    keys = [key for key, count in versions.items() if count == most]
    sources = {}
    for practice in practice_sources(indexable_practices().filter(translation_key__in=keys)):
        sources.setdefault(practice.source["translation_key"], []).append(practice)
    return sources, most


def load_copies(suffix, practices, copies):
    """Bulk-load `copies` copies of `practices` (lists of PracticeSource, one per practice)
    into a scratch index; returns (documents, seconds to load, refresh and merge, bytes on
    disk)."""
    with scratch_index(suffix) as (client, name):
        actions = [
            {"_index": name, "_id": f"{copy}-{version.id}", "_source": version.source}
            for copy in range(copies)
            for versions in practices
            for version in versions
        ]
        seconds = timed_bulk(client, name, actions)
        started = time.perf_counter()
        client.indices.forcemerge(index=name, max_num_segments=1)
        seconds += time.perf_counter() - started
        size = client.indices.stats(index=name, metric="store")["_all"]["primaries"]["store"]
    return len(actions), seconds, size["size_in_bytes"]


def measure(target_practices):
    sources, locales = translated_sources()
    if locales < 2:
        sys.exit("No practice has translations yet: run `make run` and let the worker translate "
                 "the demo content first.")
    originals = [[v for v in versions if v.source["is_original"]] for versions in sources.values()]
    every_version = list(sources.values())
    copies = math.ceil(target_practices / len(sources))
    practices = copies * len(sources)
    loads = [
        ("original only", "bench-locales-one", originals),
        (f"all {locales} locales", "bench-locales-all", every_version),
    ]
    figures = {label: load_copies(suffix, loaded, copies) for label, suffix, loaded in loads}
    rows = [("practices loaded", f"{practices} ({len(sources)} translated practices × {copies})")]
    for label, (documents, seconds, size) in figures.items():
        rate = f"{documents / seconds:.0f} docs/s, {practices / seconds:.0f} practices/s"
        per_practice = f"{size / practices / 1024:.1f} KiB per practice"
        rows += [
            (f"{label}: documents", documents),
            (f"{label}: load, refresh and merge", f"{seconds:.1f} s ({rate})"),
            (f"{label}: index size", f"{size / 2**20:.1f} MiB ({per_practice})"),
        ]
    (_, one_seconds, one_size), (_, all_seconds, all_size) = figures.values()
    rows += [
        ("time, all locales / original only", f"{all_seconds / one_seconds:.2f}×"),
        ("size, all locales / original only", f"{all_size / one_size:.2f}×"),
    ]
    return rows


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--practices", type=int, default=5000)
    args = parser.parse_args(argv)
    setup_django()
    print(markdown_table(measure(args.practices)))


if __name__ == "__main__":
    main()
