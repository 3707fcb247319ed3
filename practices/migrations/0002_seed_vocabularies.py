from django.db import migrations

from practices import vocabulary_seed


def seed(apps, schema_editor):
    vocabularies = [
        ("Theme", vocabulary_seed.THEMES, "name"),
        ("TargetGroup", vocabulary_seed.TARGET_GROUPS, "label"),
        ("PathwayStage", vocabulary_seed.PATHWAY_STAGES, "label"),
        ("FundingProgramme", vocabulary_seed.FUNDING_PROGRAMMES, "label"),
    ]
    for model_name, terms, label_field in vocabularies:
        model = apps.get_model("practices", model_name)
        for order, (slug, labels) in enumerate(terms):
            others = {lang: label for lang, label in labels.items() if lang != "en"}
            model.objects.update_or_create(
                slug=slug,
                defaults={label_field: labels["en"], "labels": others, "sort_order": order},
            )


class Migration(migrations.Migration):
    dependencies = [("practices", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
