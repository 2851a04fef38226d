"""CPV codes in the database: loading the shipped list, search, the load-cpv command."""

from __future__ import annotations

import csv

import pytest
from openpyxl import Workbook
from sqlalchemy import func, select

from procure.cpv.cli import load_cpv
from procure.cpv.codes import DEFAULT_CPV_FILE
from procure.cpv.loader import CpvFileError, load_cpv_file, load_default_cpv
from procure.cpv.search import search_cpv
from procure.models import CpvCode


def shipped_count() -> int:
    with DEFAULT_CPV_FILE.open(encoding="utf-8", newline="") as handle:
        return sum(1 for _ in csv.DictReader(handle))


def count_codes(session) -> int:
    return session.scalar(select(func.count()).select_from(CpvCode))


def codes(results) -> list[str]:
    return [cpv.full_code for cpv in results]


@pytest.fixture
def loaded(session):
    load_default_cpv(session)
    session.commit()
    return session


def test_shipped_list_loads_every_code_with_its_labels(session):
    assert load_default_cpv(session) == shipped_count()
    session.commit()
    assert count_codes(session) == shipped_count()
    catering = session.get(CpvCode, "55524000")
    assert catering.full_code == "55524000-9"
    assert catering.label_fr == "Service traiteur pour écoles"
    assert catering.label_en == "School catering services"


def test_loading_twice_changes_nothing_and_a_new_file_updates_labels(session, tmp_path):
    load_default_cpv(session)
    session.commit()
    assert load_default_cpv(session) == shipped_count()
    session.commit()
    assert count_codes(session) == shipped_count()

    newer = tmp_path / "newer.csv"
    newer.write_text(
        "code,label_fr,label_en\n"
        "55524000-9,Restauration scolaire (libellé local),School catering services\n"
        "99999999-9,Code de test,Test code\n",
        encoding="utf-8",
    )
    assert load_cpv_file(session, newer) == 2
    session.commit()
    assert session.get(CpvCode, "55524000").label_fr == "Restauration scolaire (libellé local)"
    assert count_codes(session) == shipped_count() + 1


def test_the_official_spreadsheet_layout_loads(session, tmp_path):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["CODE", "DE", "EN", "FR"])
    sheet.append(["45321000-3", "Wärmedämmarbeiten", "Thermal insulation work", "Isolation"])
    path = tmp_path / "cpv_2008_ver_2013.xlsx"
    workbook.save(path)
    workbook.close()
    assert load_cpv_file(session, path) == 1
    session.commit()
    assert session.get(CpvCode, "45321000").label_en == "Thermal insulation work"


def test_a_bad_row_names_row_and_column_and_loads_nothing(session, tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text(
        "code,label_fr,label_en\n"
        "30213100-6,Ordinateurs portables,Portable computers\n"
        "30231000-7,Écrans et consoles d'ordinateurs,\n"
        "3023100-7,Écrans,Screens\n",
        encoding="utf-8",
    )
    with pytest.raises(CpvFileError) as caught:
        load_cpv_file(session, path)
    session.rollback()
    assert [str(problem) for problem in caught.value.problems] == [
        "bad.csv, row 3, column label_en: the label is empty",
        "bad.csv, row 4, column code: "
        "CPV code '3023100-7': the code has 7 digit(s); it must have 8",
    ]
    assert count_codes(session) == 0


def test_search_by_code_prefix_puts_higher_levels_first(loaded):
    results = search_cpv(loaded, "4545", "fr")
    assert codes(results)[:4] == ["45450000-6", "45453000-7", "45454000-4", "45453100-8"]
    assert all(cpv.code.startswith("4545") for cpv in results)
    assert codes(search_cpv(loaded, "45", "en", limit=1)) == ["45000000-7"]
    assert codes(search_cpv(loaded, " 55524000-9 ", "fr")) == ["55524000-9"]


def test_search_by_french_label_ignores_accents_and_case(loaded):
    with_accents = codes(search_cpv(loaded, "nettoyage écoles", "fr"))
    without = codes(search_cpv(loaded, "NETTOYAGE ecoles", "fr"))
    assert with_accents == without == ["90919000-2", "90919300-5"]
    assert "90919200-4" in codes(search_cpv(loaded, "nett bur", "fr"))
    assert codes(search_cpv(loaded, "oeufs", "fr")) == ["03142500-3"]
    assert "55523100-3" in codes(search_cpv(loaded, "restauration scolaire", "fr"))


def test_search_by_french_label_orders_by_level_then_code(loaded):
    results = codes(search_cpv(loaded, "isolation", "fr"))
    assert results[0] == "45320000-6"
    assert {"45321000-3", "45323000-7", "45261410-1"} <= set(results)


def test_search_in_english_uses_the_english_labels(loaded):
    assert codes(search_cpv(loaded, "school catering", "en")) == ["55524000-9"]
    assert codes(search_cpv(loaded, "school catering", "fr")) == []
    assert "30213100-6" in codes(search_cpv(loaded, "portable comp", "en"))


def test_search_respects_the_limit_and_ignores_empty_queries(loaded):
    assert len(search_cpv(loaded, "services", "fr", limit=5)) == 5
    assert search_cpv(loaded, "   ", "fr") == []
    assert search_cpv(loaded, "zzzz", "fr") == []
    with pytest.raises(ValueError, match="unknown language"):
        search_cpv(loaded, "services", "de")


def test_load_cpv_command_loads_the_shipped_list_then_a_file(app, runner, session, tmp_path):
    app.cli.add_command(load_cpv)
    result = runner.invoke(args=["load-cpv"])
    assert result.exit_code == 0, result.output
    assert f"Loaded {shipped_count()} CPV code(s) from cpv.csv." in result.output
    assert count_codes(session) == shipped_count()

    extra = tmp_path / "extra.csv"
    extra.write_text("code,label_fr,label_en\n99999999-9,Code de test,Test code\n", "utf-8")
    result = runner.invoke(args=["load-cpv", str(extra)])
    assert result.exit_code == 0, result.output
    assert "Loaded 1 CPV code(s) from extra.csv." in result.output
    assert count_codes(session) == shipped_count() + 1


def test_load_cpv_command_reports_a_bad_file_and_loads_nothing(app, runner, session, tmp_path):
    app.cli.add_command(load_cpv)
    bad = tmp_path / "bad.csv"
    bad.write_text("code,label_fr,label_en\n30213100-6,Ordinateurs portables,\n", "utf-8")
    result = runner.invoke(args=["load-cpv", str(bad)])
    assert result.exit_code == 1
    assert "bad.csv, row 2, column label_en: the label is empty" in result.output
    assert "1 problem(s) found in bad.csv; nothing was loaded." in result.output
    assert count_codes(session) == 0
