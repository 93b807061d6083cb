"""Mutations of scenario files for fuzzing the loader (tests and `bench/fuzz.py` share them).

Each mutation takes the text of a valid scenario and a NumPy generator and returns a damaged
text: a deleted key, a wrong type, an out-of-range, huge, NaN or infinite number, an unknown
reference, a duplicate id, broken indentation or quoting, random bytes, or truncation.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable

import numpy as np

Mutation = Callable[[str, np.random.Generator], str]

_NUMBER = re.compile(r"(?<=: )-?\d+(\.\d+)?(?=\s*(#.*)?$)", re.M)
_ID = re.compile(r"^(\s*-?\s*id: )(\w+)", re.M)
_REF = re.compile(r"^(\s*(faction|type|unit|place|terrain|side): )(\w+)", re.M)


def _lines(text: str) -> list[str]:
    return text.splitlines(keepends=True)


def _pick(rng: np.random.Generator, items):
    return items[int(rng.integers(len(items)))]


def delete_line(text, rng):
    lines = _lines(text)
    del lines[int(rng.integers(len(lines)))]
    return "".join(lines)


def swap_number(text, rng):
    matches = list(_NUMBER.finditer(text))
    if not matches:
        return text
    m = _pick(rng, matches)
    new = _pick(
        rng,
        [".nan", ".inf", "-.inf", "1e308", "-1", "999999999999", '"ten"', "[1, 2]", "null", "{}"],
    )
    return text[: m.start()] + new + text[m.end() :]


def break_reference(text, rng):
    matches = list(_REF.finditer(text))
    if not matches:
        return text
    m = _pick(rng, matches)
    value = m.group(3)
    new = value[:-1] + "x" if len(value) > 1 else "zz"
    return text[: m.start(3)] + new + text[m.end(3) :]


def duplicate_id(text, rng):
    ids = list(_ID.finditer(text))
    if len(ids) < 2:
        return text
    a, b = _pick(rng, ids), _pick(rng, ids)
    return text[: b.start(2)] + a.group(2) + text[b.end(2) :]


def break_indentation(text, rng):
    lines = _lines(text)
    i = int(rng.integers(len(lines)))
    lines[i] = " " * int(rng.integers(1, 5)) + lines[i] if rng.random() < 0.5 else lines[i].lstrip()
    return "".join(lines)


def break_quoting(text, rng):
    lines = _lines(text)
    i = int(rng.integers(len(lines)))
    j = int(rng.integers(len(lines[i]) + 1))
    lines[i] = (
        lines[i][:j]
        + _pick(rng, ['"', "'", "[", "{", ": ", "&a ", "*a ", "!!python/object "])
        + lines[i][j:]
    )
    return "".join(lines)


def random_bytes(text, rng):
    data = bytearray(text.encode("utf-8", errors="surrogateescape"))
    for _ in range(int(rng.integers(1, 20))):
        data[int(rng.integers(len(data)))] = int(rng.integers(256))
    return data.decode("utf-8", errors="surrogateescape")


def truncate(text, rng):
    return text[: int(rng.integers(len(text)))]


MUTATIONS: dict[str, Mutation] = {
    "delete_line": delete_line,
    "swap_number": swap_number,
    "break_reference": break_reference,
    "duplicate_id": duplicate_id,
    "break_indentation": break_indentation,
    "break_quoting": break_quoting,
    "random_bytes": random_bytes,
    "truncate": truncate,
}


def mutate(text: str, rng: np.random.Generator, rounds: int = 1) -> tuple[str, list[str]]:
    names = []
    for _ in range(rounds):
        if not text:
            break  # nothing left to damage: the empty file is a case of its own
        name = _pick(rng, list(MUTATIONS))
        names.append(name)
        text = MUTATIONS[name](text, rng)
    return text, names


# ------------------------------------------------------------------------- running a case

FILE_LEVEL = {"too-large", "empty", "encoding"}  # problems of the whole file, without a line


def targets() -> dict[str, tuple[str, str]]:
    """Every shipped scenario and mod as {name: (kind, text)}; kind is "scenario" or "mod"."""
    from game.paths import PROJECT_ROOT

    found = {}
    for path in sorted((PROJECT_ROOT / "scenarios").glob("*.yaml")):
        found[f"scenario {path.stem}"] = ("scenario", path.read_text(encoding="utf-8"))
    for path in sorted((PROJECT_ROOT / "mods").glob("*/mod.yaml")):
        found[f"mod {path.parent.name}"] = ("mod", path.read_text(encoding="utf-8"))
    for path in sorted((PROJECT_ROOT / "scenarios" / "translations").glob("1921.*.yaml")):
        found[f"translation {path.stem}"] = ("translation", path.read_text(encoding="utf-8"))
    found["scenario minimal"] = (
        "scenario",
        (PROJECT_ROOT / "tests/data/minimal.yaml").read_text(encoding="utf-8"),
    )
    return found


def run_case(kind: str, text: str, folder) -> str:
    """Load a damaged file as the game and as `validate` do; return how it ended.

    "loaded" (and then compiled and started) or "refused" (with located errors). Anything else —
    an exception, an internal-error diagnostic, an error without a line — raises AssertionError
    with the reason, which is what the fuzzers hunt.
    """
    import io
    from pathlib import Path

    from game.engine.flow import start_game
    from game.engine.world import build_world
    from game.scenario.loader import check_file
    from game.scenario.mods import check_with_mods
    from game.scenario.validate import validate_file

    folder = Path(folder)
    if kind == "translation":
        return _run_translation(text, folder)
    if kind == "mod":
        path = folder / "fuzzed_mod" / "mod.yaml"
        path.parent.mkdir(parents=True, exist_ok=True)
    else:
        path = folder / "fuzzed.yaml"
        folder.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text.encode("utf-8", "surrogateescape"))
    if kind == "mod":
        result = check_with_mods(None, [path.parent])
        scenario, diags = result.scenario, result.diagnostics
        if scenario is not None and result.errors:
            scenario = None
    else:
        scenario, diags = check_file(path)
    internal = [d.format() for d in diags if d.code == "internal"]
    assert not internal, f"internal error: {internal}"
    errors = [d for d in diags if d.is_error]
    if scenario is None:
        assert errors, "refused without a reason"
        unlocated = [
            d.format() for d in errors if d.line < 1 and d.code not in FILE_LEVEL and d.path != ()
        ]
        assert not unlocated, f"errors without a line: {unlocated}"
        outcome = "refused"
    else:
        start_game(build_world(scenario), 1)
        outcome = "loaded"
    out = io.StringIO()
    validate_file(str(path), out)
    assert "internal error" not in out.getvalue(), out.getvalue()
    return outcome


def _run_translation(text: str, folder) -> str:
    """A damaged translation of the 1921 scenario, read as the game reads it: "loaded" (used) or
    "refused" (located errors, the original texts kept); never an exception."""
    from game.paths import DEFAULT_SCENARIO
    from game.scenario import translation

    scenarios = folder / "scenarios"
    (scenarios / "translations").mkdir(parents=True, exist_ok=True)
    base = scenarios / DEFAULT_SCENARIO.name
    if not base.exists():
        base.write_bytes(DEFAULT_SCENARIO.read_bytes())
    path = translation.translation_file(base, "fr")
    path.write_bytes(text.encode("utf-8", "surrogateescape"))
    scenario = _base_scenario(DEFAULT_SCENARIO)
    read = translation.read(path, scenario, "fr")
    unlocated = [
        d.format() for d in read.diagnostics if d.line < 1 and d.code not in FILE_LEVEL and d.path
    ]
    assert not unlocated, f"errors without a line: {unlocated}"
    result, diags = translation.translate(scenario, [base], "fr")
    if read.ok:
        assert result is not scenario or not read.texts or diags, "a good translation not used"
        return "loaded"
    assert result is scenario, "a translation with errors was used"
    return "refused"


@functools.cache
def _base_scenario(path):
    """The 1921 scenario, loaded once per process (a translation case reads, never changes it)."""
    from game.scenario.loader import load_scenario

    return load_scenario(path)
