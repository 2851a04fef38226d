"""Steps 3 and 4 stay readable with many clauses: step 3 groups the offered clauses by
how strongly they are advised and by the document that carries them, with the count
ticked; step 4 gives each clause its own section, says how many fields are left to
fill in, and opens only the clauses that have some."""

from __future__ import annotations

import re

from tests.factories import context_form, purchase_form
from tests.integration.test_wizard import checked_clauses, form_values, new_tender


def to_variables(client) -> tuple[str, str]:
    """A tender taken to step 4 with the default clauses; (step base URL, step 4 page)."""
    base = f"/tenders/{new_tender(client)}/step"
    assert client.post(f"{base}/purchase", data=purchase_form()).status_code == 302
    assert client.post(f"{base}/context", data=context_form()).status_code == 302
    chosen = checked_clauses(client.get(f"{base}/clauses").text)
    response = client.post(f"{base}/clauses", data={"ambition": "core", "clauses": chosen})
    assert response.status_code == 302
    return base, client.get(f"{base}/variables").text


def clause_sections(page: str) -> dict[str, str]:
    """Each clause's section of step 4, by clause slug."""
    pattern = r'<section class="card clause-values" id="values-([^"]+)"(.*?)</section>'
    return dict(re.findall(pattern, page, re.S))


def value_fields(section: str) -> list[str]:
    return re.findall(r'name="(v__[^"]+)"', section)


def part_heading(page: str, slug: str) -> str:
    """The id of the last document heading above a clause's checkbox."""
    before = page[: page.index(f'name="clauses" value="{slug}"')]
    return re.findall(r'<h3 id="([^"]+)"', before)[-1]


def test_step_three_groups_the_clauses_by_advice_and_by_document(buyer):
    base = f"/tenders/{new_tender(buyer)}/step"
    buyer.post(f"{base}/purchase", data=purchase_form())
    buyer.post(f"{base}/context", data=context_form())
    page = buyer.get(f"{base}/clauses").text
    mandatory = re.search(r'<h2 id="group-mandatory">(.*?)</h2>(.*?)</section>', page, re.S)
    offered = re.findall(r'name="clauses" value="([^"]+)"', mandatory.group(2))
    ticked = checked_clauses(mandatory.group(2))
    assert offered
    assert ticked
    assert f"Obligatoires ({len(offered)})" in mandatory.group(1)
    assert f"cochées : {len(ticked)} sur {len(offered)}" in mandatory.group(1)
    # under each group, the RC, CCAP and CCTP clauses have a heading of their own
    parts = re.findall(r'<h3 id="group-mandatory-(rc|ccap|cctp)">(.*?)</h3>', page, re.S)
    assert parts, "the mandatory clauses are under a document heading"
    titles = {
        "rc": "Clauses du règlement de la consultation (RC)",
        "ccap": "Clauses du cahier des clauses administratives particulières (CCAP)",
        "cctp": "Clauses du cahier des clauses techniques particulières (CCTP)",
    }
    for part, heading in parts:
        assert titles[part] in heading
    # each clause sits under the document that carries it: an execution condition in the CCAP
    assert part_heading(page, "egalim-quality-share").endswith("-ccap")
    # the guidance stays folded away
    assert "<details open>\n    <summary>Lire la clause" not in page
    assert "<summary>Lire la clause et ses conseils</summary>" in page


def test_step_four_counts_the_fields_left_and_opens_only_those_clauses(buyer):
    base, page = to_variables(buyer)
    sections = clause_sections(page)
    with_fields = [slug for slug, section in sections.items() if value_fields(section)]
    assert len(with_fields) >= 2
    # the library's defaults fill every field: all clauses closed, nothing left
    assert "Toutes les valeurs sont renseignées" in page
    assert "restent à renseigner" not in page
    for slug in with_fields:
        assert "Complet" in sections[slug]
        assert '<details class="clause-values__body" open>' not in sections[slug]

    first, second = with_fields[:2]
    values = form_values(page)
    emptied = [*value_fields(sections[first])[:2], value_fields(sections[second])[0]]
    values.update(dict.fromkeys(emptied, ""))
    response = buyer.post(f"{base}/variables", data=values)
    assert response.status_code == 200
    left = 2 if len(set(value_fields(sections[first])[:2])) == 2 else 1
    check_left(response.text, {first: left, second: 1})

    # a reload shows the draft with the same count; filling one field leaves the others
    check_left(buyer.get(f"{base}/variables").text, {first: left, second: 1})
    values[emptied[-1]] = form_values(page)[emptied[-1]]
    check_left(buyer.post(f"{base}/variables", data=values).text, {first: left})

    values.update({name: form_values(page)[name] for name in emptied})
    assert buyer.post(f"{base}/variables", data=values).status_code == 302
    again = buyer.get(f"{base}/variables").text
    assert "Toutes les valeurs sont renseignées" in again
    assert '<details class="clause-values__body" open>' not in again


def check_left(page: str, expected: dict[str, int]) -> None:
    """The summary and each clause's heading say how many fields are left, and only
    the clauses with fields left are open."""
    total = sum(expected.values())
    fields = "1 champ reste" if total == 1 else f"{total} champs restent"
    clauses = "1 clause" if len(expected) == 1 else f"{len(expected)} clauses"
    assert f"{fields} à renseigner dans {clauses}" in page
    summary = re.search(r'<section class="card fields-left".*?</section>', page, re.S).group(0)
    assert sorted(re.findall(r'href="#values-([^"]+)-title"', summary)) == sorted(expected)
    for slug, section in clause_sections(page).items():
        is_open = '<details class="clause-values__body" open>' in section
        if slug in expected:
            count = expected[slug]
            fields = "1 champ" if count == 1 else f"{count} champs"
            assert f"{fields} à renseigner" in section
            assert is_open, slug
        else:
            assert not is_open, slug
