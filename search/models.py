"""What visitors look for: searches counted per day, query and language (search/analytics.py);
and the practices as the PostgreSQL search reads them (search/search_table.py)."""

from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.db.models import F, Func, Value
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


class PracticeSearchEntry(models.Model):
    """A practice as the PostgreSQL search reads it: one row per practice (its
    `translation_key`), written from the same document the index receives
    (search/search_table.py), so that the fallback needs no work per page and per query.

    `document` holds the text of every live version, body included: each version's text
    analysed by its language's configuration (english, french, german, italian, spanish)
    and, accent-folded, by `simple`, title weighted A, summary B, body and outcomes C.
    The facet columns are the practice's (its original's), as in the index; `versions`
    maps each live version's locale to its page id, `title_sort` each site language to the
    folded title a visitor in it sees. `version` is the database clock when the practice
    was read: an older read never replaces a newer one. `fingerprint` is the index's
    (search.indexing.fingerprint), for reconciliation.

    A row with `public` false is a practice withdrawn at `version` (unpublished, deleted,
    restricted or moved): hidden from the search at once, in the transaction that withdrew
    it, and kept so that a write read before then cannot bring it back; the indexing task
    writes the row again if a version of the practice is still public.
    """

    translation_key = models.UUIDField(primary_key=True)
    version = models.BigIntegerField()
    public = models.BooleanField(default=True)
    fingerprint = models.TextField()
    versions = models.JSONField()
    original_id = models.IntegerField(null=True)
    title_sort = models.JSONField()
    theme = ArrayField(models.CharField(max_length=255), default=list)
    target_group = ArrayField(models.CharField(max_length=255), default=list)
    pathway_stage = ArrayField(models.CharField(max_length=255), default=list)
    funding_programme = ArrayField(models.CharField(max_length=255), default=list)
    country = ArrayField(models.CharField(max_length=2), default=list)
    organisation = models.CharField(max_length=255, blank=True)  # "": outside one
    language = models.CharField(max_length=8, blank=True)
    start_year = models.IntegerField(null=True)
    end_year = models.IntegerField(null=True)
    published_at = models.DateTimeField(null=True)
    document = SearchVectorField()
    # Titles and summaries (weights A and B): the ranking reads this tenth of `document`.
    heading = models.GeneratedField(
        expression=Func(F("document"), Value("{a,b}"), function="ts_filter"),
        output_field=SearchVectorField(),
        db_persist=True,
    )

    class Meta:
        verbose_name = _("practice search entry")
        verbose_name_plural = _("practice search entries")
        # The words only: with an index on a filter, PostgreSQL would read the rows passing
        # the filter and match each one's vector (search.backends.database
        # `text_index_first`); reading the rows without their vectors costs less. The
        # headings' words, for the ranking to read only the headings that have one
        # (search.backends.database `heading_rank`).
        indexes = [GinIndex(fields=["document"], name="practice_search_document"),
                   GinIndex(fields=["heading"], name="practice_search_heading")]

    def __str__(self):
        return str(self.translation_key)


class PassageEmbedding(models.Model):
    """The embedding of a text a practice is searched by (search/embedding_store.py), kept
    so that a rebuild does not embed again what has not changed: embedding is most of the
    time a document takes to build (hours for 100,000 practices on two cores).

    `digest` names the model and the text (SHA-256); `vector` is the unit vector as
    float32 bytes; `used_at` is the last time a document was built with it, so that what
    no practice says any more can be forgotten after a rebuild.
    """

    digest = models.CharField(max_length=64, primary_key=True)
    vector = models.BinaryField()
    used_at = models.DateTimeField(db_index=True)

    class Meta:
        verbose_name = _("passage embedding")

    def __str__(self):
        return self.digest
