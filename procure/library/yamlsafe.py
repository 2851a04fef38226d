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

Parsing runs in libyaml's C parser when PyYAML was built with it (about ten times
faster than the pure-Python one, which matters for a library of thousands of files);
the checks above stay in the Python composer that reads its events.
"""

from __future__ import annotations

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
    loader = _StrictLoader(text)
    try:
        return loader.get_single_data()
    finally:
        loader.dispose()


def read_yaml_file(path: Path, *, max_bytes: int = MAX_YAML_BYTES) -> Any:
    """``load_yaml`` of a UTF-8 file, reading no more than ``max_bytes`` + 1 bytes of it.

    Raises ``OSError`` and ``UnicodeDecodeError`` as reading does.
    """
    with path.open("rb") as stream:
        raw = stream.read(max_bytes + 1)
    if len(raw) > max_bytes:
        raise YamlRefusedError(f"is more than {max_bytes} bytes long")
    return load_yaml(raw.decode("utf-8"), max_bytes=max_bytes)
