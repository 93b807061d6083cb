"""`validate PATH...`: check scenario files and print every problem, located, with no traceback.

This is the tool a modder runs before sharing a file and CI runs on every shipped scenario, so its
output is for people: one `file:line:col: message (path)` line per problem, errors before warnings,
each followed by the offending line of the file with a caret under the column, and a one-line
verdict per file that sums up what it contains. Warnings show their code (`[unknown-flag]`), the
name a file gives in `suppress_warnings:` to accept one on purpose.

A path may be a scenario, a mod folder or a patch (`mod.yaml`, checked merged into the scenario
it extends); `--mod` applies patches to the scenario given. `diagnose()` returns the same findings
as data, for the game to show.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO

from game.scenario.errors import Diagnostic
from game.scenario.loader import check_file
from game.scenario.schema import Scenario

SCENARIO_SUFFIXES = (".yaml", ".yml")


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def summary(scenario: Scenario) -> str:
    """What a valid file contains, so a glance shows it loaded what the author meant."""
    parts = [
        _plural(len(scenario.units), "unit"),
        _plural(len(scenario.commanders), "commander"),
        _plural(len(scenario.factions), "faction"),
        _plural(len(scenario.map.places), "place"),
        _plural(len(scenario.events), "event"),
        _plural(len(scenario.victory.objectives), "objective"),
    ]
    days = (scenario.meta.end - scenario.meta.start).days + 1
    turns = -(-days // scenario.meta.days_per_turn)
    parts.append(f"{scenario.meta.start} to {scenario.meta.end} in {_plural(turns, 'turn')}")
    return ", ".join(parts)


def _expand(paths: list[str]) -> list[str]:
    """A directory stands for the scenario files in it, so `validate scenarios/` checks them all;
    a mod folder stands for its `mod.yaml` or `scenario.yaml`, and `validate mods/` checks each."""
    from game.scenario.mods import MOD_FILE, SCENARIO_FILE

    files: list[str] = []
    for name in paths:
        path = Path(name)
        try:
            inside = sorted(p for p in path.iterdir() if p.suffix in SCENARIO_SUFFIXES)
            if not inside:
                inside = sorted(
                    f
                    for sub in path.iterdir()
                    if sub.is_dir()
                    for f in (sub / MOD_FILE, sub / SCENARIO_FILE)
                    if f.is_file()
                )
            if (path / MOD_FILE).is_file() or (path / SCENARIO_FILE).is_file():
                inside = [p for p in inside if p.name in (MOD_FILE, SCENARIO_FILE)]
        except OSError:
            inside = None
        if inside:
            files.extend(str(p) for p in inside)
        else:
            files.append(name)
    return files


CARET_INDENT = 4  # spaces before the quoted source line


class SourceLines:
    """The lines of the files diagnostics point into, read once each (None if unreadable)."""

    def __init__(self) -> None:
        self._files: dict[str, list[str] | None] = {}

    def line(self, file: str, number: int) -> str | None:
        if file not in self._files:
            try:
                text = Path(file).read_bytes().decode("utf-8", errors="replace")
                self._files[file] = text.splitlines()
            except OSError:
                self._files[file] = None
        lines = self._files[file]
        if lines is None or not 1 <= number <= len(lines):
            return None
        return lines[number - 1]


def quote(d: Diagnostic, lines: SourceLines) -> list[str]:
    """The offending line of the file and a caret under the column, or nothing for whole files."""
    if d.line <= 0:
        return []
    text = lines.line(d.file, d.line)
    if text is None:
        return []
    gutter = f"{' ' * CARET_INDENT}{d.line} | "
    lead = "".join(c if c == "\t" else " " for c in text[: max(d.col - 1, 0)])
    return [gutter + text.rstrip(), " " * (len(gutter) - 2) + "| " + lead + "^"]


def describe(d: Diagnostic) -> str:
    """`Diagnostic.format()` with the warning's code, the name to give `suppress_warnings`."""
    code = f" [{d.code}]" if not d.is_error and d.code else ""
    return d.format() + code


def _is_patch(path: str) -> bool:
    from game.scenario.mods import MOD_FILE

    if Path(path).name == MOD_FILE:
        return True
    try:
        head = Path(path).read_bytes()[:65536].decode("utf-8", errors="replace")
    except OSError:
        return False
    return any(line.startswith("extends:") for line in head.splitlines())


def _check(path: str | None, mods: Sequence[str]) -> tuple[Scenario | None, list[Diagnostic]]:
    from game.scenario.mods import check_with_mods

    if path is not None and not mods and not _is_patch(path):
        return check_file(path)
    if path is not None and _is_patch(path):
        result = check_with_mods(None, [path, *mods])
    else:
        result = check_with_mods(path, list(mods))
    return result.scenario, result.diagnostics


def validate_file(path: str, out: TextIO, mods: Sequence[str] = ()) -> bool:
    """Print the diagnostics and verdict for one file; True if it has no errors."""
    try:
        scenario, diagnostics = _check(path, mods)
        verdict = summary(scenario) if scenario is not None else ""
        if scenario is not None:
            from game.scenario.translation import check_translations

            diagnostics = diagnostics + check_translations(path, scenario, not _is_patch(path))
    except Exception as exc:  # check_file never raises; this guards the printing of the summary
        scenario, verdict = None, ""
        diagnostics = [Diagnostic(path, 0, 0, f"internal error ({type(exc).__name__}: {exc})")]
    errors = [d for d in diagnostics if d.is_error]
    warnings = [d for d in diagnostics if not d.is_error]
    lines = SourceLines()
    for d in errors + warnings:
        print(describe(d), file=out)
        for text in quote(d, lines):
            print(text, file=out)
    note = f" ({_plural(len(warnings), 'warning')})" if warnings else ""
    path = f"{path} + {', '.join(map(str, mods))}" if mods else path
    if errors or scenario is None:
        print(f"{path}: {_plural(max(len(errors), 1), 'error')}{note}", file=out)
        return False
    print(f"{path}: OK — {verdict}{note}", file=out)
    return True


def validate_paths(paths: list[str], out: TextIO | None = None, mods: Sequence[str] = ()) -> int:
    """Validate each file (a directory means its *.yaml files, or its mods); 0 if all are valid.

    With `mods`, each scenario is checked with those patches applied in order.
    """
    out = out if out is not None else sys.stdout
    files = _expand(list(paths))
    if not files and mods:
        from game.scenario.mods import check_with_mods

        files = [check_with_mods(None, list(mods)).files[:1] or ["?"]][0]
    if not files:
        print("validate: no scenario files given", file=out)
        return 1
    results = [validate_file(name, out, mods) for name in files]
    return 0 if all(results) else 1


# ------------------------------------------------------------------------- data for the game


@dataclass
class Report:
    """What `validate` finds, as data: the game lists it under a scenario or mod in its menu."""

    ok: bool
    files: list[str]
    summary: str
    diagnostics: list[dict[str, Any]] = field(default_factory=list)

    @property
    def errors(self) -> int:
        return sum(d["severity"] == "error" for d in self.diagnostics)

    @property
    def warnings(self) -> int:
        return sum(d["severity"] == "warning" for d in self.diagnostics)


def diagnose(scenario: str | Path | None = None, mods: Sequence[str | Path] = ()) -> Report:
    """Validate a scenario (default: what the first mod extends, else 1921) with mods applied.

    Each diagnostic is a dict with `severity`, `code`, `file`, `line`, `col`, `message`, `path`
    (dotted), `text` (the one-line form), `source` (the offending line) and `caret` (spaces and a
    '^' under the column), ready to show. Never raises.
    """
    from game.scenario.mods import check_with_mods

    result = check_with_mods(scenario, list(mods))
    lines = SourceLines()
    shown = []
    for d in result.diagnostics:
        quoted = quote(d, lines)
        shown.append(
            {
                "severity": d.severity,
                "code": d.code,
                "file": d.file,
                "line": d.line,
                "col": d.col,
                "message": d.message,
                "path": ".".join(str(p) for p in d.path),
                "text": describe(d),
                "source": lines.line(d.file, d.line) if quoted else None,
                "caret": quoted[1].split("| ", 1)[1] if quoted else None,
            }
        )
    ok = result.scenario is not None and not result.errors
    verdict = summary(result.scenario) if result.scenario is not None else ""
    return Report(ok, result.files, verdict, shown)


__all__ = [
    "Report",
    "SourceLines",
    "describe",
    "diagnose",
    "quote",
    "summary",
    "validate_file",
    "validate_paths",
]
