"""What changed between two clause contents, word by word; no database, no Flask.

Texts are split into word, punctuation, whitespace and ``{{ variable }}`` tokens and
compared with :mod:`difflib`, so a changed accent or a renamed variable shows as
the word it is, not as a whole changed line. Given the variables' labels, a
``{{ variable }}`` compares and shows as its label in brackets ("[taux d'insertion]"):
a variable renamed under the same label is no change to the wording. Variables and
the legal basis are compared as structures: added, removed, renamed, changed.
"""

from __future__ import annotations

import dataclasses
import difflib
import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from markupsafe import Markup, escape

from procure.library.text import VARIABLE_PATTERN

TEXT_FIELDS = ("title", "text", "guidance", "verification", "penalty")
LANGUAGES = ("fr", "en")
OTHER_FIELDS = (
    "kind",
    "ambition",
    "pillars",
    "themes",
    "objectives",
    "contract_types",
    "cpv_prefixes",
    "families",
    "min_value",
    "eforms",
    "kpi",
    "related",
)
TOKEN = re.compile(
    r"\{\{\s*[a-z][a-z0-9_]*\s*\}\}"  # a variable is one token
    r"|\w+(?:['’]\w+)*"  # a word, with its elisions: l'emploi, aujourd’hui
    r"|\s+"
    r"|[^\w\s]"
)
PARAGRAPH = "\n\n"

SegmentKind = Literal["equal", "insert", "delete"]


@dataclass(frozen=True)
class Segment:
    kind: SegmentKind
    text: str


@dataclass(frozen=True)
class TextDiff:
    """One text field in one language, before and after, as segments."""

    field: str
    language: str
    old: str
    new: str
    segments: tuple[Segment, ...]
    # Variable name -> label, on each side: a placeholder shows as "[label]".
    old_labels: Mapping[str, str] = dataclasses.field(default_factory=dict, repr=False)
    new_labels: Mapping[str, str] = dataclasses.field(default_factory=dict, repr=False)

    @property
    def shows_labels(self) -> bool:
        return bool(self.old_labels or self.new_labels)

    @property
    def changed(self) -> bool:
        return any(segment.kind != "equal" for segment in self.segments)

    @property
    def inserted_words(self) -> list[str]:
        return _words(s.text for s in self.segments if s.kind == "insert")

    @property
    def deleted_words(self) -> list[str]:
        return _words(s.text for s in self.segments if s.kind == "delete")


@dataclass(frozen=True)
class VariableChange:
    """``kind`` is added, removed, renamed or changed; ``fields`` names what else changed."""

    kind: Literal["added", "removed", "renamed", "changed"]
    name: str
    old_name: str | None = None
    fields: tuple[str, ...] = ()
    before: Mapping[str, Any] | None = None
    after: Mapping[str, Any] | None = None

    def shown(self, attribute: str, side: Literal["before", "after"], language: str) -> str:
        definition = self.before if side == "before" else self.after
        return display((definition or {}).get(attribute), language)


@dataclass(frozen=True)
class LegalReferenceKey:
    code: str
    article: str | None


@dataclass(frozen=True)
class FieldChange:
    name: str
    before: Any
    after: Any


@dataclass(frozen=True)
class ClauseDiff:
    texts: tuple[TextDiff, ...]
    variables: tuple[VariableChange, ...] = ()
    legal_basis_added: tuple[LegalReferenceKey, ...] = ()
    legal_basis_removed: tuple[LegalReferenceKey, ...] = ()
    other: tuple[FieldChange, ...] = ()
    unchanged_texts: tuple[TextDiff, ...] = field(default=(), repr=False)

    @property
    def has_changes(self) -> bool:
        return bool(
            self.texts
            or self.variables
            or self.legal_basis_added
            or self.legal_basis_removed
            or self.other
        )

    def text(self, name: str, language: str) -> TextDiff | None:
        """The diff of one field, changed or not; None when neither side has it."""
        for diff in (*self.texts, *self.unchanged_texts):
            if diff.field == name and diff.language == language:
                return diff
        return None


# -- texts -----------------------------------------------------------------------


def tokens(text: str) -> list[str]:
    return TOKEN.findall(text)


def _key(token: str, labels: Mapping[str, str] | None = None) -> str:
    """What two tokens must share to count as equal: whitespace only counts as
    a space or a paragraph break, ``{{x}}`` equals ``{{ x }}``, and a variable with
    a label in ``labels`` equals any variable of the same label."""
    if token.isspace():
        return PARAGRAPH if token.count("\n") >= 2 else " "
    variable = VARIABLE_PATTERN.fullmatch(token)
    if variable:
        name = variable.group(1)
        if labels and name in labels:
            return "{{ [" + labels[name] + "] }}"
        return "{{ " + name + " }}"
    return token


def diff_texts(
    old: str,
    new: str,
    *,
    field: str = "text",
    language: str = "fr",
    old_labels: Mapping[str, str] | None = None,
    new_labels: Mapping[str, str] | None = None,
) -> TextDiff:
    """Word-level difference of two texts; leading and trailing whitespace is ignored.

    ``old_labels`` and ``new_labels`` (variable name -> label, for each side) make a
    placeholder compare and show as its label."""
    old, new = (old or "").strip(), (new or "").strip()
    before, after = tokens(old), tokens(new)
    matcher = difflib.SequenceMatcher(
        None,
        [_key(t, old_labels) for t in before],
        [_key(t, new_labels) for t in after],
        autojunk=False,
    )
    segments: list[Segment] = []
    for tag, i1, i2, j1, j2 in _merge_whitespace(matcher.get_opcodes(), before):
        if tag == "equal":
            segments.append(Segment("equal", "".join(after[j1:j2])))
            continue
        if i2 > i1:
            segments.append(Segment("delete", "".join(before[i1:i2])))
        if j2 > j1:
            segments.append(Segment("insert", "".join(after[j1:j2])))
    return TextDiff(
        field,
        language,
        old,
        new,
        tuple(_joined(segments)),
        old_labels=dict(old_labels or {}),
        new_labels=dict(new_labels or {}),
    )


def _merge_whitespace(
    opcodes: list[tuple[str, int, int, int, int]], before: Sequence[str]
) -> list[tuple[str, int, int, int, int]]:
    """Fold a run of spaces between two changes into one change: "a b" → "x y" reads
    as one replacement, not as two replacements around a kept space."""
    merged: list[list[Any]] = []
    for index, (tag, i1, i2, j1, j2) in enumerate(opcodes):
        between_changes = (
            tag == "equal"
            and 0 < index < len(opcodes) - 1
            and all(t.isspace() for t in before[i1:i2])
            and PARAGRAPH not in "".join(before[i1:i2])
        )
        if (tag != "equal" or between_changes) and merged and merged[-1][0] == "change":
            merged[-1][2], merged[-1][4] = i2, j2
        elif tag != "equal" or between_changes:
            merged.append(["change", i1, i2, j1, j2])
        else:
            merged.append([tag, i1, i2, j1, j2])
    return [tuple(item) for item in merged]  # type: ignore[misc]


def _joined(segments: list[Segment]) -> list[Segment]:
    out: list[Segment] = []
    for segment in segments:
        if not segment.text:
            continue
        if out and out[-1].kind == segment.kind:
            out[-1] = Segment(segment.kind, out[-1].text + segment.text)
        else:
            out.append(segment)
    return out


def _words(texts: Any) -> list[str]:
    return [t for text in texts for t in tokens(text) if not t.isspace() and re.search(r"\w", t)]


# -- whole clause contents -------------------------------------------------------------


def variable_labels(variables: Any, language: str) -> dict[str, str]:
    """Variable name -> label in ``language``, from a content's ``variables`` list."""
    labels = {}
    for variable in variables or ():
        if isinstance(variable, Mapping) and isinstance(variable.get("label"), Mapping):
            label = variable["label"].get(language)
            if label:
                labels[str(variable.get("name"))] = str(label)
    return labels


def diff_contents(
    old: Mapping[str, Any] | None, new: Mapping[str, Any], *, language: str | None = None
) -> ClauseDiff:
    """Everything that changed from ``old`` (None for a first version) to ``new``; with
    a ``language``, the texts' variables compare and show as their labels in it."""
    old = old or {}
    old_labels = variable_labels(old.get("variables"), language) if language else {}
    new_labels = variable_labels(new.get("variables"), language) if language else {}
    changed, unchanged = [], []
    for name in TEXT_FIELDS:
        for language_of_text in LANGUAGES:
            before = _text_of(old, name, language_of_text)
            after = _text_of(new, name, language_of_text)
            if before is None and after is None:
                continue
            diff = diff_texts(
                before or "",
                after or "",
                field=name,
                language=language_of_text,
                old_labels=old_labels,
                new_labels=new_labels,
            )
            (changed if diff.changed else unchanged).append(diff)
    added, removed = diff_legal_basis(old.get("legal_basis"), new.get("legal_basis"))
    return ClauseDiff(
        texts=tuple(changed),
        variables=tuple(diff_variables(old.get("variables"), new.get("variables"))),
        legal_basis_added=added,
        legal_basis_removed=removed,
        other=tuple(
            FieldChange(name, old.get(name), new.get(name))
            for name in OTHER_FIELDS
            if _normal(old.get(name)) != _normal(new.get(name))
        ),
        unchanged_texts=tuple(unchanged),
    )


def _text_of(content: Mapping[str, Any], name: str, language: str) -> str | None:
    value = content.get(name)
    if isinstance(value, Mapping):
        return value.get(language)
    return None


def _normal(value: Any) -> Any:
    """Empty lists, mappings and None all mean "not set"."""
    return value if value not in (None, [], {}, "") else None


def diff_legal_basis(
    old: Sequence[Mapping[str, Any]] | None, new: Sequence[Mapping[str, Any]] | None
) -> tuple[tuple[LegalReferenceKey, ...], tuple[LegalReferenceKey, ...]]:
    """(added, removed) references, each in the order its side lists them."""

    def keys(entries: Sequence[Mapping[str, Any]] | None) -> list[LegalReferenceKey]:
        return [
            LegalReferenceKey(
                str(entry["code"]), None if entry.get("article") is None else str(entry["article"])
            )
            for entry in entries or []
        ]

    before, after = keys(old), keys(new)
    return (
        tuple(key for key in after if key not in before),
        tuple(key for key in before if key not in after),
    )


def diff_variables(
    old: Sequence[Mapping[str, Any]] | None, new: Sequence[Mapping[str, Any]] | None
) -> list[VariableChange]:
    """Variables added, removed, changed, and renamed: a removed and an added variable
    of the same type whose other attributes or label match are one renamed variable."""
    before = {v["name"]: v for v in old or []}
    after = {v["name"]: v for v in new or []}
    removed = [name for name in before if name not in after]
    added = [name for name in after if name not in before]
    renamed: dict[str, str] = {}  # new name → old name
    for old_name in removed:
        for new_name in added:
            if new_name not in renamed and _same_variable(before[old_name], after[new_name]):
                renamed[new_name] = old_name
                break
    changes: list[VariableChange] = []
    for name, definition in after.items():
        if name in renamed:
            previous = before[renamed[name]]
            changes.append(
                VariableChange(
                    "renamed",
                    name,
                    old_name=renamed[name],
                    fields=_changed_attributes(previous, definition),
                    before=previous,
                    after=definition,
                )
            )
        elif name in before:
            fields = _changed_attributes(before[name], definition)
            if fields:
                changes.append(
                    VariableChange(
                        "changed", name, fields=fields, before=before[name], after=definition
                    )
                )
        else:
            changes.append(VariableChange("added", name, after=definition))
    changes.extend(
        VariableChange("removed", name, before=before[name])
        for name in removed
        if name not in renamed.values()
    )
    return changes


def _without_name(definition: Mapping[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in definition.items() if key != "name"}


def _same_variable(old: Mapping[str, Any], new: Mapping[str, Any]) -> bool:
    if old.get("type") != new.get("type"):
        return False
    if _without_name(old) == _without_name(new):
        return True
    old_label, new_label = old.get("label") or {}, new.get("label") or {}
    return any(
        old_label.get(lang) and old_label.get(lang) == new_label.get(lang) for lang in LANGUAGES
    )


def _changed_attributes(old: Mapping[str, Any], new: Mapping[str, Any]) -> tuple[str, ...]:
    names = [key for key in new if key != "name"]
    names += [key for key in old if key != "name" and key not in new]
    return tuple(name for name in names if old.get(name) != new.get(name))


# -- showing values -----------------------------------------------------------------


def display(value: Any, language: str = "fr") -> str:
    """A value from clause content as one line of text: lists joined, {fr, en} in ``language``."""
    if value is None or value in ([], {}, ""):
        return "—"
    if isinstance(value, Mapping):
        if set(value) == set(LANGUAGES):
            return str(value[language])
        if set(value) == {"value", "label"}:  # a choice of a choice variable
            return f"{value['value']} ({display(value['label'], language)})"
        return "; ".join(f"{key}: {display(item, language)}" for key, item in value.items())
    if isinstance(value, list | tuple):
        if all(isinstance(item, str | int | float) for item in value):
            return ", ".join(str(item) for item in value)
        if all(isinstance(item, Mapping) and set(item) == {"value", "label"} for item in value):
            return ", ".join(display(item, language) for item in value)
        return json.dumps(value, ensure_ascii=False)
    return str(value)


# -- HTML --------------------------------------------------------------------------------


@dataclass(frozen=True)
class DiffLabels:
    """The words a screen reader says before each change (the page passes them translated)."""

    inserted: str = "inserted:"
    deleted: str = "deleted:"
    end: str = "end of change"


def _segment_html(
    segment: Segment, labels: DiffLabels, names: Mapping[str, str] | None = None
) -> Markup:
    text = _with_variables(segment.text, names) if names is not None else _with_breaks(segment.text)
    if segment.kind == "equal":
        return text
    tag = "ins" if segment.kind == "insert" else "del"
    said = labels.inserted if segment.kind == "insert" else labels.deleted
    return Markup(
        '<{tag}><span class="visually-hidden">{said} </span>{text}'
        '<span class="visually-hidden"> ({end})</span></{tag}>'
    ).format(tag=Markup(tag), said=said, text=text, end=labels.end)


def _with_breaks(text: str) -> Markup:
    return Markup("<br>\n").join(escape(line) for line in text.split("\n"))


def _with_variables(text: str, names: Mapping[str, str]) -> Markup:
    """``text`` with each ``{{ name }}`` shown as its label in brackets, marked as a
    variable; a variable without a label shows its name."""
    parts: list[Markup] = []
    end = 0
    for match in VARIABLE_PATTERN.finditer(text):
        parts.append(_with_breaks(text[end : match.start()]))
        name = match.group(1)
        parts.append(
            Markup('<span class="diff-variable" data-variable="{name}">[{label}]</span>').format(
                name=name, label=names.get(name, name)
            )
        )
        end = match.end()
    parts.append(_with_breaks(text[end:]))
    return Markup("").join(parts)


def _names(diff: TextDiff, kind: SegmentKind) -> Mapping[str, str] | None:
    """The labels a segment's placeholders show: the old side's for deleted words."""
    if not diff.shows_labels:
        return None
    return diff.old_labels if kind == "delete" else diff.new_labels


def render_inline(diff: TextDiff, labels: DiffLabels | None = None) -> Markup:
    """The new text with deleted words struck through and inserted words underlined."""
    labels = labels or DiffLabels()
    return Markup("").join(
        _segment_html(segment, labels, _names(diff, segment.kind)) for segment in diff.segments
    )


def render_side_by_side(diff: TextDiff, labels: DiffLabels | None = None) -> tuple[Markup, Markup]:
    """(old text with its deleted words marked, new text with its inserted words marked)."""
    labels = labels or DiffLabels()
    old = Markup("").join(
        _segment_html(s, labels, _names(diff, s.kind)) for s in diff.segments if s.kind != "insert"
    )
    new = Markup("").join(
        _segment_html(s, labels, _names(diff, s.kind)) for s in diff.segments if s.kind != "delete"
    )
    return old, new
