"""The secretariat group and the editorial workflow every practice goes through.

Wagtail's default "Editors" and "Moderators" groups hold permissions on the whole page
tree; they are deleted so that nobody puts a partner in them by mistake, and Wagtail's
default "Moderators approval" task (on the root page) is handed to the secretariat.

"Editorial review" applies to the practice index, so to every organisation, practice and
proposal: "Secretariat check" (complete, in scope), then "Thematic review" (evidence of
success, potential for transfer). Approving the last task publishes.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

SECRETARIAT = "Secretariat"
WORKFLOW = "Editorial review"
TASKS = ["Secretariat check", "Thematic review"]
PAGE_PERMISSIONS = ["add_page", "change_page", "publish_page", "delete_page", "lock_page"]
MODEL_PERMISSIONS = [
    ("wagtailadmin", "access_admin"),
    *[
        ("practices", f"{action}_{model}")
        for model in ["theme", "targetgroup", "pathwaystage", "fundingprogramme"]
        for action in ["add", "change", "delete"]
    ],
    # So that editors can reassign the workflow's tasks to other groups.
    ("wagtailcore", "add_workflow"),
    ("wagtailcore", "change_workflow"),
    ("wagtailcore", "add_task"),
    ("wagtailcore", "change_task"),
]
COLLECTION_PERMISSIONS = [
    (app_label, f"{action}_{model}")
    for app_label, model in [("wagtailimages", "image"), ("wagtaildocs", "document")]
    for action in ["add", "change", "choose", "delete"]
]


def ensure_permissions_exist(apps):
    """Permissions are created after migrations run; this migration needs them now."""
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None


def permission(apps, app_label, codename):
    return apps.get_model("auth.Permission").objects.get(
        content_type__app_label=app_label, codename=codename
    )


def create_secretariat(apps):
    group, _ = apps.get_model("auth.Group").objects.get_or_create(name=SECRETARIAT)
    group.permissions.add(*[permission(apps, *spec) for spec in MODEL_PERMISSIONS])
    group_page_permission = apps.get_model("wagtailcore.GroupPagePermission")
    for index in apps.get_model("practices.PracticeIndexPage").objects.all():
        for codename in PAGE_PERMISSIONS:
            group_page_permission.objects.get_or_create(
                group=group, page_id=index.pk, permission=permission(apps, "wagtailcore", codename)
            )
    root_collection = apps.get_model("wagtailcore.Collection").objects.get(depth=1)
    for spec in COLLECTION_PERMISSIONS:
        apps.get_model("wagtailcore.GroupCollectionPermission").objects.get_or_create(
            group=group, collection=root_collection, permission=permission(apps, *spec)
        )
    return group


def create_editorial_workflow(apps, secretariat):
    task_content_type, _ = apps.get_model("contenttypes.ContentType").objects.get_or_create(
        app_label="wagtailcore", model="groupapprovaltask"
    )
    workflow, _ = apps.get_model("wagtailcore.Workflow").objects.get_or_create(name=WORKFLOW)
    for order, name in enumerate(TASKS):
        task, _ = apps.get_model("wagtailcore.GroupApprovalTask").objects.get_or_create(
            name=name, defaults={"content_type": task_content_type}
        )
        task.groups.set([secretariat])
        apps.get_model("wagtailcore.WorkflowTask").objects.get_or_create(
            workflow=workflow, task=task, defaults={"sort_order": order}
        )
    for index in apps.get_model("practices.PracticeIndexPage").objects.all():
        apps.get_model("wagtailcore.WorkflowPage").objects.update_or_create(
            page_id=index.pk, defaults={"workflow": workflow}
        )


def set_up_editorial_roles(apps, schema_editor):
    ensure_permissions_exist(apps)
    secretariat = create_secretariat(apps)
    for task in apps.get_model("wagtailcore.GroupApprovalTask").objects.filter(
        name="Moderators approval"
    ):
        task.groups.set([secretariat])
    apps.get_model("auth.Group").objects.filter(name__in=["Editors", "Moderators"]).delete()
    create_editorial_workflow(apps, secretariat)


class Migration(migrations.Migration):
    dependencies = [
        ("practices", "0002_seed_vocabularies"),
        ("home", "0002_site_structure"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtailadmin", "0006_formstate"),
        ("wagtailimages", "0027_image_description"),
        ("wagtaildocs", "0014_alter_document_file_size"),
    ]

    operations = [migrations.RunPython(set_up_editorial_roles, migrations.RunPython.noop)]
