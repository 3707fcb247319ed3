"""Reading practices out of the page tree as records.

By default each practice is exported in its latest state, unpublished changes included, so
that a file carries what editors last saved; `live_only` exports live practices as the
public sees them. Proposals still waiting in the proposal form are not exported: they
belong to no organisation yet.
"""

from wagtail.models import Page

from practices.models import OrganisationPage

from .body import body_records
from .files import FileExport
from .identity import original_practices, source_id_of
from .records import PracticeRecord


def export_records(live_only=False):
    """A record for every practice that belongs to an organisation, in page-tree order."""
    organisation_names = dict(OrganisationPage.objects.values_list("path", "title"))
    practices = original_practices().order_by("path")
    if live_only:
        practices = practices.live()
    files = FileExport(embed=True)
    for practice in practices:
        organisation = organisation_names.get(practice.path[: -practice.steplen])
        if organisation is None:
            continue
        state = practice if live_only else practice.get_latest_revision_as_object()
        yield practice_record(state, organisation, files)


def page_url(page_id):
    """The full address of a page a rich-text link points to; None for a missing page."""
    page = Page.objects.filter(pk=page_id).first() if str(page_id).isdigit() else None
    return page.full_url if page else None


def record_fields(practice, organisation, files):
    """The record's fields for a practice (in whichever state it is given), as a dict."""
    return {
        "source_id": source_id_of(practice),
        "title": practice.title,
        "summary": practice.summary,
        "language": practice.original_language,
        "organisation": organisation,
        "seo_title": practice.seo_title,
        "search_description": practice.search_description,
        "hero_image": files.image(practice.hero_image) if practice.hero_image else None,
        "body": body_records(practice.body.raw_data, files, page_url),
        "outcomes": practice.outcomes,
        "resources": practice.resources,
        "lessons_learned": practice.lessons_learned,
        "transferability": practice.transferability,
        "attachments": [files.document(item.document) for item in practice.attachments.all()],
        "themes": [theme.slug for theme in practice.themes.all()],
        "target_groups": [term.slug for term in practice.target_groups.all()],
        "pathway_stages": [term.slug for term in practice.pathway_stages.all()],
        "funding_programmes": [term.slug for term in practice.funding_programmes.all()],
        "countries": [country.code for country in practice.countries],
        "keywords": [keyword.name for keyword in practice.keywords.all()],
        "start_year": practice.start_year,
        "end_year": practice.end_year,
        "website": practice.website,
        "contact_name": practice.contact_name,
        "contact_email": practice.contact_email,
        "contact_is_public": practice.contact_is_public,
    }


def practice_record(practice, organisation, files):
    return PracticeRecord.model_validate(record_fields(practice, organisation, files))
