"""What visitors look for: searches counted per day, query and language (search/analytics.py)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class SearchTermCount(models.Model):
    """How many times a normalised query was searched on a day, in a language.

    Nothing that identifies a visitor is kept: no address, no session, no time of day.
    `results` is the number of results the last of these searches found;
    `no_result_searches` how many of them found nothing.
    """

    day = models.DateField(_("day"))
    query = models.CharField(_("query"), max_length=200)
    language = models.CharField(_("language"), max_length=8)
    searches = models.PositiveIntegerField(_("searches"), default=0)
    no_result_searches = models.PositiveIntegerField(_("searches without a result"), default=0)
    results = models.PositiveIntegerField(_("results"), default=0)

    class Meta:
        verbose_name = _("search term count")
        constraints = [
            models.UniqueConstraint(
                fields=["day", "query", "language"], name="one_search_count_per_day"
            )
        ]
        indexes = [models.Index(fields=["-day", "language"])]

    def __str__(self):
        return f"{self.day} {self.language} {self.query!r}: {self.searches}"
