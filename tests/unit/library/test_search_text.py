"""Text as the search indexes it: lower case, no accents, no punctuation."""

from __future__ import annotations

import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from procure.library.text import normalise_for_search, search_words


def test_accents_case_and_punctuation_do_not_count() -> None:
    assert normalise_for_search("Équité, ÉCONOMIE circulaire !") == "equite economie circulaire"
    assert normalise_for_search("{{ taux_d_insertion }} %") == "taux_d_insertion"
    assert search_words("Réemploi ou réutilisation") == ["reemploi", "ou", "reutilisation"]


@given(st.text())
def test_every_combining_mark_goes_whatever_the_plane(text: str) -> None:
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    assert not any(unicodedata.combining(char) for char in normalise_for_search(text))
    kept = "".join(char for char in decomposed if not unicodedata.combining(char))
    assert normalise_for_search(text) == normalise_for_search(kept)
