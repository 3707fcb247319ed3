"""One line of the interchange format: a JSON object describing one practice.

`parse_line` checks a line and turns it into a `PracticeRecord`, or raises `RecordError` with
a reason a person can act on ("unknown theme 'foo'"). The exporter builds the same record
from a page, so both directions share one list of keys, in one order.
"""

import json
from dataclasses import asdict, dataclass, field, fields

from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator, URLValidator
from django_countries import countries as known_countries

from practices.languages import ORIGINAL_LANGUAGE_CODES
from practices.models.pages import SUMMARY_MAX_LENGTH

# The field lengths of PracticePage and of taggit's tag names.
MAX_LENGTHS = {
    "source_id": 100,
    "title": 255,
    "summary": SUMMARY_MAX_LENGTH,
    "organisation": 255,
    "contact_name": 200,
    "website": 200,
    "contact_email": 254,
}
KEYWORD_MAX_LENGTH = 100
EARLIEST_YEAR, LATEST_YEAR = 1000, 9999

# Each vocabulary key, and what one of its terms is called in a message.
VOCABULARY_TERM_NAMES = {
    "themes": "theme",
    "target_groups": "target group",
    "pathway_stages": "pathway stage",
    "funding_programmes": "funding programme",
}


class RecordError(ValueError):
    """A line that cannot be imported; the message says why."""


@dataclass
class PracticeRecord:
    source_id: str
    title: str
    summary: str
    language: str
    organisation: str
    body: str = ""
    outcomes: str = ""
    resources: str = ""
    lessons_learned: str = ""
    transferability: str = ""
    themes: list[str] = field(default_factory=list)
    target_groups: list[str] = field(default_factory=list)
    pathway_stages: list[str] = field(default_factory=list)
    funding_programmes: list[str] = field(default_factory=list)
    countries: list[str] = field(default_factory=list)
    keywords: list[str] = field(default_factory=list)
    start_year: int | None = None
    end_year: int | None = None
    website: str = ""
    contact_name: str = ""
    contact_email: str = ""
    contact_is_public: bool = False

    def to_json(self):
        return json.dumps(asdict(self), ensure_ascii=False)


KEYS = [record_field.name for record_field in fields(PracticeRecord)]
REQUIRED_KEYS = ["source_id", "title", "summary", "language", "organisation"]


def parse_line(line, vocabularies):
    """The record on `line` (text or bytes), checked against `vocabularies` (key → known slugs)."""
    try:
        data = json.loads(line)
    except ValueError as error:
        raise RecordError(f"invalid JSON: {error}") from None
    if not isinstance(data, dict):
        raise RecordError(f"expected a JSON object, got {json_type(data)}")
    return parse_record(data, vocabularies)


def parse_record(data, vocabularies):
    unknown = sorted(set(data) - set(KEYS))
    if unknown:
        raise RecordError("unknown key " + ", ".join(repr(key) for key in unknown))
    values = {key: CHECKS[key](key, value) for key, value in data.items() if value is not None}
    for key in REQUIRED_KEYS:
        if not values.get(key):
            raise RecordError(f"missing required field '{key}'")
    for key, term_name in VOCABULARY_TERM_NAMES.items():
        for slug in values.get(key, []):
            if slug not in vocabularies[key]:
                raise RecordError(f"unknown {term_name} '{slug}'")
    record = PracticeRecord(**values)
    if record.start_year and record.end_year and record.end_year < record.start_year:
        raise RecordError(f"end_year {record.end_year} is before start_year {record.start_year}")
    return record


def json_type(value):
    names = {dict: "an object", list: "a list", str: "text", bool: "true/false", type(None): "null"}
    return names.get(type(value), "a number")


def check_text(key, value):
    if not isinstance(value, str):
        raise RecordError(f"'{key}' must be text, not {json_type(value)}")
    value = value.strip()
    limit = MAX_LENGTHS.get(key)
    if limit and len(value) > limit:
        raise RecordError(f"'{key}' is {len(value)} characters long; the limit is {limit}")
    return value


def check_text_list(key, value):
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise RecordError(f"'{key}' must be a list of text, not {json_type(value)}")
    return [item.strip() for item in value if item.strip()]


def check_keywords(key, value):
    keywords = check_text_list(key, value)
    for keyword in keywords:
        if len(keyword) > KEYWORD_MAX_LENGTH:
            raise RecordError(
                f"keyword '{keyword[:20]}…' is longer than {KEYWORD_MAX_LENGTH} characters"
            )
    return keywords


def check_countries(key, value):
    codes = [code.upper() for code in check_text_list(key, value)]
    for code in codes:
        if len(code) != 2 or known_countries.alpha2(code) != code:
            raise RecordError(f"unknown country code '{code}'")
    return codes


def check_language(key, value):
    code = check_text(key, value).lower()
    if code and code not in ORIGINAL_LANGUAGE_CODES:
        raise RecordError(f"unknown language '{code}'")
    return code


def check_year(key, value):
    if not isinstance(value, int) or isinstance(value, bool):
        raise RecordError(f"'{key}' must be a whole number, not {json_type(value)}")
    if not EARLIEST_YEAR <= value <= LATEST_YEAR:
        raise RecordError(f"'{key}' {value} is not a four-digit year")
    return value


def check_boolean(key, value):
    if not isinstance(value, bool):
        raise RecordError(f"'{key}' must be true or false, not {json_type(value)}")
    return value


def validated_by(validator, description):
    def check(key, value):
        text = check_text(key, value)
        try:
            if text:
                validator(text)
        except ValidationError:
            raise RecordError(f"'{key}' is not {description}: '{text}'") from None
        return text

    return check


CHECKS = {
    **dict.fromkeys(KEYS, check_text),
    **dict.fromkeys(VOCABULARY_TERM_NAMES, check_text_list),
    "countries": check_countries,
    "keywords": check_keywords,
    "language": check_language,
    "start_year": check_year,
    "end_year": check_year,
    "website": validated_by(URLValidator(schemes=["http", "https"]), "a valid web address"),
    "contact_email": validated_by(EmailValidator(), "a valid email address"),
    "contact_is_public": check_boolean,
}
