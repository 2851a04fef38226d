"""Typed or uploaded YAML is read without anchors, aliases, deep nesting or huge input."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from procure.library.yamlsafe import (
    MAX_DEPTH,
    YamlRefusedError,
    load_yaml,
    read_yaml_file,
)

# 306 bytes that yaml.safe_load turns into 9**9 references, 387 million strings once
# stored as JSON.
ALIAS_BOMB = "a: &a [x,x,x,x,x,x,x,x,x]\n" + "".join(
    f"{chr(98 + level)}: &{chr(98 + level)} [{','.join([f'*{chr(97 + level)}'] * 9)}]\n"
    for level in range(8)
)


def test_plain_yaml_reads_as_safe_load_reads_it():
    text = "metric:\n  fr: Heures\n  en: Hours\nunit: h\nfrequency: yearly\nlist: [1, 2.5, true]\n"
    assert load_yaml(text) == yaml.safe_load(text)


LIBRARY = Path(__file__).resolve().parents[3] / "clauses"


def test_every_clause_file_reads_as_safe_load_reads_it():
    for path in sorted(LIBRARY.rglob("*.yaml")):
        text = path.read_text(encoding="utf-8")
        assert load_yaml(text) == yaml.safe_load(text), path


@pytest.mark.parametrize(
    "text",
    [
        "fr: R&D et 5 * 3\n",
        'fr: "&m et *m"\n',
        "fr: |\n  * une puce\n  & un signe\n",
        "fr: [a, b, {c: d}]\n",
    ],
)
def test_prose_with_ampersands_and_stars_reads_as_safe_load_reads_it(text):
    assert load_yaml(text) == yaml.safe_load(text)


@given(
    st.recursive(
        st.text(max_size=5) | st.integers(),
        lambda inner: (
            st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3)
        ),
        max_leaves=20,
    )
)
def test_any_data_dumped_reads_back_the_same(data):
    assert load_yaml(yaml.safe_dump(data, allow_unicode=True)) == data


def test_nesting_just_over_the_limit_is_refused_with_its_line():
    text = "a: 1\nb: " + "[" * MAX_DEPTH + "]" * MAX_DEPTH + "\n"  # the mapping is one more
    with pytest.raises(
        YamlRefusedError, match=rf"nested more than {MAX_DEPTH} levels deep at line 2"
    ):
        load_yaml(text)


def test_an_alias_bomb_is_refused_at_its_first_anchor():
    with pytest.raises(YamlRefusedError, match=r"uses an anchor \(&a\) at line 1"):
        load_yaml(ALIAS_BOMB)


def test_an_alias_without_anchor_is_refused():
    with pytest.raises(YamlRefusedError, match=r"uses an alias \(\*m\)"):
        load_yaml("fr: *m\n")


def test_anchors_are_refused_even_on_a_scalar_used_once():
    with pytest.raises(YamlRefusedError, match=r"&m"):
        load_yaml("fr: &m Heures\nen: Hours\n")


def test_deep_nesting_is_refused_before_the_parser_runs_out_of_stack():
    with pytest.raises(YamlRefusedError, match=f"nested more than {MAX_DEPTH} levels"):
        load_yaml("[" * 500 + "]" * 500)
    with pytest.raises(yaml.YAMLError):  # libyaml's scanner stops even deeper nesting itself
        load_yaml("[" * 5000 + "]" * 5000)
    assert load_yaml("[" * MAX_DEPTH + "]" * MAX_DEPTH) is not None


def test_input_over_the_limit_is_refused_before_parsing():
    text = "[" * 200_000  # would be a deep-nesting or syntax error if parsed
    started = time.perf_counter()
    with pytest.raises(YamlRefusedError, match="is 200000 bytes long; at most 1000"):
        load_yaml(text, max_bytes=1000)
    assert time.perf_counter() - started < 0.5


def test_python_tags_stay_refused():
    with pytest.raises(yaml.YAMLError):
        load_yaml("!!python/object/apply:os.system [echo hi]")


def test_a_file_is_read_no_further_than_the_limit(tmp_path):
    path = tmp_path / "big.yaml"
    path.write_text("x: " + "a" * 5000, encoding="utf-8")
    with pytest.raises(YamlRefusedError, match="more than 1000 bytes"):
        read_yaml_file(path, max_bytes=1000)
    assert read_yaml_file(path) == {"x": "a" * 5000}
