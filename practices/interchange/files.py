"""Images and documents in a record: their title and file name, with either the file itself
(base64, in a line of the interchange format, so that a file is complete on its own) or its
address (in the API's public record).

Importing a file that the site already holds (the same bytes: Wagtail's SHA-1 `file_hash`)
reuses it, so re-importing a line never duplicates its files; a new file goes into the
organisation's collection, as a partner's upload does.
"""

import base64
import hashlib
import posixpath

from django.core.files.base import ContentFile
from pydantic import BaseModel, ConfigDict, Field
from wagtail.documents import get_document_model
from wagtail.images import get_image_model


class FileError(ValueError):
    """A file that a record names but does not carry readably."""


class FileRecord(BaseModel):
    """A document: what it is called, and its content or its address."""

    model_config = ConfigDict(extra="forbid", title="File")

    title: str = Field(min_length=1, max_length=255)
    filename: str = Field(min_length=1, max_length=255)
    content: str | None = Field(
        None, json_schema_extra={"contentEncoding": "base64"},
        description="The file, base64-encoded (in the interchange format).")
    url: str | None = Field(None, description="Where the file is served (in the API).")

    def __eq__(self, other):
        """The same file: storage may rename a file it already holds a file of that name for,
        so the file name is not part of what a file is."""
        if not isinstance(other, FileRecord):
            return NotImplemented
        ignored = {"filename"}
        return self.model_dump(exclude=ignored) == other.model_dump(exclude=ignored)

    def file_bytes(self):
        if self.content is None:
            raise FileError(f"the file '{self.filename}' has no content")
        try:
            return base64.b64decode(self.content, validate=True)
        except ValueError:
            raise FileError(f"the content of '{self.filename}' is not base64") from None


class ImageRecord(FileRecord):
    """An image, with the text that describes it to someone who cannot see it."""

    model_config = ConfigDict(title="Image")

    description: str = Field("", max_length=255, description="Alternative text.")


class FileExport:
    """Records of files: with their content, or with their absolute address."""

    def __init__(self, embed=True, absolute_url=None):
        self.embed = embed
        self.absolute_url = absolute_url

    def image(self, image):
        fields = self.fields(image, image.file.url)
        return ImageRecord(description=image.description or "", **fields)

    def document(self, document):
        return FileRecord(**self.fields(document, document.url))

    def fields(self, item, url):
        fields = {"title": item.title, "filename": posixpath.basename(item.file.name)}
        if self.embed:
            with item.file.open("rb") as stream:
                fields["content"] = base64.b64encode(stream.read()).decode("ascii")
        if self.absolute_url:
            fields["url"] = self.absolute_url(url)
        return fields


class FileImport:
    """The site's image or document for a record, found by its content or created."""

    def __init__(self, collection):
        self.collection = collection

    def image(self, record):
        image = self.stored(get_image_model(), record)
        if record.description and image.description != record.description:
            image.description = record.description
            image.save(update_fields=["description"])
        return image

    def document(self, record):
        return self.stored(get_document_model(), record)

    def stored(self, model, record):
        content = record.file_bytes()
        existing = model.objects.filter(file_hash=hashlib.sha1(content).hexdigest()).first()
        if existing is not None:
            return existing
        item = model(title=record.title, collection=self.collection,
                     file=ContentFile(content, name=record.filename))
        if hasattr(item, "_set_image_file_metadata"):
            item._set_image_file_metadata()
        else:
            item._set_document_file_metadata()
        item.save()
        return item
