"""Create the fr, de, it and es locales and give each the site's skeleton.

Each locale gets a copy of Home, Practices and the proposal form (same translation key,
still in English until someone translates them), with the permissions and workflow of the
page it copies: the secretariat reviews and the editorial workflow applies in every locale.
Organisations are copied at run time when published (practices/locale_tree.py).

Historical models have no tree methods, so copies are placed by computing their
materialised path (treebeard: four base-36 characters per level).
"""

from django.db import migrations

LANGUAGES = ["fr", "de", "it", "es"]
SKELETON = [
    ("home", "HomePage"),
    ("practices", "PracticeIndexPage"),
    ("practices", "ProposalIndexPage"),
]
ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
STEP = 4


def next_child_path(page_model, parent):
    children = page_model.objects.filter(path__startswith=parent.path, depth=parent.depth + 1)
    last = children.order_by("-path").values_list("path", flat=True).first()
    number = int(last[-STEP:], 36) + 1 if last else 1
    digits = ""
    while number:
        number, remainder = divmod(number, 36)
        digits = ALPHABET[remainder] + digits
    return parent.path + digits.rjust(STEP, "0")


def copy_into_locale(apps, model, source, locale, parent):
    page_model = apps.get_model("wagtailcore.Page")
    copy = model.objects.get(pk=source.pk)
    copy.pk = copy.id = None
    copy._state.adding = True
    copy.path = next_child_path(page_model, parent)
    copy.depth = parent.depth + 1
    copy.numchild = 0
    copy.locale_id = locale.pk
    if copy.depth == 2:  # site roots are siblings: their slugs must differ
        copy.slug = f"{source.slug}-{locale.language_code}"
    copy.url_path = f"{parent.url_path if copy.depth > 2 else '/'}{copy.slug}/"
    copy.latest_revision_id = copy.live_revision_id = None
    copy.alias_of_id = None
    copy.save()
    page_model.objects.filter(pk=parent.pk).update(numchild=parent.numchild + 1)
    parent.numchild += 1
    for permission in apps.get_model("wagtailcore.GroupPagePermission").objects.filter(
        page_id=source.pk
    ):
        apps.get_model("wagtailcore.GroupPagePermission").objects.get_or_create(
            group_id=permission.group_id, page_id=copy.pk, permission_id=permission.permission_id
        )
    for workflow_page in apps.get_model("wagtailcore.WorkflowPage").objects.filter(
        page_id=source.pk
    ):
        apps.get_model("wagtailcore.WorkflowPage").objects.get_or_create(
            page_id=copy.pk, defaults={"workflow_id": workflow_page.workflow_id}
        )
    return copy


def create_locales_and_tree(apps, schema_editor):
    locale_model = apps.get_model("wagtailcore.Locale")
    page_model = apps.get_model("wagtailcore.Page")
    default = locale_model.objects.get(language_code="en")
    for code in LANGUAGES:
        locale, _ = locale_model.objects.get_or_create(language_code=code)
        for app_label, model_name in SKELETON:
            model = apps.get_model(app_label, model_name)
            for source in model.objects.filter(locale=default).order_by("path"):
                if page_model.objects.filter(
                    translation_key=source.translation_key, locale=locale
                ).exists():
                    continue
                source_parent = page_model.objects.get(path=source.path[:-STEP])
                parent = (
                    source_parent
                    if source_parent.depth == 1
                    else page_model.objects.get(
                        translation_key=source_parent.translation_key, locale=locale
                    )
                )
                copy_into_locale(apps, model, source, locale, parent)


class Migration(migrations.Migration):
    dependencies = [
        ("translation", "0001_initial"),
        ("practices", "0003_secretariat_and_editorial_workflow"),
        ("home", "0002_site_structure"),
        ("wagtail_localize", "0016_rename_page_revision_translationlog_revision"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [migrations.RunPython(create_locales_and_tree, migrations.RunPython.noop)]
