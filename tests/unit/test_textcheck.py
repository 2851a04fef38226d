"""Text that cannot go into a Word document is refused where it is typed, naming the field."""

from __future__ import annotations

import pytest
from flask import Flask
from flask_babel import Babel
from werkzeug.datastructures import MultiDict
from wtforms import FieldList, Form, FormField, IntegerField, StringField, TextAreaField

from procure.textcheck import WordSafeForm, first_bad_character, is_word_safe, word_safe


@pytest.mark.parametrize(
    "text",
    [
        "Restauration scolaire",
        "Tabulation\tet retour\r\nà la ligne",
        "emoji 🍽️ and RTL עברית العربية",
        "<script>alert(1)</script>",
        "'; DROP TABLE tender; --",
        "\u00a0espace insécable et \u202fespace fine",
        "\ue000 private use and \U0010fffd last plane",
        "",
    ],
)
def test_text_word_accepts_is_safe(text):
    assert is_word_safe(text)
    assert first_bad_character(text) is None


@pytest.mark.parametrize(
    ("text", "code", "kind", "position"),
    [
        ("a\x00b", "U+0000", "control", 2),
        ("\x0bvertical tab", "U+000B", "control", 1),
        ("form feed\x0c", "U+000C", "control", 10),
        ("escape \x1b[31m", "U+001B", "control", 8),
        ("lone \ud83d surrogate", "U+D83D", "surrogate", 6),
        ("low \udc00", "U+DC00", "surrogate", 5),
        ("not a character \uffff", "U+FFFF", "noncharacter", 17),
        ("\ufffe", "U+FFFE", "noncharacter", 1),
    ],
)
def test_first_bad_character_names_code_kind_and_position(text, code, kind, position):
    bad = first_bad_character(text)
    assert (bad.code, bad.kind, bad.position) == (code, kind, position)
    assert not is_word_safe(text)


class _Plain(Form):
    title = StringField("Title", validators=[word_safe])
    count = IntegerField("Count")


def test_validator_names_the_field_and_the_character():
    form = _Plain(MultiDict({"title": "Cantine\x07", "count": "3"}))
    assert not form.validate()
    (message,) = form.title.errors
    assert str(message) == (
        "Title contains a character that cannot go into a Word document: U+0007, a control "
        "character, at position 8. Remove it and try again."
    )


def test_validator_checks_every_value_of_a_list():
    class Tags(Form):
        tags = StringField("Tags", validators=[word_safe])

    form = Tags()
    form.tags.data = ["fine", "bad\x01"]
    assert not form.validate()
    assert "U+0001" in str(form.tags.errors[0])


class _Line(Form):
    name = StringField("Sub-criterion")


class _Safe(WordSafeForm):
    title = StringField("Title")
    body = TextAreaField("Body")
    lines = FieldList(FormField(_Line), min_entries=2)
    count = IntegerField("Count")


@pytest.fixture
def flask_app() -> Flask:
    app = Flask(__name__)
    app.config.update(SECRET_KEY="test", WTF_CSRF_ENABLED=False)
    Babel(app)
    return app


def test_word_safe_form_checks_every_text_field_including_nested_ones(flask_app):
    data = {
        "title": "ok",
        "body": "line\x0bbreak",
        "lines-0-name": "fine",
        "lines-1-name": "bad\x00",
        "count": "2",
    }
    with flask_app.test_request_context(method="POST", data=data):
        form = _Safe()
        assert not form.validate()
        assert form.title.errors == []
        assert "Body contains a character" in str(form.body.errors[0])
        assert form.lines[0].form.name.errors == []
        assert "Sub-criterion contains a character" in str(form.lines[1].form.name.errors[0])


def test_word_safe_form_accepts_clean_text(flask_app):
    data = {"title": "Écoles 🍎", "body": "a\tb\nc", "lines-0-name": "x", "count": "1"}
    with flask_app.test_request_context(method="POST", data=data):
        form = _Safe()
        assert form.validate(), form.errors
