"""Controlled vocabularies that editors extend: a stable slug and a label per site language.

The label in `label` is the one in the site's default language; `labels` holds the others,
keyed by language code, so that adding a site language needs no migration.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from taggit.models import TagBase


class LabelledTerm(models.Model):
    """What every vocabulary term has beside its slug: labels, a description, an order."""

    labels = models.JSONField(_("labels in other languages"), default=dict, blank=True)
    description = models.TextField(_("description"), blank=True)
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        abstract = True

    def label_in(self, language=None):
        language = (language or get_language() or settings.LANGUAGE_CODE).split("-")[0]
        return self.labels.get(language) or self.default_label

    @property
    def default_label(self):
        raise NotImplementedError

    @property
    def display_label(self):
        """The label in the active language, for templates."""
        return self.label_in()


class VocabularyTerm(LabelledTerm):
    slug = models.SlugField(_("slug"), unique=True, max_length=60)
    label = models.CharField(_("label"), max_length=120)

    class Meta:
        abstract = True
        ordering = ["sort_order", "label"]

    def __str__(self):
        return self.label

    @property
    def default_label(self):
        return self.label


class Theme(TagBase, LabelledTerm):  # noqa: DJ008 - TagBase defines __str__
    """A theme of the network's work. Partners pick existing themes; only editors add new ones."""

    free_tagging = False

    class Meta:
        ordering = ["sort_order", "name"]
        verbose_name = _("theme")
        verbose_name_plural = _("themes")

    @property
    def default_label(self):
        return self.name


class TargetGroup(VocabularyTerm):
    class Meta(VocabularyTerm.Meta):
        verbose_name = _("target group")
        verbose_name_plural = _("target groups")


class PathwayStage(VocabularyTerm):
    """A phase of the network's method: resocialisation, training, support, job integration."""

    class Meta(VocabularyTerm.Meta):
        verbose_name = _("pathway stage")
        verbose_name_plural = _("pathway stages")


class FundingProgramme(VocabularyTerm):
    class Meta(VocabularyTerm.Meta):
        verbose_name = _("funding programme")
        verbose_name_plural = _("funding programmes")
