"""A hit as the API and the page show it, read from the search response: the practice's
version in the visitor's language, else its original, and the passage that matched; and the
completions of the query box, each as the version a visitor is shown."""

from search.results import Hit

SOURCE_FIELDS = [
    "translation_key", "versions", "original_locale", "source_id", "url", "language", "theme",
    "country", "target_group", "pathway_stage", "funding_programme", "organisation",
    "organisation_name", "start_year", "end_year",
]  # fmt: skip


def hit_fields(hit, language):
    """The fields of a hit (a dict of the search response): the id, title, summary
    and URL of the practice's version in `language`, else of its original; the passage of
    the version that matched."""
    source = hit.get("_source", {})
    versions = source.get("versions") or {}
    shown_language = shown_version_language(versions, language, source.get("original_locale"))
    shown = versions.get(shown_language, {})
    return Hit(
        id=shown.get("id"),
        source_id=source.get("source_id") or "",
        title=shown.get("title", ""),
        url=shown.get("url") or source.get("url") or "",
        summary=shown.get("summary", ""),
        highlight=passage(hit.get("highlight") or {}, versions, language, shown_language),
        language=source.get("language"),
        locale=shown_language,
        themes=as_list(source.get("theme")),
        countries=as_list(source.get("country")),
        target_groups=as_list(source.get("target_group")),
        pathway_stages=as_list(source.get("pathway_stage")),
        funding_programmes=as_list(source.get("funding_programme")),
        organisation=source.get("organisation"),
        organisation_name=source.get("organisation_name", ""),
        start_year=source.get("start_year"),
        end_year=source.get("end_year"),
    ).as_dict()


def shown_version_language(versions, language, original_language):
    """The language of the version a visitor in `language` is shown."""
    for candidate in (language, original_language):
        if candidate in versions:
            return candidate
    return next(iter(sorted(versions)), None)


def passage(highlight, versions, language, shown_language):
    """The best passage: where words matched, in the visitor's language first, then in the
    version shown, then in any other version; without a match, the shown summary's start."""
    order = [language, shown_language, *sorted(versions)]
    locales = [code for index, code in enumerate(order)
               if code in versions and code not in order[:index]]  # fmt: skip
    # A version's text is in the fields of its text's language (an original written in
    # German in the English tree is in `summary_de`).
    languages = [versions[code].get("language", code) for code in locales]
    for code in languages:
        for name in ("summary", "body", "outcomes"):
            fragments = highlight.get(f"{name}_{code}") or []
            if fragments and "<mark>" in fragments[0]:
                return fragments[0]
    for code in languages:
        fragments = highlight.get(f"summary_{code}") or []
        if fragments:
            return fragments[0]
    return None


def as_list(value):
    if value is None:
        return []
    return list(value) if isinstance(value, list | tuple) else [value]


def completions(options, language):
    """Each completed practice once, as its version a visitor in `language` is shown."""
    found, seen = [], set()
    for option in options:
        if option["_id"] in seen:
            continue
        seen.add(option["_id"])
        source = option.get("_source", {})
        versions = source.get("versions") or {}
        shown = versions.get(shown_version_language(
            versions, language, source.get("original_locale")), {})
        found.append({"text": shown.get("title") or option["text"],
                      "url": shown.get("url") or completion_url(option)})
    return found


def completion_url(option):
    """The link of the version whose title was completed, else of the original."""
    source = option.get("_source", {})
    for version in (source.get("versions") or {}).values():
        if version.get("title") == option["text"]:
            return version.get("url") or source.get("url", "")
    return source.get("url", "")
