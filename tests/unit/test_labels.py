"""One bilingual table labels procure's vocabularies for the pages and the documents."""

from __future__ import annotations

import pytest

from procure.documents.wording import Wording
from procure.labels import LABELS, label_in
from procure.vocabulary import ClauseKind, Procedure


@pytest.mark.parametrize("vocabulary", list(LABELS), ids=lambda v: v.__name__)
def test_every_member_of_a_labelled_vocabulary_has_a_label_in_both_languages(vocabulary):
    for member in vocabulary:
        assert label_in(vocabulary, member, "fr").strip()
        assert label_in(vocabulary, member, "en").strip()


def test_label_in_reads_the_language_it_is_given():
    assert label_in(Procedure, "open", "fr") == "Appel d’offres ouvert"
    assert label_in(Procedure, "open", "en") == "Open procedure"


def test_an_unknown_value_is_shown_as_it_is():
    assert label_in(ClauseKind, "something_new", "fr") == "something_new"


def test_label_in_refuses_an_unknown_language():
    with pytest.raises(ValueError, match="language"):
        label_in(ClauseKind, "monitoring", "de")


def test_documents_use_the_same_labels_as_the_pages():
    for language in ("fr", "en"):
        say = Wording(language)
        for member in ClauseKind:
            assert say.label(ClauseKind, member) == label_in(ClauseKind, member, language)
