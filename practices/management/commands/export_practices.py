"""`manage.py export_practices FILE`: write practices as JSON Lines, the import's format."""

from django.core.management.base import BaseCommand, CommandError

from practices.interchange.exporter import export_records


class Command(BaseCommand):
    help = (
        "Export practices as JSON Lines, one practice a line, in the format import_practices "
        "reads ('-' writes to standard output). By default every practice that belongs to an "
        "organisation is exported in its latest state, unpublished changes included; "
        "--live-only exports only live practices, as the public sees them. The body is the "
        "StreamField's blocks, and images and documents travel inside the line (base64); "
        "manage.py practice_schema prints the format."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="the file to write, or '-' for standard output")
        parser.add_argument(
            "--live-only", action="store_true", help="only live practices, in their live state"
        )

    def handle(self, *args, file, live_only, **options):
        if file == "-":
            count = write_records(export_records(live_only), self.stdout)
        else:
            try:
                with open(file, "w", encoding="utf-8") as stream:
                    count = write_records(export_records(live_only), stream)
            except OSError as error:
                raise CommandError(f"cannot write {file}: {error.strerror}") from None
        self.stderr.write(f"exported {count} practice(s)")


def write_records(records, stream):
    count = 0
    for record in records:
        stream.write(record.to_json() + "\n")
        count += 1
    return count
