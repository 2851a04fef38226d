"""CPV codes without a database: parsing, hierarchy, the shipped list, file layouts."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest
from openpyxl import Workbook

from procure.cpv.codes import (
    DEFAULT_CPV_FILE,
    division,
    is_cpv_format,
    known_check_digits,
    level,
    matches_prefix,
    parse_cpv,
    stem,
)
from procure.cpv.loader import CpvFileError, read_cpv_file
from procure.cpv.search import fold, label_matches, label_words

# Every code FACTS.md §8 names, with the Annex XIV catering codes.
FACTS_CODES = [
    "15000000-8",
    "30200000-1",
    "30213000-5",
    "30213100-6",
    "30231000-7",
    "32250000-0",
    "39130000-2",
    "45000000-7",
    "45453000-7",
    "45321000-3",
    "55520000-1",
    "55523100-3",
    "55524000-9",
    "72413000-8",
    "72415000-2",
    "72212000-4",
    "77310000-6",
    "90910000-9",
    "90911200-8",
    "90919200-4",
    "90511000-2",
    "90514000-3",
    "55510000-8",
    "55511000-5",
    "55512000-2",
    "55521000-8",
    "55521100-9",
    "55521200-0",
    "55522000-5",
    "55523000-2",
]
THEME_DIVISIONS = [
    "03",
    "09",
    "15",
    "18",
    "22",
    "30",
    "32",
    "34",
    "39",
    "45",
    "48",
    "55",
    "71",
    "72",
    "77",
    "79",
    "80",
    "85",
    "90",
    "92",
    "98",
]


def shipped_rows() -> list[dict[str, str]]:
    with DEFAULT_CPV_FILE.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


# --- parse_cpv --------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    ["55524000-9", "55524000", " 55524000 - 9 ", "55524000–9", "5552 4000-9", "\t55524000-9\n"],
)
def test_parse_cpv_writes_every_spelling_the_same_way(text):
    assert parse_cpv(text) == "55524000-9"


def test_parse_cpv_completes_a_code_from_the_given_list():
    assert parse_cpv("12345678", check_digits={"12345678": "4"}) == "12345678-4"


def test_parse_cpv_accepts_an_unknown_code_written_in_full():
    assert parse_cpv("12345678-4") == "12345678-4"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "empty"),
        ("   ", "empty"),
        ("abc", "must be eight digits"),
        ("5552400O-9", "must be eight digits"),
        ("5552400", "has 7 digit(s); it must have 8"),
        ("555240001-9", "has 9 digit(s)"),
        ("55524000-", "one check digit"),
        ("55524000-12", "one check digit"),
        ("55524000-x", "one check digit"),
        ("55524000-3", "check digit 3 is wrong; 55524000 has check digit 9"),
        ("12345678", "check digit is missing"),
    ],
)
def test_parse_cpv_says_what_is_wrong(text, message):
    with pytest.raises(ValueError, match=re.escape(message)):
        parse_cpv(text)


def test_parse_cpv_with_an_empty_list_checks_the_format_only():
    assert parse_cpv("55524000-3", check_digits={}) == "55524000-3"
    with pytest.raises(ValueError, match="check digit is missing"):
        parse_cpv("55524000", check_digits={})


def test_parse_cpv_refuses_non_ascii_digits():
    with pytest.raises(ValueError, match="eight digits"):
        parse_cpv("５５５２４０００-9")


def test_format_check_is_strict():
    assert is_cpv_format("55524000-9")
    assert not is_cpv_format("55524000")
    assert not is_cpv_format(" 55524000-9")


# --- hierarchy --------------------------------------------------------------


def test_division_is_the_first_two_digits():
    assert division("45453000-7") == "45"
    assert division("03000000") == "03"


def test_stem_and_level_follow_trailing_zeros():
    assert stem("45000000-7") == "45"
    assert stem("45453000-7") == "45453"
    assert stem("03000000-1") == "03"
    assert stem("55521100-9") == "555211"
    assert [level(code) for code in ("45000000-7", "45400000-1", "45450000-6")] == [1, 2, 3]
    assert [level(code) for code in ("45453000-7", "45453100-8", "31712331-9")] == [4, 5, 7]


@pytest.mark.parametrize(
    ("code", "prefix", "expected"),
    [
        ("45453000-7", "4545", True),
        ("45453000-7", "45", True),
        ("45453000-7", "4546", False),
        ("45453000-7", "45000000-7", True),
        ("45453100-8", "45453000", True),
        ("45454000-4", "45453000-7", False),
        ("03142500-3", "03", True),
        ("30213100-6", " 3021 ", True),
    ],
)
def test_matches_prefix(code, prefix, expected):
    assert matches_prefix(code, prefix) is expected


@pytest.mark.parametrize("prefix", ["", "45a", "123456789"])
def test_matches_prefix_refuses_what_is_not_a_prefix(prefix):
    with pytest.raises(ValueError, match="one to eight digits"):
        matches_prefix("45453000-7", prefix)


# --- the shipped list -------------------------------------------------------


def test_shipped_list_has_the_promised_shape():
    with DEFAULT_CPV_FILE.open(encoding="utf-8", newline="") as handle:
        assert handle.readline().rstrip("\n") == "code,label_fr,label_en"
    rows = shipped_rows()
    assert len(rows) >= 150
    assert all(is_cpv_format(row["code"]) for row in rows)
    assert all(row["label_fr"].strip() == row["label_fr"] != "" for row in rows)
    assert all(row["label_en"].strip() == row["label_en"] != "" for row in rows)
    assert len({row["code"][:8] for row in rows}) == len(rows)
    assert [row["code"] for row in rows] == sorted(row["code"] for row in rows)


def test_shipped_list_holds_every_code_the_facts_name():
    codes = {row["code"] for row in shipped_rows()}
    assert [code for code in FACTS_CODES if code not in codes] == []
    divisions = {code[:2] for code in codes}
    assert [d for d in THEME_DIVISIONS if d not in divisions] == []
    # The top of every theme division is there too.
    tops = {code[:2] for code in codes if level(code) == 1}
    assert [d for d in THEME_DIVISIONS if d not in tops] == []


def test_shipped_labels_are_the_official_ones_for_well_known_codes():
    labels = {row["code"]: (row["label_fr"], row["label_en"]) for row in shipped_rows()}
    assert labels["55524000-9"] == ("Service traiteur pour écoles", "School catering services")
    assert labels["90919200-4"] == ("Services de nettoyage de bureaux", "Office cleaning services")
    assert labels["45321000-3"] == ("Travaux d'isolation thermique", "Thermal insulation work")
    assert labels["77310000-6"] == (
        "Réalisation et entretien d'espaces verts",
        "Planting and maintenance services of green areas",
    )


def test_shipped_list_reads_back_without_a_problem():
    rows = read_cpv_file(DEFAULT_CPV_FILE)
    assert len(rows) == len(shipped_rows())
    assert known_check_digits()["55524000"] == "9"


# --- file layouts -----------------------------------------------------------


def write_csv(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def write_xlsx(path: Path, rows: list[list[object]]) -> Path:
    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    workbook.save(path)
    workbook.close()
    return path


def test_reads_our_csv_layout(tmp_path):
    path = write_csv(
        tmp_path / "ours.csv",
        "code,label_fr,label_en\n"
        '55524000-9,Service traiteur pour écoles,"School catering services"\n',
    )
    [row] = read_cpv_file(path)
    assert (row.code, row.check_digit, row.full_code) == ("55524000", "9", "55524000-9")
    assert (row.label_fr, row.label_en) == (
        "Service traiteur pour écoles",
        "School catering services",
    )


def test_reads_an_official_style_csv_with_semicolons_and_extra_languages(tmp_path):
    path = write_csv(
        tmp_path / "cpv_2008.csv",
        "\ufeffCODE;DE;EN;FR\n"
        "45321000-3;Wärmedämmarbeiten;Thermal insulation work;Travaux d'isolation thermique\n",
    )
    [row] = read_cpv_file(path)
    assert row.full_code == "45321000-3"
    assert row.label_en == "Thermal insulation work"
    assert row.label_fr == "Travaux d'isolation thermique"


def test_reads_the_official_spreadsheet_layout(tmp_path):
    path = write_xlsx(
        tmp_path / "cpv_2008.xlsx",
        [
            ["Common Procurement Vocabulary 2008"],
            [],
            ["Code", "BG", "EN", "ES", "fr", "IT"],
            ["03000000-1", "x", "Agricultural products", "x", "Produits agricoles", "x"],
            [None, None, None, None, None, None],
            ["90919200-4", "x", "Office cleaning services", "x", "Nettoyage de bureaux", "x"],
        ],
    )
    rows = read_cpv_file(path)
    assert [(row.full_code, row.label_fr, row.label_en) for row in rows] == [
        ("03000000-1", "Produits agricoles", "Agricultural products"),
        ("90919200-4", "Nettoyage de bureaux", "Office cleaning services"),
    ]


def test_a_bad_spreadsheet_row_is_named_by_row_and_column(tmp_path):
    path = write_xlsx(
        tmp_path / "bad.xlsx",
        [
            ["CODE", "EN", "FR"],
            ["03000000-1", "Agricultural products", "Produits agricoles"],
            ["3000000", "Agricultural products", "Produits agricoles"],
            ["09000000-3", "", "Produits pétroliers"],
        ],
    )
    with pytest.raises(CpvFileError) as caught:
        read_cpv_file(path)
    messages = [str(problem) for problem in caught.value.problems]
    assert messages[0].startswith("bad.xlsx, row 3, column CODE: ")
    assert "7 digit(s)" in messages[0]
    assert messages[1] == "bad.xlsx, row 4, column EN: the label is empty"


def test_a_duplicate_code_points_to_its_first_row(tmp_path):
    path = write_csv(
        tmp_path / "twice.csv",
        "code,label_fr,label_en\n30213100-6,Ordinateurs portables,Portable computers\n"
        "30213100-6,Ordinateurs portables,Portable computers\n",
    )
    with pytest.raises(
        CpvFileError, match=r"row 3, column code: code 30213100-6 already appears in row 2"
    ):
        read_cpv_file(path)


def test_a_missing_language_column_is_named(tmp_path):
    path = write_csv(tmp_path / "no-en.csv", "code,label_fr\n30213100-6,Ordinateurs portables\n")
    with pytest.raises(
        CpvFileError, match=r"no-en\.csv, row 1: the header has no column for label_en"
    ):
        read_cpv_file(path)


def test_a_file_without_a_code_header_is_refused(tmp_path):
    path = write_csv(tmp_path / "labels.csv", "label_fr,label_en\nA,B\n")
    with pytest.raises(CpvFileError, match="no header row with a code column"):
        read_cpv_file(path)


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("list.json", b"{}", "unsupported file type .json"),
        (
            "latin1.csv",
            "code,label_fr,label_en\n03000000-1,Café,Coffee\n".encode("latin-1"),
            "not UTF-8",
        ),
        ("empty.csv", b"code,label_fr,label_en\n", "holds no CPV code"),
        ("broken.xlsx", b"not a zip", "not a readable Excel workbook"),
    ],
)
def test_unreadable_files_are_refused_with_a_reason(tmp_path, name, content, message):
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(CpvFileError, match=message):
        read_cpv_file(path)


# --- folding and word matching ----------------------------------------------


def test_fold_drops_case_accents_and_ligatures():
    assert fold("Œufs ÉCOLE Été") == "oeufs ecole ete"
    assert label_words("Services d'hébergement, WWW") == ["services", "d", "hebergement", "www"]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("nettoyage bureaux", True),
        ("nett bur", True),
        ("BUREAUX nettoyage", True),
        ("ecole", False),
        ("toyage", False),
        ("nettoyage ecoles", False),
    ],
)
def test_every_query_word_must_start_a_label_word(query, expected):
    assert label_matches("Services de nettoyage de bureaux", label_words(query)) is expected


def test_accents_are_ignored_on_both_sides():
    assert label_matches("Services de nettoyage des écoles", label_words("ECOLES"))
    assert label_matches("Services de nettoyage des ecoles", label_words("écoles"))
    assert label_matches("Œufs", label_words("oeufs"))
