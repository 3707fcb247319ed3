"""Who proposed a practice through the public form; never shown publicly."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from .pages import PracticePage


class PracticeProposal(models.Model):
    practice = models.OneToOneField(
        PracticePage, on_delete=models.CASCADE, related_name="proposal"
    )
    proposer_name = models.CharField(_("name"), max_length=200)
    proposer_email = models.EmailField(_("email"))
    proposer_organisation = models.CharField(_("organisation"), max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("proposal")

    def __str__(self):
        return f"{self.proposer_name} — {self.practice.title}"
