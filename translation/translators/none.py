"""The translator for sites without machine translation: every translation waits for a person."""

from .base import Translator


class NoTranslator(Translator):
    name = "none"
