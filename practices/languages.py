"""Languages a practice can be written in (ISO 639-1), named in their own language."""

from django.conf.locale import LANG_INFO

ORIGINAL_LANGUAGE_CODES = [
    "bg", "ca", "cs", "da", "de", "el", "en", "es", "et", "eu", "fi", "fr", "ga", "gl",
    "hr", "hu", "it", "lt", "lv", "mk", "nl", "no", "pl", "pt", "ro", "sk", "sl",
    "sq", "sr", "sv", "tr", "uk",
]  # fmt: skip

ORIGINAL_LANGUAGE_CHOICES = [
    (code, LANG_INFO[code]["name_local"]) for code in ORIGINAL_LANGUAGE_CODES
]


def language_name(code):
    return LANG_INFO.get(code, {}).get("name_local", code)
