"""Practices related to a practice: the live ones that share the most themes with it."""

from django.db.models import Count

from practices.models import PracticePage

RELATED_PRACTICES_SHOWN = 3


def related_practices(practice, limit=RELATED_PRACTICES_SHOWN):
    """Up to `limit` other live practices in its locale, most shared themes first, then newest."""
    theme_ids = list(practice.theme_items.values_list("tag_id", flat=True))
    if not theme_ids:
        return PracticePage.objects.none()
    return (
        PracticePage.objects.live()
        .public()
        .filter(locale_id=practice.locale_id)
        .exclude(pk=practice.pk)
        .filter(theme_items__tag_id__in=theme_ids)
        .annotate(shared_themes=Count("theme_items", distinct=True))
        .order_by("-shared_themes", "-first_published_at", "pk")[:limit]
    )
