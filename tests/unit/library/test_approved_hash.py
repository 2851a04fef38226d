"""The approved content hash: it changes when, and only when, what an approval locks changes."""

from __future__ import annotations

import copy

import pytest

from procure.library.canonical import approved_hash
from tests.unit.library.test_canonical import as_in_a_file, as_posted_by_the_form


def changed(edit) -> dict:
    content = copy.deepcopy(as_in_a_file())
    edit(content)
    return content


BASE = approved_hash(as_in_a_file())


def test_the_hash_is_sixty_four_hex_digits_and_stable():
    assert len(BASE) == 64
    assert int(BASE, 16) >= 0
    assert approved_hash(as_in_a_file()) == BASE


def test_the_loaders_normalisation_leaves_the_hash_alone():
    """A file's trailing newlines, Windows line ends and list orders are not changes."""
    assert approved_hash(as_posted_by_the_form()) == BASE


@pytest.mark.parametrize(
    "edit",
    [
        pytest.param(lambda c: c["text"].update(fr="Le titulaire réserve 2 heures."), id="text-fr"),
        pytest.param(lambda c: c["text"].update(en="The contractor reserves hours."), id="text-en"),
        pytest.param(lambda c: c["title"].update(en="Insertion hours"), id="title-en"),
        pytest.param(lambda c: c["variables"][0].update(default=600), id="variable-default"),
        pytest.param(lambda c: c["variables"][0].update(type="decimal"), id="variable-type"),
        pytest.param(lambda c: c["variables"][0].update(min=100), id="variable-bound"),
        pytest.param(lambda c: c["variables"][0].update(name="heures"), id="variable-name"),
        pytest.param(
            lambda c: c["variables"].append(
                {"name": "mode", "type": "choice", "choices": [{"value": "a"}], "default": "a"}
            ),
            id="variable-added",
        ),
        pytest.param(lambda c: c["verification"].update(fr="Relevé annuel."), id="verification"),
        pytest.param(lambda c: c["legal_basis"].pop(), id="legal-basis"),
    ],
)
def test_a_change_to_the_approved_wording_or_a_variables_definition_changes_the_hash(edit):
    assert approved_hash(changed(edit)) != BASE


@pytest.mark.parametrize(
    "edit",
    [
        pytest.param(lambda c: c["guidance"].update(fr="Conseil réécrit."), id="guidance"),
        pytest.param(lambda c: c["variables"][0]["help"].update(fr="Autre aide."), id="help"),
        pytest.param(lambda c: c["variables"][0]["label"].update(en="Hours a year"), id="label"),
        pytest.param(lambda c: c.update(pillars=["social"]), id="pillars"),
        pytest.param(lambda c: c.update(min_value=1), id="min-value"),
        pytest.param(lambda c: c["text"].update(fr=c["text"]["fr"] + "\r\n\n"), id="whitespace"),
    ],
)
def test_what_an_approval_does_not_lock_leaves_the_hash_alone(edit):
    assert approved_hash(changed(edit)) == BASE
