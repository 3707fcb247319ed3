"""Embeddings kept between rebuilds: a rebuild embeds only what changed."""

import numpy as np
import pytest

from practices.factories import OrganisationPageFactory, PracticePageFactory
from search.client import get_client
from search.documents import alias_name
from search.embedding_store import as_bytes, digest
from search.index_admin import rebuild
from search.models import PassageEmbedding

from .helpers import publish_new_revision, refresh

pytestmark = pytest.mark.django_db


def indexed_embedding(page):
    refresh()
    document = get_client().get(index=alias_name(), id=str(page.translation_key),
                                source_includes=["embedding"])  # fmt: skip
    return np.array(document["_source"]["embedding"])


def stored_digest(page):
    """The digest of a single-version practice's text (search.indexing.embedding_text)."""
    return digest(f"{page.title}. {page.summary}")


def test_a_rebuild_takes_the_stored_embedding_of_an_unchanged_practice(practice_index):
    practice = PracticePageFactory(organisation=OrganisationPageFactory(),
                                   title="Atelier vélo", summary="Des jeunes réparent des vélos.")
    rebuild()
    first = indexed_embedding(practice)
    assert PassageEmbedding.objects.filter(digest=stored_digest(practice)).exists()
    # A vector no model gives: if the next rebuild shows it, it did not embed again.
    marker = np.zeros(first.size, dtype=np.float32)
    marker[0] = 1.0
    PassageEmbedding.objects.filter(digest=stored_digest(practice)).update(
        vector=as_bytes(marker))  # fmt: skip
    rebuild()
    assert np.allclose(indexed_embedding(practice), marker)


def test_a_changed_summary_is_embedded_again_and_the_old_text_forgotten(practice_index):
    practice = PracticePageFactory(organisation=OrganisationPageFactory(),
                                   title="Atelier vélo", summary="Des jeunes réparent des vélos.")
    rebuild()
    before = indexed_embedding(practice)
    old = stored_digest(practice)
    practice = publish_new_revision(practice, summary="Des réfugiés apprennent la cuisine.")
    rebuild()
    after = indexed_embedding(practice)
    assert float(before @ after) < 0.99
    assert not PassageEmbedding.objects.filter(digest=old).exists()
    assert PassageEmbedding.objects.filter(digest=stored_digest(practice)).exists()

