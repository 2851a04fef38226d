"""Loading the clause library: real content, all or nothing, versions, round trip."""

from __future__ import annotations

import shutil
from collections import Counter
from pathlib import Path

import pytest
import yaml
from sqlalchemy import func, select

from procure.documents.rendering import render_clause
from procure.errors import ClauseFileError
from procure.library.canonical import normalised_content
from procure.library.exporter import export_library
from procure.library.loader import load_library
from procure.library.text import content_hash, project
from procure.library.versions import latest_version, search_fields
from procure.models import Clause, ClauseVersion
from procure.snapshot import ChosenClause
from procure.vocabulary import ClauseGrouping

CLAUSES = Path(__file__).parents[2] / "clauses"


def count(session, model) -> int:
    return session.scalar(select(func.count()).select_from(model))


def test_real_library_loads_with_the_promised_coverage(session):
    report = load_library(session, CLAUSES)
    session.commit()
    assert len(report.created) >= 80
    versions = list(session.scalars(select(ClauseVersion)))
    themes = Counter(t for v in versions for t in v.content["themes"])
    for theme in (
        "circular_economy",
        "sustainable_food",
        "sustainable_housing",
        "responsible_tech",
    ):
        assert themes[theme] >= 12, theme
        kinds = {v.kind for v in versions if theme in v.content["themes"]}
        assert {"award_criterion", "execution_condition", "technical_specification"} <= kinds
    cross = [v for v in versions if "cross_cutting" in v.content["themes"]]
    assert sum("social" in v.content["pillars"] for v in cross) >= 16
    assert sum("environmental" in v.content["pillars"] for v in cross) >= 12
    assert {v.kind for v in versions} == {
        "execution_condition",
        "award_criterion",
        "technical_specification",
        "selection_criterion",
        "reserved_contract",
        "monitoring",
    }


def test_every_clause_renders_with_its_defaults_in_both_languages(session):
    load_library(session, CLAUSES)
    for version in session.scalars(select(ClauseVersion)):
        chosen = ChosenClause(
            slug=version.clause.slug,
            version=version.number,
            kind=version.kind,
            pillars=frozenset(version.clause_content.pillars),
            themes=frozenset(version.clause_content.themes),
            grouping=ClauseGrouping.ADDED,
            content=version.clause_content,
        )
        for language in ("fr", "en"):
            rendered = render_clause(chosen, language)
            text = " ".join(
                span.text for block in rendered.text + rendered.penalty for span in block.spans
            )
            assert text, version.clause.slug
            assert "{{" not in text, version.clause.slug
            assert "}}" not in text, version.clause.slug


def test_loading_twice_changes_nothing(session):
    load_library(session, CLAUSES)
    session.commit()
    before = count(session, ClauseVersion)
    report = load_library(session, CLAUSES)
    assert report.created == []
    assert report.updated == []
    assert count(session, ClauseVersion) == before


@pytest.fixture
def files_read(monkeypatch):
    """The paths of the clause files the loader parses."""
    from procure.library import files

    read = []
    parse = files._read_one

    def spy(path, *args):
        read.append(path)
        return parse(path, *args)

    monkeypatch.setattr(files, "_read_one", spy)
    return read


def test_a_reload_reads_only_the_files_whose_bytes_changed(session, tmp_path, files_read):
    folder = copy_library(tmp_path)
    load_library(session, folder)
    session.commit()
    total = len(files_read)
    edit(
        folder / "social/insertion-hours.yaml",
        lambda d: d["text"].update(
            fr=d["text"]["fr"] + "\nAjout.", en=d["text"]["en"] + "\nAdded."
        ),
    )
    report = load_library(session, folder)
    session.commit()
    assert files_read[total:] == [folder / "social/insertion-hours.yaml"]
    assert report.updated == ["insertion-hours"]
    assert len(report.unchanged) == total - 1
    files_read.clear()
    assert len(load_library(session, folder).unchanged) == total
    assert files_read == []


def test_a_file_saved_again_with_the_same_content_is_read_once_more(session, tmp_path, files_read):
    folder = copy_library(tmp_path)
    load_library(session, folder)
    session.commit()
    path = folder / "social/insertion-hours.yaml"
    path.write_text("# relu par le service juridique\n" + path.read_text(encoding="utf-8"))
    files_read.clear()
    report = load_library(session, folder)
    session.commit()
    assert files_read == [path]
    assert "insertion-hours" in report.unchanged
    assert report.updated == []
    files_read.clear()
    load_library(session, folder)
    assert files_read == []


def test_an_unchanged_file_still_counts_for_duplicate_ids(session, tmp_path):
    folder = copy_library(tmp_path)
    load_library(session, folder)
    session.commit()
    shutil.copy(folder / "social/insertion-hours.yaml", folder / "environmental")
    with pytest.raises(ClauseFileError) as raised:
        load_library(session, folder)
    assert [p.field for p in raised.value.problems] == ["id", "id"]


def test_cli_load_clauses_twice_updates_nothing(runner):
    first = runner.invoke(args=["load-clauses", str(CLAUSES)])
    assert first.exit_code == 0, first.output
    second = runner.invoke(args=["load-clauses", str(CLAUSES)])
    assert second.exit_code == 0, second.output
    assert "0 clause(s) created, 0 updated with a new version" in second.output


def store_as_before_normalisation(session, path: Path) -> ClauseVersion:
    """A reference clause stored the way the loader did before contents were
    normalised: the file's content as read, hashed as is."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    content = {k: v for k, v in data.items() if k not in {"id", "version", "status"}}
    clause = Clause(slug=data["id"], folder=path.parent.name)
    fr_hash = content_hash(project(content, "fr"))
    version = ClauseVersion(
        clause=clause,
        number=1,
        status="approved",
        kind=content["kind"],
        ambition=content["ambition"],
        title_fr=content["title"]["fr"],
        title_en=content["title"]["en"],
        content=content,
        content_hash=content_hash(content),
        fr_hash=fr_hash,
        en_translates=fr_hash,
        **search_fields(content),
    )
    session.add_all([clause, version])
    session.flush()
    return version


LEGACY = ("worksite-waste-management-plan", "clean-vehicles-transport-services")


def test_versions_hashed_before_normalisation_load_again_without_a_new_version(session):
    for slug in LEGACY:
        legacy = store_as_before_normalisation(session, next(CLAUSES.rglob(f"{slug}.yaml")))
        assert legacy.content_hash != content_hash(normalised_content(legacy.content))
    session.commit()
    report = load_library(session, CLAUSES)
    session.commit()
    assert report.updated == []
    assert sorted(report.unchanged) == sorted(LEGACY)
    for slug in LEGACY:
        clause = session.scalar(select(Clause).where(Clause.slug == slug))
        assert [v.number for v in clause.versions] == [1]


def test_a_french_only_change_after_a_version_hashed_before_normalisation(session, tmp_path):
    folder = copy_library(tmp_path)
    path = folder / "sustainable-housing/worksite-waste-management-plan.yaml"
    store_as_before_normalisation(session, path)
    session.commit()
    edit(path, lambda d: d["guidance"].update(fr=d["guidance"]["fr"] + " Précision."))
    report = load_library(session, folder)
    assert report.updated == ["worksite-waste-management-plan"]
    version = latest_version(
        session,
        session.scalar(select(Clause).where(Clause.slug == "worksite-waste-management-plan")),
    )
    assert version.number == 2
    assert not version.is_translation_current


def test_a_file_exported_before_normalisation_keeps_its_current_translation(session, tmp_path):
    folder = copy_library(tmp_path)
    path = folder / "sustainable-housing/worksite-waste-management-plan.yaml"

    def as_exported_then(data: dict) -> None:
        content = {k: v for k, v in data.items() if k not in {"id", "version", "status"}}
        data["en_translates"] = content_hash(project(content, "fr"))

    edit(path, as_exported_then)
    load_library(session, folder)
    version = latest_version(
        session,
        session.scalar(select(Clause).where(Clause.slug == "worksite-waste-management-plan")),
    )
    assert version.content["guidance"]["fr"] != yaml.safe_load(path.read_text())["guidance"]["fr"]
    assert version.is_translation_current


def copy_library(tmp_path: Path) -> Path:
    folder = tmp_path / "clauses"
    shutil.copytree(CLAUSES, folder, ignore=shutil.ignore_patterns("*.md"))
    return folder


def edit(path: Path, change) -> None:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def test_a_changed_text_creates_a_new_version_and_keeps_the_old(session, tmp_path):
    folder = copy_library(tmp_path)
    load_library(session, folder)
    session.commit()
    edit(
        folder / "social/insertion-hours.yaml",
        lambda d: d["text"].update(
            fr=d["text"]["fr"] + "\nAjout.", en=d["text"]["en"] + "\nAdded."
        ),
    )
    report = load_library(session, folder)
    session.commit()
    assert report.updated == ["insertion-hours"]
    clause = session.scalar(select(Clause).where(Clause.slug == "insertion-hours"))
    assert [v.number for v in clause.versions] == [1, 2]
    assert "Ajout." in clause.versions[1].content["text"]["fr"]
    assert clause.versions[1].is_translation_current


def test_a_french_only_change_marks_the_translation_out_of_date(session, tmp_path):
    folder = copy_library(tmp_path)
    load_library(session, folder)
    edit(
        folder / "social/insertion-hours.yaml",
        lambda d: d["guidance"].update(fr=d["guidance"]["fr"] + " Précision."),
    )
    load_library(session, folder)
    version = latest_version(
        session, session.scalar(select(Clause).where(Clause.slug == "insertion-hours"))
    )
    assert version.number == 2
    assert not version.is_translation_current
    edit(
        folder / "social/insertion-hours.yaml",
        lambda d: d["guidance"].update(en=d["guidance"]["en"] + " Detail."),
    )
    load_library(session, folder)
    version = latest_version(session, version.clause)
    assert version.number == 3
    assert version.is_translation_current


def test_a_failing_load_leaves_the_database_unchanged(session, tmp_path):
    folder = copy_library(tmp_path)
    load_library(session, folder)
    session.commit()
    before = count(session, ClauseVersion)
    edit(folder / "social/insertion-hours.yaml", lambda d: d.update(kind="wish"))
    edit(
        folder / "environmental/ecolabel-or-equivalent.yaml",
        lambda d: d["title"].update(fr=d["title"]["fr"] + " (modifié)"),
    )
    with pytest.raises(ClauseFileError) as raised:
        load_library(session, folder)
    assert [p.field for p in raised.value.problems] == ["kind"]
    session.rollback()
    assert count(session, ClauseVersion) == before


def library_state(session) -> dict[str, tuple]:
    return {
        clause.slug: (
            clause.folder,
            latest_version(session, clause).content_hash,
            latest_version(session, clause).status,
            latest_version(session, clause).en_translates,
        )
        for clause in session.scalars(select(Clause))
    }


def test_round_trip_files_database_files_database(session, tmp_path, app):
    load_library(session, CLAUSES)
    session.commit()
    first = library_state(session)
    exported = tmp_path / "exported"
    assert export_library(session, exported) == len(first)

    from sqlalchemy.orm import Session

    from procure.db import make_engine
    from procure.migrate import upgrade

    engine = make_engine(f"sqlite:///{tmp_path / 'second.sqlite3'}")
    upgrade(engine)
    with Session(engine) as second:
        load_library(second, exported)
        second.commit()
        assert library_state(second) == first
        again = tmp_path / "again"
        export_library(second, again)
    engine.dispose()
    for path in exported.rglob("*.yaml"):
        assert path.read_text(encoding="utf-8") == (again / path.relative_to(exported)).read_text(
            encoding="utf-8"
        )


def test_hashes_follow_content(session):
    load_library(session, CLAUSES)
    version = session.scalars(select(ClauseVersion)).first()
    assert version.content_hash == content_hash(version.content)
    assert version.fr_hash == content_hash(project(version.content, "fr"))


def test_cli_load_clauses_reports_every_problem_and_loads_nothing(runner, tmp_path, session):
    folder = copy_library(tmp_path)
    edit(folder / "social/insertion-hours.yaml", lambda d: d.update(kind="wish"))
    edit(folder / "environmental/ecolabel-or-equivalent.yaml", lambda d: d.pop("guidance"))
    result = runner.invoke(args=["load-clauses", str(folder)])
    assert result.exit_code == 1
    assert "insertion-hours.yaml: kind: unknown value 'wish'" in result.output
    assert "ecolabel-or-equivalent.yaml: guidance: is required" in result.output
    assert "2 problem(s) found; nothing was loaded." in result.output
    assert count(session, ClauseVersion) == 0
    result = runner.invoke(args=["load-clauses", str(CLAUSES)])
    assert result.exit_code == 0, result.output
    assert "clause(s) created" in result.output


def test_export_writes_back_the_families_a_clause_fits(session, tmp_path):
    load_library(session, CLAUSES)
    session.commit()
    export_library(session, tmp_path)
    exported = tmp_path / "social" / "insertion-hours-cleaning-green-spaces.yaml"
    data = yaml.safe_load(exported.read_text(encoding="utf-8"))
    assert data["families"] == ["cleaning", "green_spaces"]
    fields = list(data)
    assert fields.index("families") == fields.index("cpv_prefixes") + 1
