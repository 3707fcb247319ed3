"""The four controlled vocabularies, read once per file so that lines cost no lookups."""

from practices.models import FundingProgramme, PathwayStage, TargetGroup, Theme

VOCABULARY_MODELS = {
    "themes": Theme,
    "target_groups": TargetGroup,
    "pathway_stages": PathwayStage,
    "funding_programmes": FundingProgramme,
}


def load_vocabularies():
    """Each vocabulary key of a record → {slug: term}."""
    return {
        key: {term.slug: term for term in model.objects.all()}
        for key, model in VOCABULARY_MODELS.items()
    }
