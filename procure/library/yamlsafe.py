"""Reading YAML that a person typed or uploaded: the one loader for such input.

``yaml.safe_load`` builds no Python objects, but it still expands aliases: 439
bytes of nested anchors and aliases typed in a clause form's ``kpi`` field became
14 MB stored. procure's own YAML never needs an anchor, so ``load_yaml`` refuses

- input longer than ``max_bytes`` (measured before any parsing);
- any anchor (``&name``) or alias (``*name``), so nothing is expanded;
- nesting deeper than ``MAX_DEPTH`` (``[[[[…]]]]`` would exhaust the parser's stack);
- every tag ``yaml.SafeLoader`` refuses (``!!python/…``).

The refusal is a ``YamlRefusedError``, a ``yaml.YAMLError``: callers that already
turn YAML errors into a message naming their field or file keep doing so.

Speed matters for a library of thousands of files. Text in which no anchor or
alias can start (no ``&`` or ``*`` after a space, an indicator or a line start)
goes whole through libyaml (``yaml.CSafeLoader``), and the depth of its data is
measured afterwards; anything else, or anything that fast path finds too deep,
goes through the strict loader: a Python composer that checks each node, over
libyaml's C parser when PyYAML has it, which gives the message with its line.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml
from yaml.composer import Composer
from yaml.constructor import SafeConstructor
from yaml.events import AliasEvent, CollectionStartEvent, NodeEvent
from yaml.nodes import Node
from yaml.resolver import Resolver

try:
    from yaml._yaml import CParser as _Parser
except ImportError:  # PyYAML built without libyaml: its pure-Python reader and parser
    from yaml.parser import Parser
    from yaml.reader import Reader
    from yaml.scanner import Scanner

    class _Parser(Reader, Scanner, Parser):  # type: ignore[no-redef]
        def __init__(self, stream: str) -> None:
            Reader.__init__(self, stream)
            Scanner.__init__(self)
            Parser.__init__(self)


MAX_YAML_BYTES = 1024 * 1024
MAX_DEPTH = 40
# Where an anchor (&name) or an alias (*name) could start; prose such as "R&D" or "5 * 3"
# does not match, and a match only sends the text to the strict loader.
_MAY_HOLD_ANCHOR = re.compile(r"(?:^|[\s\[\]{},:?!-])[&*][^\s]")
_FAST_LOADER = getattr(yaml, "CSafeLoader", None)


class YamlRefusedError(yaml.YAMLError):
    """The YAML is well-formed but uses what procure does not accept from people."""


class _StrictLoader(Composer, _Parser, SafeConstructor, Resolver):
    """``yaml.SafeLoader`` without anchors, aliases or deep nesting: the Python composer
    (which the checks extend) over the fastest parser available."""

    def __init__(self, stream: str) -> None:
        _Parser.__init__(self, stream)
        Composer.__init__(self)
        SafeConstructor.__init__(self)
        Resolver.__init__(self)
        self._depth = 0

    def compose_node(self, parent: Node | None, index: Any) -> Node | None:
        event = self.peek_event()
        if isinstance(event, AliasEvent):
            raise YamlRefusedError(
                f"uses an alias (*{event.anchor}){_where(event)}; write the value out instead"
            )
        if isinstance(event, NodeEvent) and event.anchor is not None:
            raise YamlRefusedError(
                f"uses an anchor (&{event.anchor}){_where(event)}; "
                "anchors and aliases are not accepted"
            )
        nested = isinstance(event, CollectionStartEvent)
        if isinstance(event, CollectionStartEvent):
            self._depth += 1
            if self._depth > MAX_DEPTH:
                raise YamlRefusedError(
                    f"is nested more than {MAX_DEPTH} levels deep{_where(event)}"
                )
        try:
            return super().compose_node(parent, index)
        finally:
            if nested:
                self._depth -= 1


def _where(event: NodeEvent) -> str:
    return f" at line {event.start_mark.line + 1}" if event.start_mark is not None else ""


def load_yaml(text: str, *, max_bytes: int = MAX_YAML_BYTES) -> Any:
    """The data of one YAML document typed or uploaded by a person.

    Raises ``YamlRefusedError`` (too long, anchors, aliases, too deep) or another
    ``yaml.YAMLError`` (not valid YAML).
    """
    size = len(text.encode("utf-8", errors="surrogatepass"))
    if size > max_bytes:
        raise YamlRefusedError(f"is {size} bytes long; at most {max_bytes} are accepted")
    if _FAST_LOADER is not None and not _MAY_HOLD_ANCHOR.search(text):
        try:
            data = yaml.load(text, Loader=_FAST_LOADER)
        except RecursionError:
            pass  # nested too deep for the constructor: the strict loader says where
        else:
            if _depth(data) <= MAX_DEPTH:
                return data
    loader = _StrictLoader(text)
    try:
        return loader.get_single_data()
    finally:
        loader.dispose()


def _depth(data: Any) -> int:
    """How many collections deep ``data`` is (a scalar: 0), without recursion."""
    deepest, pending = 0, [(data, 1)]
    while pending:
        item, level = pending.pop()
        if isinstance(item, dict):
            children = list(item.keys()) + list(item.values())
        elif isinstance(item, list):
            children = item
        else:
            continue
        deepest = max(deepest, level)
        pending.extend((child, level + 1) for child in children)
    return deepest


def read_yaml_file(path: Path, *, max_bytes: int = MAX_YAML_BYTES) -> Any:
    """``load_yaml`` of a UTF-8 file, reading no more than ``max_bytes`` + 1 bytes of it.

    Raises ``OSError`` and ``UnicodeDecodeError`` as reading does.
    """
    return load_yaml(read_capped(path, max_bytes).decode("utf-8"), max_bytes=max_bytes)


def read_capped(path: Path, max_bytes: int = MAX_YAML_BYTES) -> bytes:
    """The bytes of a file of at most ``max_bytes``, reading no more than one byte past it;
    ``YamlRefusedError`` for a longer file."""
    with path.open("rb") as stream:
        raw = stream.read(max_bytes + 1)
    if len(raw) > max_bytes:
        raise YamlRefusedError(f"is more than {max_bytes} bytes long")
    return raw
