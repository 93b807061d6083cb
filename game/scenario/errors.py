"""Diagnostics: what is wrong with a scenario file, and exactly where.

Every problem found while loading a scenario (YAML syntax, schema, cross-references) becomes one
`Diagnostic` with a file, a 1-based line and column and the path of keys inside the document, so an
author can jump straight to it in an editor. Problems are collected, never raised one by one, so a
single run reports all of them.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

Path = tuple[str | int, ...]
Severity = Literal["error", "warning"]

SUGGESTION_CUTOFF = 0.6  # difflib ratio below which a suggestion is more noise than help


def dotted(path: Path) -> str:
    """`('units', 3, 'start')` → `units.3.start`, the form users see."""
    return ".".join(str(p) for p in path)


@dataclass(frozen=True)
class Diagnostic:
    """One problem; `line` 0 means it concerns the whole file (which could not be read)."""

    file: str
    line: int
    col: int
    message: str
    path: Path = ()
    severity: Severity = "error"
    code: str = ""

    @property
    def is_error(self) -> bool:
        return self.severity == "error"

    def format(self) -> str:
        """`file:line:col: message (a.b.0.c)`, the format editors and CI logs can jump to."""
        where = f"{self.file}:{self.line}:{self.col}" if self.line > 0 else self.file
        level = "warning: " if self.severity == "warning" else ""
        suffix = f" ({dotted(self.path)})" if self.path else ""
        return f"{where}: {level}{self.message}{suffix}"

    def sort_key(self) -> tuple:
        return (self.file, self.severity != "error", self.line, self.col, self.message)


class ScenarioError(Exception):
    """A scenario could not be loaded; carries every diagnostic found, not only the first."""

    def __init__(self, diagnostics: Iterable[Diagnostic]):
        self.diagnostics: list[Diagnostic] = sorted(diagnostics, key=Diagnostic.sort_key)
        super().__init__(self.diagnostics)

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.is_error]

    @property
    def warnings(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if not d.is_error]

    def __str__(self) -> str:
        n = len(self.errors)
        files = sorted({d.file for d in self.diagnostics})
        head = f"{n} error{'s' if n != 1 else ''} in {', '.join(files) or 'scenario'}"
        return "\n".join([head, *(d.format() for d in self.diagnostics)])


def did_you_mean(word: object, candidates: Iterable[object]) -> str:
    """Suffix naming the closest candidate, e.g. " — did you mean 'urga'?", or "" if none is close.

    Typos in ids are the commonest authoring mistake; naming the intended id saves a search.
    """
    if not isinstance(word, str):
        return ""
    pool = sorted({str(c) for c in candidates if c is not None})
    if not pool:
        return ""
    lowered = {c.lower(): c for c in pool}
    if word.lower() in lowered and lowered[word.lower()] != word:
        return f" — did you mean '{lowered[word.lower()]}'?"
    match = difflib.get_close_matches(word, pool, n=1, cutoff=SUGGESTION_CUTOFF)
    return f" — did you mean '{match[0]}'?" if match else ""
