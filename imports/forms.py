"""The upload form of an admin import: a JSON Lines file, and whether to publish."""

from django import forms
from django.utils.translation import gettext_lazy as _

MAX_FILE_BYTES = 20 * 1024 * 1024
EXTENSIONS = (".jsonl", ".ndjson", ".json", ".txt")


class ImportUploadForm(forms.Form):
    file = forms.FileField(
        label=_("JSON Lines file"),
        help_text=_("One practice a line, in the format of manage.py import_practices."),
    )
    publish = forms.BooleanField(label=_("Publish what is imported"), required=False)

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith(EXTENSIONS):
            raise forms.ValidationError(_("Upload a JSON Lines file (.jsonl)."))
        if upload.size > MAX_FILE_BYTES:
            raise forms.ValidationError(_("The file is larger than 20 MB."))
        if upload.size == 0:
            raise forms.ValidationError(_("The file is empty."))
        return upload
