"""The record of a practice, defined once as pydantic models: a line of the interchange format,
and the base of the API's public record.

`parse_line` checks a line and turns it into a `PracticeRecord`, or raises `RecordError` with
a reason a person can act on ("unknown theme 'foo'"). The exporter builds the same record
from a page, and the API extends it (search/api/schemas.py), so every consumer shares one
list of keys, in one order, and one JSON Schema (`record_json_schema`, printed by
`manage.py practice_schema`).

Lists of terms, countries and keywords are sets: they are kept sorted and without
duplicates, so that two records of the same practice compare equal whatever order a file
gave them in.
"""

import json
from typing import Annotated

from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.validators import EmailValidator, URLValidator
from django_countries import countries as known_countries
from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    ValidationInfo,
    field_validator,
    model_validator,
)
from pydantic_core import PydanticCustomError

from practices.languages import ORIGINAL_LANGUAGE_CODES
from practices.models.pages import SUMMARY_MAX_LENGTH

from .body import BodyBlock, text_blocks
from .files import FileRecord, ImageRecord

KEYWORD_MAX_LENGTH = 100
EARLIEST_YEAR, LATEST_YEAR = 1000, 9999

# Each vocabulary key, and what one of its terms is called in a message.
VOCABULARY_TERM_NAMES = {
    "themes": "theme",
    "target_groups": "target group",
    "pathway_stages": "pathway stage",
    "funding_programmes": "funding programme",
}
REQUIRED_KEYS = ["source_id", "title", "summary", "language", "organisation"]

Slug = Annotated[str, Field(pattern=r"^[-\w]+$", max_length=60)]
CountryCode = Annotated[str, Field(pattern=r"^[A-Z]{2}$")]
Keyword = Annotated[str, Field(min_length=1, max_length=KEYWORD_MAX_LENGTH)]
Year = Annotated[int, Field(ge=EARLIEST_YEAR, le=LATEST_YEAR)]


def empty_or(string_format):
    """The schema of a text that is either empty or in `string_format`."""
    return {"anyOf": [{"maxLength": 0}, {"format": string_format}]}


class RecordError(ValueError):
    """A line that cannot be imported; the message says why."""


def refuse(message):
    """The error a check raises: pydantic reports it with exactly this message."""
    return PydanticCustomError("record", message)


class PracticeRecord(BaseModel):
    """One practice, as a file carries it: its original text, its facts and its files."""

    model_config = ConfigDict(extra="forbid", title="Practice")

    source_id: str = Field(
        min_length=1, max_length=100,
        description="The practice's identifier in the file's source; `kb:<uuid>` for a "
                    "practice written in this knowledge base.")
    title: str = Field(min_length=1, max_length=255)
    summary: str = Field(min_length=1, max_length=SUMMARY_MAX_LENGTH)
    language: str = Field(
        json_schema_extra={"enum": list(ORIGINAL_LANGUAGE_CODES)},
        description="ISO 639-1 code of the language the practice is written in.")
    organisation: str = Field(
        min_length=1, max_length=255,
        description="The owning organisation's name; a missing organisation is created.")
    seo_title: str = Field("", max_length=255)
    search_description: str = ""
    hero_image: ImageRecord | None = None
    body: list[BodyBlock] = Field(
        default_factory=list,
        description="The description: the StreamField's blocks, or plain text (paragraphs "
                    "separated by a blank line).")
    outcomes: str = ""
    resources: str = ""
    lessons_learned: str = ""
    transferability: str = ""
    attachments: list[FileRecord] = Field(default_factory=list)
    themes: list[Slug] = Field(default_factory=list)
    target_groups: list[Slug] = Field(default_factory=list)
    pathway_stages: list[Slug] = Field(default_factory=list)
    funding_programmes: list[Slug] = Field(default_factory=list)
    countries: list[CountryCode] = Field(
        default_factory=list, description="ISO 3166-1 alpha-2 codes.")
    keywords: list[Keyword] = Field(default_factory=list)
    start_year: Year | None = None
    end_year: Year | None = None
    website: str = Field("", max_length=200, json_schema_extra=empty_or("uri"))
    contact_name: str = Field("", max_length=200)
    contact_email: str = Field("", max_length=254, json_schema_extra=empty_or("email"))
    contact_is_public: bool = Field(
        False, description="Whether the contact person agreed to be shown publicly.")

    @model_validator(mode="before")
    @classmethod
    def check_keys(cls, data):
        if not isinstance(data, dict):
            return data
        unknown = sorted(set(data) - set(cls.model_fields))
        if unknown:
            raise refuse("unknown key " + ", ".join(repr(key) for key in unknown))
        data = {key: value for key, value in data.items() if value is not None}
        for key in REQUIRED_KEYS:
            value = data.get(key)
            if not value or (isinstance(value, str) and not value.strip()):
                raise refuse(f"missing required field '{key}'")
        return data

    @field_validator(
        "source_id", "title", "summary", "organisation", "seo_title", "search_description",
        "outcomes", "resources", "lessons_learned", "transferability", "contact_name",
        mode="before")  # fmt: skip
    @classmethod
    def check_text(cls, value, info: ValidationInfo):
        return checked_text(info.field_name, value, cls.model_fields[info.field_name])

    @field_validator("language", mode="before")
    @classmethod
    def check_language(cls, value, info: ValidationInfo):
        code = checked_text("language", value).lower()
        if code not in ORIGINAL_LANGUAGE_CODES:
            raise refuse(f"unknown language '{code}'")
        return code

    @field_validator("body", mode="before", json_schema_input_type=str | list[BodyBlock])
    @classmethod
    def check_body(cls, value, info: ValidationInfo):
        return text_blocks(value) if isinstance(value, str) else value

    @field_validator(*VOCABULARY_TERM_NAMES, mode="before")
    @classmethod
    def check_terms(cls, value, info: ValidationInfo):
        slugs = text_set(info.field_name, value)
        known = (info.context or {}).get("vocabularies", {}).get(info.field_name)
        for slug in slugs:
            if known is not None and slug not in known:
                raise refuse(f"unknown {VOCABULARY_TERM_NAMES[info.field_name]} '{slug}'")
        return slugs

    @field_validator("countries", mode="before")
    @classmethod
    def check_countries(cls, value, info: ValidationInfo):
        codes = sorted({code.upper() for code in text_set("countries", value)})
        for code in codes:
            if len(code) != 2 or known_countries.alpha2(code) != code:
                raise refuse(f"unknown country code '{code}'")
        return codes

    @field_validator("keywords", mode="before")
    @classmethod
    def check_keywords(cls, value, info: ValidationInfo):
        keywords = text_set("keywords", value)
        for keyword in keywords:
            if len(keyword) > KEYWORD_MAX_LENGTH:
                raise refuse(
                    f"keyword '{keyword[:20]}…' is longer than {KEYWORD_MAX_LENGTH} characters")
        return keywords

    @field_validator("start_year", "end_year", mode="before")
    @classmethod
    def check_year(cls, value, info: ValidationInfo):
        key = info.field_name
        if not isinstance(value, int) or isinstance(value, bool):
            raise refuse(f"'{key}' must be a whole number, not {json_type(value)}")
        if not EARLIEST_YEAR <= value <= LATEST_YEAR:
            raise refuse(f"'{key}' {value} is not a four-digit year")
        return value

    @field_validator("website", mode="before")
    @classmethod
    def check_website(cls, value, info: ValidationInfo):
        return validated_text(
            "website", value, URLValidator(schemes=["http", "https"]), "a valid web address")

    @field_validator("contact_email", mode="before")
    @classmethod
    def check_email(cls, value, info: ValidationInfo):
        return validated_text("contact_email", value, EmailValidator(), "a valid email address")

    @field_validator("contact_is_public", mode="before")
    @classmethod
    def check_boolean(cls, value, info: ValidationInfo):
        if not isinstance(value, bool):
            raise refuse(f"'{info.field_name}' must be true or false, not {json_type(value)}")
        return value

    @model_validator(mode="after")
    def check_years(self):
        if self.start_year and self.end_year and self.end_year < self.start_year:
            raise refuse(f"end_year {self.end_year} is before start_year {self.start_year}")
        return self

    def to_json(self):
        return json.dumps(self.model_dump(mode="json"), ensure_ascii=False)


KEYS = list(PracticeRecord.model_fields)


def parse_line(line, vocabularies):
    """The record on `line` (text or bytes), checked against `vocabularies` (key → known slugs)."""
    try:
        data = json.loads(line)
    except ValueError as error:
        raise RecordError(f"invalid JSON: {error}") from None
    if not isinstance(data, dict):
        raise RecordError(f"expected a JSON object, got {json_type(data)}")
    try:
        return PracticeRecord.model_validate(data, context={"vocabularies": vocabularies})
    except ValidationError as error:
        raise RecordError(describe(error)) from None


def describe(error):
    """The first reason pydantic gives, with the key it concerns when it is not ours."""
    first = error.errors()[0]
    if first["type"] == "record":
        return first["msg"]
    where = ".".join(str(part) for part in first["loc"])
    return f"'{where}': {first['msg']}" if where else first["msg"]


def record_json_schema(vocabularies=None):
    """The JSON Schema of a line; with `vocabularies` (key → slugs), their slugs as enums."""
    schema = PracticeRecord.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    for key, slugs in (vocabularies or {}).items():
        schema["properties"][key]["items"] = {"type": "string", "enum": sorted(slugs)}
    schema["properties"]["countries"]["items"] = {
        "type": "string", "enum": [code for code, _name in known_countries]}
    return schema


def json_type(value):
    names = {dict: "an object", list: "a list", str: "text", bool: "true/false", type(None): "null"}
    return names.get(type(value), "a number")


def checked_text(key, value, field_info=None):
    if not isinstance(value, str):
        raise refuse(f"'{key}' must be text, not {json_type(value)}")
    value = value.strip()
    limit = max_length(field_info)
    if limit and len(value) > limit:
        raise refuse(f"'{key}' is {len(value)} characters long; the limit is {limit}")
    return value


def max_length(field_info):
    for constraint in getattr(field_info, "metadata", ()):
        if getattr(constraint, "max_length", None):
            return constraint.max_length
    return None


def text_set(key, value):
    """A list of text, stripped, without blanks or duplicates, sorted."""
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise refuse(f"'{key}' must be a list of text, not {json_type(value)}")
    return sorted({item.strip() for item in value if item.strip()})


def validated_text(key, value, validator, description):
    text = checked_text(key, value, PracticeRecord.model_fields[key])
    try:
        if text:
            validator(text)
    except DjangoValidationError:
        raise refuse(f"'{key}' is not {description}: '{text}'") from None
    return text
