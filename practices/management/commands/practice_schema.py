"""`manage.py practice_schema`: print the JSON Schema of a line of the interchange format."""

import json

from django.core.management.base import BaseCommand

from practices.interchange.records import record_json_schema
from practices.interchange.vocabularies import load_vocabularies


class Command(BaseCommand):
    help = (
        "Print the JSON Schema of one practice record, the line that import_practices reads "
        "and export_practices writes; the vocabularies' slugs are those of this database."
    )

    def handle(self, *args, **options):
        schema = record_json_schema(load_vocabularies())
        self.stdout.write(json.dumps(schema, indent=2, ensure_ascii=False))
