"""Apertium through the local APY server: the quality of each route, and the throughput.

Usage: .venv/bin/python bench/translation.py [--segments N] [--max-pivots N]

Quality: every route APY's installed pairs allow between two of en, fr, it and es (the
direct pair, or a chain through at most --max-pivots other languages, 2 by default: es, ca,
pt …) translates the sentences of bench/translation_reference.jsonl through the translator
the site uses (marks stripped), scored with sacrebleu's chrF against the human
translations. For each direction the table marks the chosen route: the baseline (the
direct pair, else through Spanish, the rule before routes were measured) unless a route
scores significantly higher (`choose`), and gives each route's p-value against it. It
then prints the chosen routes as ROUTES and whether translation/translators/apertium.py
holds them.

Throughput: N realistic sentences (200 by default) French→English, English→Spanish and
Spanish→French through the routes of ROUTES, in batches as a translation job would send them, in
segments per second.
"""

import argparse
import json
import logging
import os
import sys
import time
from pathlib import Path

import django

REFERENCE = Path(__file__).with_name("translation_reference.jsonl")
LANGUAGES = ("en", "fr", "it", "es")
SIGNIFICANCE = 0.05

FRENCH = [
    "La formation professionnelle aide les jeunes à trouver un emploi.",
    "Le projet accompagne les familles sans logement vers un habitat stable.",
    "Les femmes migrantes suivent des cours de langue deux fois par semaine.",
    "Une équipe de bénévoles rend visite aux personnes âgées isolées.",
    "Le centre social propose un soutien scolaire gratuit aux enfants du quartier.",
]
ENGLISH = [
    "Social workers support homeless families in finding housing.",
    "The programme offers free legal advice to asylum seekers.",
    "Volunteers visit isolated older people every week.",
    "Young people learn a trade through paid apprenticeships.",
    "The project helps vulnerable families to find a job.",
]
SPANISH = [
    "La empresa de inserción contrata a personas paradas de larga duración.",
    "Los jóvenes aprenden un oficio en un taller de carpintería.",
    "Las mujeres migrantes siguen cursos de idiomas dos veces por semana.",
    "El proyecto ofrece asesoramiento jurídico gratuito a los solicitantes de asilo.",
    "Una cooperativa social da trabajo a personas con discapacidad.",
]


def installed_pairs(translator, codes):
    """APY's pairs as (source, target) ISO 639-1 codes, among the languages of `codes`."""
    alpha3 = {three: one for one, three in codes.items()}
    listed = translator.http.request("GET", f"{translator.url}/listPairs")
    pairs = set()
    for pair in json.loads(listed.data)["responseData"]:
        source, target = pair["sourceLanguage"], pair["targetLanguage"]
        if source in alpha3 and target in alpha3:
            pairs.add((alpha3[source], alpha3[target]))
    return pairs


def candidate_routes(source, target, pairs, max_pivots):
    """Every chain of installed pairs from source to target visiting no language twice."""
    routes, paths = [], [[source]]
    while paths:
        path = paths.pop()
        for first, second in sorted(pairs):
            if first != path[-1] or second in path:
                continue
            if second == target:
                routes.append([*path, target])
            elif len(path) <= max_pivots:
                paths.append([*path, second])
    return sorted(routes, key=lambda route: (len(route), route))


def baseline_route(source, target, pairs):
    """The route used before routes were measured: the direct pair, else through Spanish."""
    return [source, target] if (source, target) in pairs else [source, "es", target]


def choose(scored, baseline, references):
    """The chosen route, and each route's p-value against the baseline route.

    `scored` is [(route, hypotheses, chrF)]. The baseline is kept unless other routes score
    higher and sacrebleu's paired bootstrap test (1,000 resamples, fixed seed) finds the
    difference significant (p < SIGNIFICANCE); then the highest of those is chosen. Routes a
    point apart on a few dozen sentences are not told apart, and are no reason for a change.
    """
    from sacrebleu.metrics import CHRF
    from sacrebleu.significance import PairedTest

    [base] = [entry for entry in scored if entry[0] == baseline]
    others = [entry for entry in scored if entry is not base]
    p_values = {tuple(baseline): None}
    if others:
        systems = [("baseline", base[1])] + [("→".join(r), h) for r, h, _ in others]
        test = PairedTest(systems, {"chrF": CHRF()}, references, test_type="bs")
        _, columns = test()
        results = next(column for name, column in columns.items() if name != "System")
        for (route, _, _), result in zip(others, results[1:], strict=True):
            p_values[tuple(route)] = result.p_value
    better = [
        entry for entry in others if entry[2] > base[2] and p_values[tuple(entry[0])] < SIGNIFICANCE
    ]
    return max([base, *better], key=lambda entry: entry[2])[0], p_values


def score_routes(url, rows, max_pivots):
    """Prints the chrF of every candidate route per direction; returns the chosen routes."""
    from sacrebleu.metrics import CHRF

    from translation.translators.apertium import ISO_639_3, ApertiumTranslator

    chrf = CHRF()
    pairs = installed_pairs(ApertiumTranslator(url, timeout=60), ISO_639_3)
    chosen = {}
    print(f"| direction | route | chrF ({len(rows)} sentences) | p | chosen |")
    print("| --- | --- | --- | --- | --- |")
    for source in LANGUAGES:
        for target in LANGUAGES:
            if source == target:
                continue
            references = [[row[target] for row in rows]]
            scored = []
            for route in candidate_routes(source, target, pairs, max_pivots):
                translator = ApertiumTranslator(url, timeout=120, routes={(source, target): route})
                hypotheses = translator.translate([row[source] for row in rows], source, target)
                score = chrf.corpus_score(hypotheses, references).score
                scored.append((route, hypotheses, score))
            if not scored:
                print(f"| {source}→{target} | no route | | | |")
                continue
            baseline = baseline_route(source, target, pairs)
            if baseline not in [route for route, _, _ in scored]:  # its pairs are missing
                baseline = max(scored, key=lambda entry: entry[2])[0]
            chosen[(source, target)], p_values = choose(scored, baseline, references)
            for route, _, score in scored:
                p_value = p_values[tuple(route)]
                p_text = "baseline" if p_value is None else f"{p_value:.3f}"
                mark = "✔" if route == chosen[(source, target)] else ""
                cells = [f"{source}→{target}", "→".join(route), f"{score:.1f}", p_text, mark]
                print(f"| {' | '.join(cells)} |")
    return chosen


def report_routes(chosen):
    from translation.translators.apertium import ROUTES

    print("\nROUTES = {")
    for (source, target), route in chosen.items():
        print(f'    ("{source}", "{target}"): {json.dumps(route)},')
    print("}")
    differ = sorted(pair for pair in chosen | ROUTES if chosen.get(pair) != ROUTES.get(pair))
    if differ:
        print(f"translation/translators/apertium.py differs for {differ}")
    else:
        print("translation/translators/apertium.py holds these routes")


def measure_throughput(url, sentences, source, target, count):
    from translation.translators.apertium import ROUTES, ApertiumTranslator

    translator = ApertiumTranslator(url, timeout=60)
    segments = [f"{sentences[n % len(sentences)]} ({n})" for n in range(count)]
    started = time.perf_counter()
    translated = translator.translate(segments, source, target)
    elapsed = time.perf_counter() - started
    assert len(translated) == count
    route = "→".join(ROUTES[(source, target)])
    print(f"{route}: {count} segments in {elapsed:.2f} s, {count / elapsed:.0f} segments/s")
    print(f"  e.g. {translated[0]!r}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--segments", type=int, default=200)
    parser.add_argument("--max-pivots", type=int, default=2)
    arguments = parser.parse_args()
    logging.getLogger("sacrebleu").setLevel(logging.WARNING)  # one line per paired test
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kb.settings.dev")
    sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    django.setup()
    from django.conf import settings

    url = settings.APERTIUM_URL
    rows = [json.loads(line) for line in REFERENCE.read_text().splitlines() if line.strip()]
    print(f"Apertium at {url}\n")
    report_routes(score_routes(url, rows, arguments.max_pivots))
    print()
    measure_throughput(url, FRENCH, "fr", "en", arguments.segments)
    measure_throughput(url, ENGLISH, "en", "es", arguments.segments)
    measure_throughput(url, SPANISH, "es", "fr", arguments.segments)


if __name__ == "__main__":
    main()
