"""Throughput of the Apertium translator through the local APY server, in segments per second.

Usage: .venv/bin/python bench/translation.py [SEGMENTS]  (default 200)

Translates SEGMENTS realistic sentences French→English (through Spanish) and English→Spanish
(a direct pair), in batches as a translation job would send them.
"""

import os
import sys
import time

import django

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


def measure(translator, sentences, source, target, count):
    segments = [f"{sentences[n % len(sentences)]} ({n})" for n in range(count)]
    started = time.perf_counter()
    translated = translator.translate(segments, source, target)
    elapsed = time.perf_counter() - started
    assert len(translated) == count
    rate = count / elapsed
    print(f"{source}→{target}: {count} segments in {elapsed:.2f} s, {rate:.0f} segments/s")
    print(f"  e.g. {translated[0]!r}")


def main():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kb.settings.dev")
    sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    django.setup()
    from django.conf import settings

    from translation.translators.apertium import ApertiumTranslator

    count = int(sys.argv[1]) if len(sys.argv) > 1 else 200
    translator = ApertiumTranslator(settings.APERTIUM_URL, timeout=60)
    print(f"Apertium at {settings.APERTIUM_URL}")
    measure(translator, FRENCH, "fr", "en", count)
    measure(translator, ENGLISH, "en", "es", count)


if __name__ == "__main__":
    main()
