"""Replace Wagtail's welcome page with the site's skeleton: home, practices, proposal form."""

import uuid

from django.db import migrations
from django.utils import timezone

PAGES = [
    # (app, model, path, title, slug, url_path, extra fields)
    ("home", "HomePage", "00010001", "Good Practice Knowledge Base", "home", "/home/", {
        "intro": "Practices that bring people back into training and work, shared across "
        "the network's member organisations and languages.",
    }),
    ("practices", "PracticeIndexPage", "000100010001", "Practices", "practices",
     "/home/practices/", {"intro": "Browse the network's member organisations and their practices."}),
    ("practices", "ProposalIndexPage", "0001000100010001", "Propose a practice", "propose",
     "/home/practices/propose/", {
         "intro": "Know a practice that brings people back into training or work? Tell us about "
         "it: the secretariat reviews every proposal before it is published.",
         "thank_you_text": "Thank you. We have sent you an acknowledgement by email; the "
         "secretariat will review your proposal.",
     }),
]


def create_site_structure(apps, schema_editor):
    content_type_model = apps.get_model("contenttypes.ContentType")
    page_model = apps.get_model("wagtailcore.Page")
    site_model = apps.get_model("wagtailcore.Site")
    locale = apps.get_model("wagtailcore.Locale").objects.get(language_code="en")

    page_model.objects.filter(depth=2, slug="home", content_type__model="page").delete()
    now = timezone.now()
    for index, (app_label, model_name, path, title, slug, url_path, extra) in enumerate(PAGES):
        content_type, _ = content_type_model.objects.get_or_create(
            app_label=app_label, model=model_name.lower()
        )
        apps.get_model(app_label, model_name).objects.create(
            title=title,
            draft_title=title,
            slug=slug,
            content_type=content_type,
            path=path,
            depth=len(path) // 4,
            numchild=0 if index == len(PAGES) - 1 else 1,
            url_path=url_path,
            locale=locale,
            translation_key=uuid.uuid4(),
            live=True,
            first_published_at=now,
            last_published_at=now,
            **extra,
        )
    page_model.objects.filter(depth=1).update(numchild=1)
    home = page_model.objects.get(path=PAGES[0][2])
    site_model.objects.create(
        hostname="localhost", port=80, root_page_id=home.pk, is_default_site=True,
        site_name="Good Practice Knowledge Base",
    )


class Migration(migrations.Migration):
    dependencies = [
        ("home", "0001_initial"),
        ("practices", "0002_seed_vocabularies"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [migrations.RunPython(create_site_structure, migrations.RunPython.noop)]
