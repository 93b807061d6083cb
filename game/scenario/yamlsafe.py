"""Safe YAML loading that remembers where every value came from.

Scenario files come from modders and downloads, so they are untrusted: this module only composes
the YAML node tree with `yaml.SafeLoader` (no Python tags, no object construction) and converts the
nodes to plain data itself. Doing the conversion here, instead of in PyYAML's constructor, lets it
(1) record the line and column of every key and value, so later errors can point into the file,
(2) refuse hostile input early — oversized files, alias bombs ("billion laughs"), runaway nesting —
and (3) report duplicate keys, which PyYAML silently overwrites.

Problems are returned as `Diagnostic`s. Fatal ones (syntax errors, limits, bad encoding) stop the
load; the others (duplicate or non-string keys, refused tags, impossible dates) are recorded and
loading goes on, so one run reports as much as possible.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import yaml
from yaml.composer import Composer
from yaml.constructor import SafeConstructor
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from yaml.resolver import Resolver

from game.scenario.errors import Diagnostic, Path, ScenarioError

MB = 1024 * 1024
YAML_TAG = "tag:yaml.org,2002:"
SCALAR_TAGS = frozenset(YAML_TAG + t for t in ("null", "bool", "int", "float", "str", "timestamp"))
SEQ_TAG = YAML_TAG + "seq"
MAP_TAG = YAML_TAG + "map"
MERGE_TAG = YAML_TAG + "merge"
STR_TAG = YAML_TAG + "str"
KEY_KINDS = {
    YAML_TAG + "int": "a number",
    YAML_TAG + "float": "a number",
    YAML_TAG + "bool": "true/false",
    YAML_TAG + "null": "null",
    YAML_TAG + "timestamp": "a date",
}
_CONSTRUCTOR = SafeConstructor()  # only its scalar methods are used; they keep no state


@dataclass(frozen=True)
class Limits:
    """Bounds that keep a hostile file from exhausting memory, time or the Python stack."""

    max_bytes: int = 5 * MB
    max_nodes: int = 1_000_000  # values built, counting every expansion of an alias
    max_aliases: int = 2_000
    max_depth: int = 50  # nesting of mappings and lists, after alias expansion


DEFAULT_LIMITS = Limits()


class Marks:
    """Line and column (1-based) of every key and value, by document path.

    A path is the tuple of mapping keys and list indices leading to a value, e.g.
    `('units', 3, 'start')`. Values are located at their first character, mapping keys at the key.
    """

    def __init__(self) -> None:
        self._values: dict[Path, tuple[int, int]] = {}
        self._keys: dict[Path, tuple[int, int]] = {}

    def set_value(self, path: Path, line: int, col: int) -> None:
        self._values[path] = (line, col)

    def set_key(self, path: Path, line: int, col: int) -> None:
        self._keys[path] = (line, col)

    def __contains__(self, path: object) -> bool:
        return path in self._values or path in self._keys

    def locate(self, path: Path, *, key: bool = False) -> tuple[int, int]:
        """Position of `path` (of its key if `key`), else of its nearest located parent.

        Falling back to a parent means a diagnostic about a value that is absent — a missing key,
        an item dropped by a merge — still points somewhere useful.
        """
        path = tuple(path)
        while True:
            if key and path in self._keys:
                return self._keys[path]
            if path in self._values:
                return self._values[path]
            if path in self._keys:
                return self._keys[path]
            if not path:
                return (1, 1)
            path = path[:-1]

    def paths(self) -> Iterator[Path]:
        return iter(self._values)


@dataclass
class LoadResult:
    """A lenient load: `data` is usable unless `fatal`; `diagnostics` lists every problem."""

    data: Any
    marks: Marks
    diagnostics: list[Diagnostic] = field(default_factory=list)
    fatal: bool = False


class _Fatal(Exception):
    """Stops loading: the rest of the file cannot be trusted or would be too costly to read."""

    def __init__(self, line: int, col: int, message: str, code: str, path: Path = ()):
        super().__init__(message)
        self.line, self.col, self.message, self.code, self.path = line, col, message, code, path


def _pos(mark: yaml.Mark | None) -> tuple[int, int]:
    return (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)


def _short_tag(tag: str) -> str:
    return "!!" + tag[len(YAML_TAG) :] if tag.startswith(YAML_TAG) else tag


try:  # libyaml's parser reads ten times faster; PyYAML's own is the fallback
    from yaml._yaml import CParser as _Parser

    class _ParserBase(Composer, _Parser, Resolver):
        def __init__(self, text: str):
            _Parser.__init__(self, text)
            Composer.__init__(self)
            Resolver.__init__(self)

except ImportError:  # pragma: no cover - PyYAML built without libyaml
    _ParserBase = yaml.SafeLoader


class _Composer(_ParserBase):
    """A safe parser that composes nodes only, counting aliases and bounding the nesting depth.

    Only PyYAML's Python composer and resolver run on top of the parser's events: no constructor,
    so no tag can build an object. The depth must be bounded while composing, because the composer
    recurses once per level and a few thousand `[` would otherwise end in a RecursionError.
    """

    def __init__(self, text: str, limits: Limits):
        super().__init__(text)
        self._limits = limits
        self._depth = 0
        self._aliases = 0

    def compose_node(self, parent: Node | None, index: Any) -> Node:
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()
            self._aliases += 1
            if self._aliases > self._limits.max_aliases:
                raise _Fatal(
                    *_pos(event.start_mark),
                    f"too many aliases: more than {self._limits.max_aliases} `*` references",
                    "yaml-limit",
                )
            return _alias_view(super().compose_node(parent, index), event.start_mark)
        self._depth += 1
        if self._depth > self._limits.max_depth:
            raise _Fatal(
                *_pos(self.peek_event().start_mark),
                f"nesting too deep: more than {self._limits.max_depth} levels of mappings/lists",
                "yaml-limit",
            )
        try:
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1


def _alias_view(node: Node, mark: yaml.Mark) -> Node:
    """The anchored node seen from where `*alias` is written, sharing its children.

    Sharing `value` keeps the tree a DAG (a bomb stays small until expanded) while letting the
    alias's own position be recorded for its path.
    """
    if isinstance(node, ScalarNode):
        return ScalarNode(node.tag, node.value, mark, mark, node.style)
    return type(node)(node.tag, node.value, mark, mark, node.flow_style)


def _key(node: Node) -> int:
    """Identity of a node's content, shared by an anchored node and all its alias views."""
    return id(node.value) if isinstance(node, SequenceNode | MappingNode) else id(node)


class _Builder:
    """Turns a composed node tree into plain Python data, recording marks and problems."""

    def __init__(self, filename: str, limits: Limits):
        self.filename = filename
        self.limits = limits
        self.marks = Marks()
        self.diagnostics: list[Diagnostic] = []

    # -- limits, checked on the DAG before anything is expanded ---------------------------------

    def measure(self, root: Node) -> None:
        """Refuse the document if expanding aliases would build too many values or nest too deep.

        Sizes are memoised per shared node, so a billion-laughs file is measured in microseconds
        and refused before a single value is built.
        """
        sizes: dict[int, int] = {}
        depths: dict[int, int] = {}
        active: set[int] = set()

        def walk(node: Node, level: int) -> tuple[int, int]:
            k = _key(node)
            if k in sizes:
                if level + depths[k] > self.limits.max_depth:
                    self._too_deep(node)
                return sizes[k], depths[k]
            if level >= self.limits.max_depth:
                self._too_deep(node)
            if isinstance(node, ScalarNode):
                return 1, 1
            if k in active:
                raise _Fatal(
                    *_pos(node.start_mark),
                    "recursive alias: an anchored value contains an alias to itself",
                    "yaml-limit",
                )
            active.add(k)
            children = (
                node.value
                if isinstance(node, SequenceNode)
                else [n for pair in node.value for n in pair]
            )
            size, depth = 1, 1
            for child in children:
                s, d = walk(child, level + 1)
                size += s
                depth = max(depth, d + 1)
                if size > self.limits.max_nodes:
                    raise _Fatal(
                        *_pos(node.start_mark),
                        f"document too large: more than {self.limits.max_nodes:,} values once "
                        "aliases are expanded (is this an alias bomb?)",
                        "yaml-limit",
                    )
            active.discard(k)
            sizes[k], depths[k] = size, depth
            return size, depth

        walk(root, 0)

    def _too_deep(self, node: Node) -> None:
        raise _Fatal(
            *_pos(node.start_mark),
            f"nesting too deep: more than {self.limits.max_depth} levels once aliases are expanded",
            "yaml-limit",
        )

    # -- conversion ---------------------------------------------------------------------------

    def problem(self, mark: yaml.Mark | None, message: str, path: Path, code: str) -> None:
        line, col = _pos(mark)
        self.diagnostics.append(Diagnostic(self.filename, line, col, message, path, "error", code))

    def build(self, node: Node, path: Path, *, record: bool = True) -> Any:
        if record:
            self.marks.set_value(path, *_pos(node.start_mark))
        if isinstance(node, ScalarNode):
            return self._scalar(node, path)
        if node.tag not in (SEQ_TAG, MAP_TAG):
            self.problem(
                node.start_mark,
                f"tag {_short_tag(node.tag)} is not allowed: scenario files hold plain data only",
                path,
                "yaml-tag",
            )
            return None
        if isinstance(node, SequenceNode):
            return [self.build(child, (*path, i)) for i, child in enumerate(node.value)]
        return self._mapping(node, path)

    def _scalar(self, node: ScalarNode, path: Path) -> Any:
        if node.tag not in SCALAR_TAGS:
            self.problem(
                node.start_mark,
                f"tag {_short_tag(node.tag)} is not allowed: scenario files hold plain data only",
                path,
                "yaml-tag",
            )
            return None
        try:
            return _CONSTRUCTOR.yaml_constructors[node.tag](_CONSTRUCTOR, node)
        except (ValueError, OverflowError, yaml.YAMLError) as exc:
            what = "date" if node.tag.endswith("timestamp") else _short_tag(node.tag)[2:]
            self.problem(
                node.start_mark, f"invalid {what} '{node.value}': {exc}", path, "yaml-value"
            )
            return node.value

    def _mapping(self, node: MappingNode, path: Path) -> dict[str, Any]:
        result: dict[str, Any] = {}
        merges: list[Node] = []
        explicit: list[tuple[str, Node, Node]] = []
        seen: dict[str, Node] = {}
        for key_node, value_node in node.value:
            if key_node.tag == MERGE_TAG:
                merges.append(value_node)
                continue
            key = self._key_of(key_node, path)
            if key is None:
                continue
            if key in seen:
                first = seen[key].start_mark.line + 1
                self.problem(
                    key_node.start_mark,
                    f"duplicate key '{key}' (first given on line {first}); this one is ignored",
                    (*path, key),
                    "yaml-duplicate-key",
                )
                continue
            seen[key] = key_node
            explicit.append((key, key_node, value_node))
        # Merged keys first, so keys written out override them, marks included (YAML `<<` rules).
        for source in reversed(self._merge_sources(merges, path)):
            for key_node, value_node in source.value:
                key = self._key_of(key_node, path, report=False)
                if key is not None:
                    self.marks.set_key((*path, key), *_pos(key_node.start_mark))
                    result[key] = self.build(value_node, (*path, key))
        for key, key_node, value_node in explicit:
            self.marks.set_key((*path, key), *_pos(key_node.start_mark))
            result[key] = self.build(value_node, (*path, key))
        return result

    def _merge_sources(self, merges: list[Node], path: Path) -> list[MappingNode]:
        sources: list[MappingNode] = []
        for value in merges:
            items = value.value if isinstance(value, SequenceNode) else [value]
            for item in items:
                if isinstance(item, MappingNode) and item.tag == MAP_TAG:
                    if any(k.tag == MERGE_TAG for k, _ in item.value):
                        sources.extend(
                            self._merge_sources(
                                [v for k, v in item.value if k.tag == MERGE_TAG], path
                            )
                        )
                    sources.append(item)
                else:
                    self.problem(
                        item.start_mark,
                        "`<<` merges only mappings (or a list of mappings)",
                        path,
                        "yaml-merge",
                    )
        return sources

    def _key_of(self, node: Node, path: Path, *, report: bool = True) -> str | None:
        if isinstance(node, ScalarNode) and node.tag == STR_TAG:
            return node.value
        if report:
            if isinstance(node, ScalarNode):
                kind = KEY_KINDS.get(node.tag, _short_tag(node.tag))
                found = f"{node.value} (read as {kind})"
                hint = f"; quote it: '{node.value}'"
            else:
                found, hint = ("a list" if isinstance(node, SequenceNode) else "a mapping"), ""
            self.problem(
                node.start_mark,
                f"mapping keys must be strings, found {found}{hint}",
                path,
                "yaml-key-type",
            )
        return None


def _offset_position(text: str, offset: int) -> tuple[int, int]:
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1


SYNTAX_HINTS = {  # PyYAML's and libyaml's wording → what the author should look at
    "mapping values are not allowed here": " — check the indentation, or quote a value with ': '",
    "mapping values are not allowed in this context": " — check the indentation, or quote a value with ': '",
    "could not find expected ':'": " — a key is missing its ':' or a quote is not closed",
    "expected <block end>": " — check the indentation: this line does not line up with those above",
    "found character '\\t'": " — indent with spaces, not tabs",
    "that cannot start any token": " — quote a value that starts with @ or `",
    "quoted scalar: found unexpected end of stream": " — the quote opened here is never closed",
    "flow sequence: expected ',' or ']'": " — the '[' opened here is never closed",
    "flow mapping: expected ',' or '}'": " — the '{' opened here is never closed",
    "found undefined alias": " — define the anchor (&name) before using *name",
}
UNCLOSED = ("end of stream", "<stream end>")


def _syntax_error(exc: yaml.MarkedYAMLError) -> tuple[int, int, str]:
    """Position and text of a syntax error, pointing where the author has to look.

    An unclosed quote or bracket is only noticed at the end of the file; its opening (the
    exception's context mark) is where the fix goes, so that is the position reported.
    """
    problem = (exc.problem or "invalid YAML").strip()
    mark = exc.problem_mark or exc.context_mark
    context = (exc.context or "").strip()
    context_line = exc.context_mark.line + 1 if exc.context_mark is not None else None
    if problem == "second occurrence" and context_line is not None:  # duplicate anchor
        text = f"{context.split(';')[0]} (first defined on line {context_line})"
    elif context:
        if exc.context_mark is not None and any(u in problem for u in UNCLOSED):
            mark = exc.context_mark
        elif context_line is not None and mark is not None and context_line != mark.line + 1:
            context += f" (line {context_line})"
        text = f"{context}: {problem}"
    else:
        text = problem
    hint = next((h for p, h in SYNTAX_HINTS.items() if p in text), "")
    return (*_pos(mark), f"YAML syntax error: {text}{hint}")


def load_text(text: str, filename: str, limits: Limits = DEFAULT_LIMITS) -> LoadResult:
    """Lenient load: never raises for any input; problems come back in the result."""
    marks = Marks()
    try:
        if len(text) > limits.max_bytes:
            raise _Fatal(
                0, 0, f"file too large: over the {limits.max_bytes // MB} MB limit", "too-large"
            )
        text = text.removeprefix("\ufeff")
        loader = _Composer(text, limits)
        try:
            root = loader.get_single_node()
        finally:
            loader.dispose()
        if root is None:
            return LoadResult(None, marks)
        builder = _Builder(filename, limits)
        builder.measure(root)
        data = builder.build(root, ())
        return LoadResult(data, builder.marks, builder.diagnostics)
    except _Fatal as exc:
        diag = Diagnostic(filename, exc.line, exc.col, exc.message, exc.path, "error", exc.code)
    except yaml.reader.ReaderError as exc:
        line, col = _offset_position(text, exc.position)
        message = f"character {exc.character:#x} is not allowed in YAML text"
        diag = Diagnostic(filename, line, col, message, (), "error", "encoding")
    except yaml.MarkedYAMLError as exc:
        line, col, message = _syntax_error(exc)
        diag = Diagnostic(filename, line, col, message, (), "error", "yaml-syntax")
    except yaml.YAMLError as exc:
        diag = Diagnostic(filename, 1, 1, f"YAML error: {exc}", (), "error", "yaml-syntax")
    except RecursionError:  # defence in depth; the depth limit should stop this first
        message = "nesting too deep to read"
        diag = Diagnostic(filename, 1, 1, message, (), "error", "yaml-limit")
    return LoadResult(None, marks, [diag], fatal=True)


def decode(data: bytes, filename: str, limits: Limits = DEFAULT_LIMITS) -> tuple[str | None, list]:
    """Bytes → text, refusing oversized files and bytes that are not UTF-8, with their position."""
    if len(data) > limits.max_bytes:
        size = f"{len(data) / MB:.1f} MB"
        message = f"file too large: {size}, over the {limits.max_bytes // MB} MB limit"
        return None, [Diagnostic(filename, 0, 0, message, (), "error", "too-large")]
    try:
        return data.decode("utf-8-sig"), []
    except UnicodeDecodeError as exc:
        start = exc.start
        line = data.count(b"\n", 0, start) + 1
        line_start = data.rfind(b"\n", 0, start) + 1
        col = len(data[line_start:start].decode("utf-8", errors="replace")) + 1
        bad = data[start : min(exc.end, start + 4)].hex(" ")
        message = f"not UTF-8 text: byte {bad} cannot be decoded; save the file as UTF-8"
        return None, [Diagnostic(filename, line, col, message, (), "error", "encoding")]


def load_bytes(data: bytes, filename: str, limits: Limits = DEFAULT_LIMITS) -> LoadResult:
    """Lenient load of raw file contents (see `load_text`)."""
    text, problems = decode(data, filename, limits)
    if text is None:
        return LoadResult(None, Marks(), problems, fatal=True)
    return load_text(text, filename, limits)


def load_with_marks(text: str, filename: str, limits: Limits = DEFAULT_LIMITS) -> tuple[Any, Marks]:
    """Strict load: plain data and its marks, or `ScenarioError` listing every problem found."""
    result = load_text(text, filename, limits)
    if result.diagnostics:
        raise ScenarioError(result.diagnostics)
    return result.data, result.marks


__all__ = [
    "DEFAULT_LIMITS",
    "LoadResult",
    "Limits",
    "Marks",
    "decode",
    "load_bytes",
    "load_text",
    "load_with_marks",
]
