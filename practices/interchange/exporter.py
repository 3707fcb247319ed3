"""Reading practices out of the page tree as records.

By default each practice is exported in its latest state, unpublished changes included, so
that a file carries what editors last saved; `live_only` exports live practices as the
public sees them. Proposals still waiting in the proposal form are not exported: they
belong to no organisation yet.
"""

from practices.models import OrganisationPage

from .body import body_text
from .identity import original_practices, source_id_of
from .records import PracticeRecord


def export_records(live_only=False):
    """A record for every practice that belongs to an organisation, in page-tree order."""
    organisation_names = dict(OrganisationPage.objects.values_list("path", "title"))
    practices = original_practices().order_by("path")
    if live_only:
        practices = practices.live()
    for practice in practices:
        organisation = organisation_names.get(practice.path[: -practice.steplen])
        if organisation is None:
            continue
        state = practice if live_only else practice.get_latest_revision_as_object()
        yield practice_record(state, organisation)


def practice_record(practice, organisation):
    return PracticeRecord(
        source_id=source_id_of(practice),
        title=practice.title,
        summary=practice.summary,
        language=practice.original_language,
        organisation=organisation,
        body=body_text(practice.body),
        outcomes=practice.outcomes,
        resources=practice.resources,
        lessons_learned=practice.lessons_learned,
        transferability=practice.transferability,
        themes=sorted(theme.slug for theme in practice.themes.all()),
        target_groups=sorted(term.slug for term in practice.target_groups.all()),
        pathway_stages=sorted(term.slug for term in practice.pathway_stages.all()),
        funding_programmes=sorted(term.slug for term in practice.funding_programmes.all()),
        countries=[country.code for country in practice.countries],
        keywords=sorted(keyword.name for keyword in practice.keywords.all()),
        start_year=practice.start_year,
        end_year=practice.end_year,
        website=practice.website,
        contact_name=practice.contact_name,
        contact_email=practice.contact_email,
        contact_is_public=practice.contact_is_public,
    )
