"""Practices and what describes them.

Dependencies flow from low-level to high-level modules: `vocabularies` (controlled terms)
← `pages` (the page tree: practice index, organisations, practices, proposals)
← `proposals` (who proposed a practice through the public form).
"""

from .pages import (
    OrganisationPage,
    PracticeAttachment,
    PracticeIndexPage,
    PracticeKeyword,
    PracticePage,
    PracticeTheme,
    ProposalIndexPage,
)
from .proposals import PracticeProposal
from .vocabularies import FundingProgramme, PathwayStage, TargetGroup, Theme

__all__ = [
    "FundingProgramme",
    "OrganisationPage",
    "PathwayStage",
    "PracticeAttachment",
    "PracticeIndexPage",
    "PracticeKeyword",
    "PracticePage",
    "PracticeProposal",
    "PracticeTheme",
    "ProposalIndexPage",
    "TargetGroup",
    "Theme",
]
