"""Load a scenario file into a validated `Scenario`, or say everything that is wrong with it.

Pipeline: read bytes (bounded) → safe YAML with marks (`yamlsafe`) → pydantic validation →
cross-reference checks (`checks`). Every stage reports `Diagnostic`s located in the file; pydantic's
errors are translated into plain words ("expected …, found …") at the line of the offending value.

When validation fails, the sections and list entries that *are* valid are still assembled into a
partial scenario and cross-checked, so one run reports schema mistakes and broken references
together instead of making the author fix them in rounds.
"""

from __future__ import annotations

import hashlib
import logging
import re
import types
import typing
from inspect import isclass
from pathlib import Path as FsPath
from typing import Annotated, Any

from pydantic import BaseModel, TypeAdapter, ValidationError

from game.scenario import checks
from game.scenario.errors import Diagnostic, Path, ScenarioError, did_you_mean, dotted
from game.scenario.schema import Scenario
from game.scenario.yamlsafe import DEFAULT_LIMITS, Limits, LoadResult, Marks, load_bytes, load_text

log = logging.getLogger(__name__)

SECTIONS = tuple(f.alias or n for n, f in Scenario.model_fields.items())
FOUND_WIDTH = 40  # characters of an offending value quoted back to the author
REPLACED_CODES = frozenset({"yaml-tag", "yaml-value"})  # yamlsafe replaced the value it reported
PATTERN_NAMES = {
    r"^[a-z0-9][a-z0-9_]*$": "an id of lowercase letters, digits and '_' (like 'red_army')",
    r"^#[0-9a-fA-F]{6}$": "a colour like '#a0b0c0'",
}
EXPECTED = {
    "int_parsing": "a whole number",
    "int_type": "a whole number",
    "int_from_float": "a whole number",
    "float_parsing": "a number",
    "float_type": "a number",
    "finite_number": "a finite number",
    "bool_parsing": "true or false",
    "bool_type": "true or false",
    "string_type": "text",
    "date_type": "a date like 1921-06-06",
    "date_parsing": "a date like 1921-06-06",
    "date_from_datetime_parsing": "a date like 1921-06-06",
    "date_from_datetime_inexact": "a date like 1921-06-06",
    "list_type": "a list",
    "dict_type": "a mapping",
    "model_type": "a mapping",
    "model_attributes_type": "a mapping",
    "none_required": "nothing (null)",
}
BOUNDS = {
    "greater_than_equal": ("ge", "at least"),
    "greater_than": ("gt", "more than"),
    "less_than_equal": ("le", "at most"),
    "less_than": ("lt", "less than"),
}


# ------------------------------------------------------------------------------ public API


def fingerprint(path: str | FsPath) -> str:
    """sha256 of the file's bytes: replays and saves name the exact scenario they were made with."""
    return hashlib.sha256(FsPath(path).read_bytes()).hexdigest()


def parse(path: str | FsPath, limits: Limits = DEFAULT_LIMITS) -> tuple[Any, Marks]:
    """Raw data and marks of a YAML file (for mods and tools), or `ScenarioError`."""
    result = _read(path, limits)
    if result.diagnostics:
        raise ScenarioError(result.diagnostics)
    return result.data, result.marks


def load_scenario(path: str | FsPath) -> Scenario:
    """The validated scenario; `ScenarioError` lists every error if there is any."""
    return _raise_on_errors(*check_file(path))


def load_scenario_text(text: str, filename: str = "<text>") -> Scenario:
    """As `load_scenario`, for text already in memory (tests, editors, mods)."""
    return _raise_on_errors(*check_text(text, filename))


def check_file(path: str | FsPath) -> tuple[Scenario | None, list[Diagnostic]]:
    """The scenario (None if it has errors) and all diagnostics, warnings too. Never raises."""
    filename = str(path)
    try:
        return _finish(_read(path, DEFAULT_LIMITS), filename)
    except Exception as exc:  # a bug must still not become a traceback for a content author
        return None, [_internal(filename, exc)]


def check_text(text: str, filename: str = "<text>") -> tuple[Scenario | None, list[Diagnostic]]:
    """As `check_file`, for text already in memory."""
    try:
        return _finish(load_text(text, filename), filename)
    except Exception as exc:
        return None, [_internal(filename, exc)]


def validate_data(
    data: Any, marks: Marks, filename: str
) -> tuple[Scenario | None, list[Diagnostic]]:
    """Validate and cross-check data already parsed (e.g. a base scenario merged with a mod)."""
    if data is None:
        return None, [_diag(filename, 1, 1, _empty_message(), (), "empty")]
    if not isinstance(data, dict):
        found = _describe(data)
        message = f"expected a mapping of sections ({', '.join(SECTIONS[:3])}, …), found {found}"
        return None, [_diag(filename, *marks.locate(()), message, (), "not-mapping")]
    try:
        scenario = Scenario.model_validate(data)
    except ValidationError as exc:
        diagnostics = _translate(exc, data, marks, filename)
        partial = _salvage(Scenario, data)
        diagnostics += checks.cross_check(partial, marks, filename, partial=True)
        return None, suppress(diagnostics, data, marks, filename)
    return scenario, suppress(checks.cross_check(scenario, marks, filename), data, marks, filename)


def suppress(
    diagnostics: list[Diagnostic], data: Any, marks: Marks, filename: str
) -> list[Diagnostic]:
    """Drop the warnings whose codes the file lists in `suppress_warnings` (never errors).

    A code that names no warning gets a warning of its own (`unknown-warning`), with a
    "did you mean" — a misspelt suppression would otherwise hide nothing, silently.
    """
    codes = data.get("suppress_warnings") if isinstance(data, dict) else None
    if not isinstance(codes, list):
        return diagnostics
    wanted = {c for c in codes if isinstance(c, str)}
    kept = [d for d in diagnostics if d.is_error or d.code not in wanted]
    for i, code in enumerate(codes):
        if isinstance(code, str) and code not in checks.WARNING_CODES:
            hint = did_you_mean(code, checks.WARNING_CODES)
            message = f"suppress_warnings names '{code}', which is no warning code{hint}"
            line, col = marks.locate(("suppress_warnings", i))
            kept.append(
                Diagnostic(
                    filename,
                    line,
                    col,
                    message,
                    ("suppress_warnings", i),
                    "warning",
                    "unknown-warning",
                )
            )
    return kept


# ------------------------------------------------------------------------------ pipeline


def _read(path: str | FsPath, limits: Limits) -> LoadResult:
    filename = str(path)
    fs_path = FsPath(path)
    try:
        if fs_path.is_dir():
            raise IsADirectoryError(fs_path)
        size = fs_path.stat().st_size
        if size > limits.max_bytes:
            mb = 1024 * 1024
            message = (
                f"file too large: {size / mb:.1f} MB, over the {limits.max_bytes // mb} MB limit"
            )
            return LoadResult(
                None, Marks(), [_diag(filename, 0, 0, message, (), "too-large")], True
            )
        with fs_path.open("rb") as handle:
            data = handle.read(limits.max_bytes + 1)
    except IsADirectoryError:
        message = "is a directory, not a scenario file"
        return LoadResult(None, Marks(), [_diag(filename, 0, 0, message, (), "io")], True)
    except OSError as exc:
        message = f"cannot read the file: {exc.strerror or exc}"
        return LoadResult(None, Marks(), [_diag(filename, 0, 0, message, (), "io")], True)
    return load_bytes(data, filename, limits)


def _finish(result: LoadResult, filename: str) -> tuple[Scenario | None, list[Diagnostic]]:
    if result.fatal:
        return None, _sorted(result.diagnostics)
    scenario, diagnostics = validate_data(result.data, result.marks, filename)
    replaced = [d.path for d in result.diagnostics if d.code in REPLACED_CODES]
    diagnostics = [d for d in diagnostics if not any(_under(d.path, p) for p in replaced)]
    diagnostics = result.diagnostics + diagnostics
    if any(d.is_error for d in diagnostics):
        scenario = None
    return scenario, _sorted(diagnostics)


def _raise_on_errors(scenario: Scenario | None, diagnostics: list[Diagnostic]) -> Scenario:
    if scenario is None or any(d.is_error for d in diagnostics):
        raise ScenarioError(diagnostics)
    for d in diagnostics:
        log.warning("%s", d.format())
    return scenario


def _sorted(diagnostics: list[Diagnostic]) -> list[Diagnostic]:
    unique = {(d.line, d.col, d.message, d.path, d.severity): d for d in diagnostics}
    return sorted(unique.values(), key=Diagnostic.sort_key)


def _under(path: Path, prefix: Path) -> bool:
    return path[: len(prefix)] == prefix


def _diag(file: str, line: int, col: int, message: str, path: Path, code: str) -> Diagnostic:
    return Diagnostic(file, line, col, message, tuple(path), "error", code)


def _internal(filename: str, exc: Exception) -> Diagnostic:
    log.debug("internal error while loading %s", filename, exc_info=exc)  # for developers only
    message = f"internal error while loading ({type(exc).__name__}: {exc}); please report it"
    return _diag(filename, 0, 0, message, (), "internal")


def _empty_message() -> str:
    return f"the file is empty: expected a mapping with the sections {', '.join(SECTIONS)}"


# ------------------------------------------------------------------ pydantic → diagnostics


def _translate(
    exc: ValidationError, data: Any, marks: Marks, filename: str, root: Any = Scenario
) -> list[Diagnostic]:
    """One diagnostic per document location; union members failing at one spot are merged.

    `root` is the model of the whole document (a mod file's model for patches)."""
    merged: dict[tuple[Path, bool], dict] = {}
    for error in exc.errors(include_url=False):
        path, at_key = _document_path(error["loc"], data, error["type"])
        slot = merged.setdefault((path, at_key), {"errors": []})
        slot["errors"].append(error)
    diagnostics = []
    for (path, at_key), slot in merged.items():
        errors = slot["errors"]
        message = _message(errors, path, at_key, root)
        line, col = _position(errors[0]["type"], path, at_key, marks)
        diagnostics.append(_diag(filename, line, col, message, path, _code(errors[0]["type"])))
    # A misspelt required key is both unknown and missing; "did you mean" already says both.
    suggested = {
        (*d.path[:-1], m.group(1))
        for d in diagnostics
        if d.code == "unknown-key" and (m := re.search(r"did you mean '([^']*)'", d.message))
    }
    return [d for d in diagnostics if not (d.code == "missing-key" and d.path in suggested)]


def _document_path(loc: tuple, data: Any, kind: str) -> tuple[Path, bool]:
    """Pydantic's `loc` → the path of keys in the document, and whether the error is about a key.

    `loc` also holds names of union members and validators ('str-enum[Arm]', 'function-after[…]')
    and the marker '[key]' for dict keys; following the actual data tells them from real keys.
    """
    path: list[str | int] = []
    node = data
    for i, element in enumerate(loc):
        if element == "[key]":
            return tuple(path), True
        in_dict = isinstance(node, dict) and isinstance(element, str) and element in node
        in_list = isinstance(node, list) and isinstance(element, int) and 0 <= element < len(node)
        if in_dict or in_list:
            path.append(element)
            node = node[element]
        elif kind == "missing" and isinstance(node, dict) and i == len(loc) - 1:
            path.append(element)
    return tuple(path), False


def _position(kind: str, path: Path, at_key: bool, marks: Marks) -> tuple[int, int]:
    if kind == "missing":
        return marks.locate(path[:-1], key=True)
    return marks.locate(path, key=at_key or kind == "extra_forbidden")


def _code(kind: str) -> str:
    if kind == "missing":
        return "missing-key"
    if kind == "extra_forbidden":
        return "unknown-key"
    if kind in BOUNDS or kind.startswith("too_") or kind.endswith("_too_long"):
        return "range"
    return "schema"


def _message(errors: list[dict], path: Path, at_key: bool, root: Any = Scenario) -> str:
    error = errors[0]
    kind, ctx, value = error["type"], error.get("ctx") or {}, error.get("input")
    found = f", found {_describe(value)}"
    if kind == "missing":
        where = f" in {dotted(path[:-1])}" if len(path) > 1 else ""
        return f"missing required key '{path[-1]}'{where}"
    if kind == "extra_forbidden":
        key = path[-1] if path else value
        allowed = _allowed_keys(path[:-1], root)
        hint = did_you_mean(key, allowed)
        if not hint and allowed:
            hint = f" (allowed here: {', '.join(allowed)})"
        return f"unknown key '{key}'{hint}"
    options = [o for e in errors if e["type"] in ("enum", "literal_error") for o in _options(e)]
    if options:
        listed = ", ".join(f"'{o}'" for o in dict.fromkeys(options))
        hint = did_you_mean(value, options)
        prefix = f"invalid key '{value}': expected" if at_key else "expected"
        listed = f"one of {listed}" if len(set(options)) > 1 else listed
        return f"{prefix} {listed}{'' if at_key else found}{hint}"
    if kind in ("value_error", "assertion_error"):
        return re.sub(r"^(Value|Assertion) error, ", "", error["msg"])
    if kind == "string_pattern_mismatch":
        expected = PATTERN_NAMES.get(ctx.get("pattern", ""), f"text matching {ctx.get('pattern')}")
        if at_key:
            return f"invalid key '{value}': expected {expected}"
        return f"expected {expected}{found}"
    if kind in BOUNDS:
        name, words = BOUNDS[kind]
        return f"expected a number {words} {ctx.get(name)}{found}"
    if kind in ("too_short", "too_long"):
        n = ctx.get("min_length") if kind == "too_short" else ctx.get("max_length")
        bound = "at least" if kind == "too_short" else "at most"
        actual = ctx.get("actual_length")
        return f"expected {bound} {n} item{'s' if n != 1 else ''}, found {actual}"
    if kind == "string_too_short":
        return f"expected text of at least {ctx.get('min_length')} character(s){found}"
    if kind == "string_too_long":
        return f"expected text of at most {ctx.get('max_length')} characters{found}"
    if kind in EXPECTED and at_key:
        return f"invalid key '{value}': expected {EXPECTED[kind]}"
    if kind in EXPECTED:
        return f"expected {EXPECTED[kind]}{found}"
    return f"{error['msg']}{found}"


def _options(error: dict) -> list[str]:
    expected = str((error.get("ctx") or {}).get("expected", ""))
    return re.findall(r"'([^']*)'", expected) or [o for o in re.split(r", | or ", expected) if o]


def _describe(value: Any) -> str:
    """The offending input as the author wrote it, short enough for one line."""
    if isinstance(value, bool):
        text = "true" if value else "false"
    elif value is None:
        return "nothing (null)"
    elif isinstance(value, str):
        text = value if len(value) <= FOUND_WIDTH else value[: FOUND_WIDTH - 1] + "…"
        return f"'{text}'"
    elif isinstance(value, dict):
        return "a mapping"
    elif isinstance(value, list):
        return f"a list of {len(value)} item{'s' if len(value) != 1 else ''}"
    else:
        text = str(value)
    return text if len(text) <= FOUND_WIDTH else text[: FOUND_WIDTH - 1] + "…"


# ------------------------------------------------------------------------- model structure


def _candidates(tp: Any) -> list[Any]:
    """The concrete types a field annotation allows (Optional, unions and Annotated unwrapped)."""
    origin = typing.get_origin(tp)
    if origin is Annotated:
        return _candidates(typing.get_args(tp)[0])
    if origin in (typing.Union, types.UnionType):
        return [c for arg in typing.get_args(tp) for c in _candidates(arg)]
    return [tp]


def _model(tp: Any) -> type[BaseModel] | None:
    return next((c for c in _candidates(tp) if isclass(c) and issubclass(c, BaseModel)), None)


def _field(model: type[BaseModel], key: str) -> Any:
    for name, info in model.model_fields.items():
        if key in (info.alias, name):
            return info.annotation
    return None


def _type_at(path: Path, root: Any = Scenario) -> Any:
    """The annotation that describes the value at `path` in a scenario, or None if unknown."""
    tp: Any = root
    for element in path:
        step = None
        for candidate in _candidates(tp):
            origin, args = typing.get_origin(candidate), typing.get_args(candidate)
            if isclass(candidate) and issubclass(candidate, BaseModel) and isinstance(element, str):
                step = _field(candidate, element)
            elif origin is list and isinstance(element, int):
                step = args[0]
            elif origin is dict and isinstance(element, str):
                step = args[1]
            if step is not None:
                break
        if step is None:
            return None
        tp = step
    return tp


def _allowed_keys(path: Path, root: Any = Scenario) -> list[str]:
    model = _model(_type_at(path, root))
    if model is None:
        return []
    return [info.alias or name for name, info in model.model_fields.items()]


# --------------------------------------------------------------------- partial scenario

_SKIP = object()
_adapters: dict[int, tuple[Any, TypeAdapter]] = {}


def _adapter(tp: Any) -> TypeAdapter:
    cached = _adapters.get(id(tp))
    if cached is None or cached[0] is not tp:
        cached = _adapters[id(tp)] = (tp, TypeAdapter(tp))
    return cached[1]


def _try(tp: Any, value: Any) -> Any:
    try:
        return _adapter(tp).validate_python(value)
    except ValidationError:
        return _SKIP


def _salvage(model: type[BaseModel], raw: dict) -> BaseModel:
    """The valid parts of `raw` as an unvalidated `model`: invalid fields are left unset and
    invalid list entries become None, so cross-checks can still run on everything else."""
    values = {}
    for name, info in model.model_fields.items():
        key = info.alias or name
        if key not in raw:
            continue
        value = _try(info.annotation, raw[key])
        if value is _SKIP:
            value = _salvage_value(info.annotation, raw[key])
        if value is not _SKIP:
            values[name] = value
    return model.model_construct(**values)


def _salvage_value(tp: Any, raw: Any) -> Any:
    nested = _model(tp)
    if nested is not None and isinstance(raw, dict):
        return _salvage(nested, raw)
    for candidate in _candidates(tp):
        origin, args = typing.get_origin(candidate), typing.get_args(candidate)
        if origin is list and isinstance(raw, list) and _model(args[0]) is not None:
            return [None if (v := _try(args[0], item)) is _SKIP else v for item in raw]
        if origin is dict and isinstance(raw, dict) and _model(args[1]) is not None:
            return {
                k: None if (v := _try(args[1], item)) is _SKIP else v
                for k, item in raw.items()
                if _try(args[0], k) is not _SKIP
            }
    return _SKIP


__all__ = [
    "ScenarioError",
    "check_file",
    "check_text",
    "fingerprint",
    "load_scenario",
    "load_scenario_text",
    "parse",
    "suppress",
    "validate_data",
]
