"""The parameters of practice search, whitelisted and validated before any query is built.

    params = parse_search_params(request.GET)   # SearchParams, or raises InvalidParameter
    params, stale = parse_link_params(request.GET)   # the search page's forgiving reading

An API request that names an unknown parameter or an unknown value is refused with a message
that says which parameter is wrong; nothing a visitor types reaches a search engine
unvalidated. The search page is reached from links (newsletters, bookmarks), so it ignores
the parameters it does not know (`utm_source`, `fbclid`…) and drops a facet value that no
longer exists (a renamed theme), telling the visitor which; a malformed value is still
refused.
"""

from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from search.facets import FACETS

SORTS = ("relevance", "newest", "title")
DEFAULT_PAGE_SIZE = 20
MAX_PAGE_SIZE = 100
MAX_QUERY_LENGTH = 500
MAX_SUGGEST_LENGTH = 100
# Elasticsearch refuses to page past this many hits (index.max_result_window).
MAX_RESULT_WINDOW = 10_000

SCALAR_PARAMETERS = ("q", "year_from", "year_to", "sort", "page", "page_size", "lang")
PARAMETERS = SCALAR_PARAMETERS + tuple(facet.name for facet in FACETS)


class InvalidParameter(ValidationError):
    """A request parameter that cannot be searched with; `parameter` names it."""

    def __init__(self, parameter, message):
        super().__init__(message)
        self.parameter = parameter


@dataclass(frozen=True)
class SearchParams:
    q: str = ""
    filters: tuple = ()  # ((facet name, frozenset of values), ...) in FACETS order, none empty
    year_from: int | None = None
    year_to: int | None = None
    sort: str = "relevance"
    page: int = 1
    page_size: int = DEFAULT_PAGE_SIZE
    lang: str = field(default=settings.LANGUAGE_CODE)

    @property
    def selected(self):
        """{facet name: frozenset of selected values}."""
        return dict(self.filters)

    @property
    def offset(self):
        return (self.page - 1) * self.page_size

    @property
    def has_year_range(self):
        return self.year_from is not None or self.year_to is not None

    def query_items(self, **changes):
        """The (name, value) pairs of a URL query string for these params, with `changes`.

        `changes` maps a parameter to its new value: a set for a facet, None to drop it.
        """
        values = {"q": self.q, "year_from": self.year_from, "year_to": self.year_to}
        values.update(sort=self.sort if self.sort != "relevance" else None)
        values.update(page_size=self.page_size if self.page_size != DEFAULT_PAGE_SIZE else None)
        values.update(self.selected)
        values.update(page=self.page if self.page != 1 else None)
        values.update(changes)
        items = []
        for name in PARAMETERS:
            value = values.get(name)
            if isinstance(value, frozenset | set):
                items.extend((name, item) for item in sorted(value))
            elif value not in (None, ""):
                items.append((name, str(value)))
        return items


def last_page(total, page_size):
    return max(1, -(-total // page_size))


def parse_search_params(query, language=None):
    """Validate a QueryDict (or a {name: [values]} dict) into SearchParams."""
    lists = dict(query.lists()) if hasattr(query, "lists") else dict(query)
    unknown = sorted(set(lists) - set(PARAMETERS))
    if unknown:
        raise InvalidParameter(unknown[0], _("Unknown parameter: %s.") % unknown[0])
    return validated_params(lists, language)


def parse_link_params(query, language=None):
    """(SearchParams, [(facet name, value) dropped]) for a link followed to the search page.

    Parameters the search does not know are ignored; facet values that no longer exist are
    dropped and listed; anything else is validated as `parse_search_params` does.
    """
    lists = {name: values for name, values in query.lists() if name in PARAMETERS}
    stale = []
    return validated_params(lists, language, stale=stale), stale


def validated_params(lists, language, stale=None):
    """SearchParams from {name: [values]} of known parameters; see `parse_filters` for stale."""
    for name in SCALAR_PARAMETERS:
        if len(lists.get(name, [])) > 1:
            raise InvalidParameter(name, _("Give %s only once.") % name)
    scalar = {name: lists[name][0].strip() for name in SCALAR_PARAMETERS if name in lists}
    params = SearchParams(
        q=parse_query_text(scalar.get("q", "")),
        filters=parse_filters(lists, stale),
        year_from=parse_year(scalar, "year_from"),
        year_to=parse_year(scalar, "year_to"),
        sort=parse_choice(scalar, "sort", SORTS, "relevance"),
        page=parse_bounded(scalar, "page", 1, None, 1),
        page_size=parse_bounded(scalar, "page_size", 1, MAX_PAGE_SIZE, DEFAULT_PAGE_SIZE),
        lang=parse_language(scalar, language),
    )
    if params.year_from and params.year_to and params.year_from > params.year_to:
        raise InvalidParameter("year_from", _("The start year must not be after the end year."))
    if params.page * params.page_size > MAX_RESULT_WINDOW:
        raise InvalidParameter("page", _("This page is beyond the last page of results."))
    return params


def parse_query_text(text):
    text = text.replace("\x00", "")
    if len(text) > MAX_QUERY_LENGTH:
        raise InvalidParameter(
            "q", _("The search text is too long (at most %d characters).") % MAX_QUERY_LENGTH
        )
    return text


def parse_filters(lists, stale=None):
    """The selected facet values; an unknown one is refused, or, given a `stale` list,
    dropped and appended to it as (facet name, value)."""
    filters = []
    for facet in FACETS:
        values = {facet.normalise(value) for value in lists.get(facet.name, []) if value.strip()}
        unknown = sorted(values - facet.known_values())
        if unknown and stale is not None:
            stale.extend((facet.name, value[:100]) for value in unknown)
            values -= set(unknown)
        if not values:
            continue
        if unknown and stale is None:
            raise InvalidParameter(
                facet.name,
                _("Unknown value for %(parameter)s: %(value)s.")
                % {"parameter": facet.name, "value": unknown[0][:100]},
            )
        filters.append((facet.name, frozenset(values)))
    return tuple(filters)


def parse_year(scalar, name):
    text = scalar.get(name, "")
    if not text:
        return None
    if not (text.isascii() and text.isdigit()) or not 1000 <= int(text) <= 9999:
        raise InvalidParameter(name, _("%s must be a year, such as 2021.") % name)
    return int(text)


def parse_choice(scalar, name, choices, default):
    value = scalar.get(name) or default
    if value not in choices:
        raise InvalidParameter(
            name, _("%(parameter)s must be one of: %(choices)s.")
            % {"parameter": name, "choices": ", ".join(choices)},
        )
    return value


def parse_bounded(scalar, name, low, high, default):
    text = scalar.get(name, "")
    if not text:
        return default
    if not (text.isascii() and text.isdigit()) or len(text) > 9:
        raise InvalidParameter(name, _("%s must be a whole number.") % name)
    number = int(text)
    if number < low or (high is not None and number > high):
        bounds = f"{low}–{high}" if high is not None else f"≥ {low}"
        raise InvalidParameter(name, _("%(parameter)s must be %(bounds)s.") % {
            "parameter": name, "bounds": bounds})
    return number


def parse_language(scalar, fallback):
    site_languages = [code for code, _name in settings.LANGUAGES]
    code = scalar.get("lang")
    if code is None:
        code = fallback if fallback in site_languages else settings.LANGUAGE_CODE
    if code not in site_languages:
        raise InvalidParameter(
            "lang", _("lang must be one of: %s.") % ", ".join(site_languages)
        )
    return code


def check_page_exists(params, total):
    """Refuse a page past the last one, once the number of results is known."""
    if params.page > last_page(total, params.page_size):
        raise InvalidParameter("page", _("This page is beyond the last page of results."))
