"""Free text that can go into a Word document, checked where people type it.

A Word document is XML 1.0, which cannot hold most control characters
(U+0000–U+0008, U+000B, U+000C, U+000E–U+001F), the non-characters U+FFFE and
U+FFFF, nor a lone half of a surrogate pair. Text with one of them would make
the document builder fail long after the form was accepted, so forms refuse it
at once, naming the field and the character.

Use the ``word_safe`` validator on a field, or derive a form from
``WordSafeForm``: it adds the check to every text field (``StringField`` and its
subclasses: text areas, e-mail, password, search and hidden fields).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from flask_babel import gettext
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import Field, FieldList, Form, FormField, StringField
from wtforms.meta import DefaultMeta
from wtforms.validators import ValidationError

# Everything XML 1.0 does not allow (https://www.w3.org/TR/xml/#charsets).
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


@dataclass(frozen=True)
class BadCharacter:
    """A character that cannot go into a Word document, and where it is (1-based)."""

    character: str
    position: int

    @property
    def code(self) -> str:
        return f"U+{ord(self.character):04X}"

    @property
    def kind(self) -> str:
        """``control``, ``surrogate`` (half of a pair, alone) or ``noncharacter``."""
        point = ord(self.character)
        if point < 0x20:
            return "control"
        if 0xD800 <= point <= 0xDFFF:
            return "surrogate"
        return "noncharacter"


KIND_LABELS = {
    "control": _l("a control character"),
    "surrogate": _l("half of a surrogate pair"),
    "noncharacter": _l("a Unicode non-character"),
}


def first_bad_character(text: str) -> BadCharacter | None:
    """The first character of ``text`` that XML 1.0, hence Word, cannot hold."""
    match = _NOT_XML.search(text)
    if match is None:
        return None
    return BadCharacter(match.group(), match.start() + 1)


def is_word_safe(text: str) -> bool:
    return _NOT_XML.search(text) is None


def _texts(data: Any) -> list[str]:
    if isinstance(data, str):
        return [data]
    if isinstance(data, list | tuple):
        return [item for item in data if isinstance(item, str)]
    return []


def word_safe(_form: Form, field: Field) -> None:
    """WTForms validator: refuse text that a Word document cannot hold, naming the field."""
    values = _texts(field.data)
    for raw in field.raw_data or ():
        if isinstance(raw, str):
            values.append(raw)
    for value in values:
        bad = first_bad_character(value)
        if bad is not None:
            # gettext, not lazy_gettext: a lazy string's __html__ is not escaped, and the
            # field's label may come from data (clause variables).
            raise ValidationError(
                gettext(
                    "%(field)s contains a character that cannot go into a Word document: "
                    "%(code)s, %(kind)s, at position %(position)s. Remove it and try again.",
                    field=field.label.text,
                    code=bad.code,
                    kind=str(KIND_LABELS[bad.kind]),
                    position=bad.position,
                )
            )


class WordSafeMeta(DefaultMeta):
    """Binds every text field with ``word_safe`` as its first validator."""

    def bind_field(self, form: Form, unbound_field: Any, options: dict[str, Any]) -> Field:
        field = super().bind_field(form, unbound_field, options)
        if isinstance(field, StringField) and word_safe not in field.validators:
            field.validators = [word_safe, *field.validators]
        return field


class WordSafeForm(FlaskForm):
    """A Flask-WTF form whose text fields all refuse characters Word cannot hold.

    Top-level text fields get ``word_safe`` when bound; text fields of nested forms
    (``FormField``, ``FieldList``) are checked after the form's own validation.
    """

    class Meta(WordSafeMeta):
        pass

    def validate(self, extra_validators: dict[str, list[Any]] | None = None) -> bool:
        valid = super().validate(extra_validators)
        for field in _nested_text_fields(self):
            try:
                word_safe(self, field)
            except ValidationError as error:
                field.errors = [*field.errors, str(error)]
                valid = False
        return valid


def _nested_text_fields(form: Form) -> list[Field]:
    """Text fields inside the form's ``FormField`` and ``FieldList`` fields, at any depth."""
    found: list[Field] = []

    def walk(field: Field, nested: bool) -> None:
        if isinstance(field, FormField):
            for inner in field.form:
                walk(inner, True)
        elif isinstance(field, FieldList):
            for entry in field.entries:
                walk(entry, True)
        elif nested and isinstance(field, StringField) and word_safe not in field.validators:
            found.append(field)

    for field in form:
        walk(field, False)
    return found
