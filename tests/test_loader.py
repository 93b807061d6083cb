"""The scenario loader: safe YAML, located diagnostics, cross-checks and the `validate` command.

Each file in `tests/data/broken/` is `tests/data/minimal.yaml` with one kind of mistake (or a small
file whose shape is the mistake). Its header lists the diagnostics it must produce as
`# expect: LINE:COL: message fragment`; the test checks those and that no other error appears.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import time
from pathlib import Path

import pytest

from game.paths import DEFAULT_SCENARIO
from game.scenario import checks
from game.scenario.errors import Diagnostic, ScenarioError, did_you_mean
from game.scenario.loader import (
    check_file,
    check_text,
    fingerprint,
    load_scenario,
    load_scenario_text,
    parse,
)
from game.scenario.schema import Scenario
from game.scenario.validate import validate_paths
from game.scenario.yamlsafe import Limits, load_text, load_with_marks

DATA = Path(__file__).parent / "data"
MINIMAL = DATA / "minimal.yaml"
BROKEN = sorted((DATA / "broken").glob("*.yaml"))
EXPECT = re.compile(rb"^# expect: (\d+):(\d+): (.*)$", re.MULTILINE)


def expectations(path: Path) -> list[tuple[int, int, str]]:
    found = EXPECT.findall(path.read_bytes())
    return [(int(line), int(col), text.decode()) for line, col, text in found]


def test_minimal_scenario_is_valid_without_warnings():
    scenario, diagnostics = check_file(MINIMAL)
    assert diagnostics == []
    assert isinstance(scenario, Scenario)
    assert load_scenario(MINIMAL).meta.id == "minimal"


def test_corpus_is_complete():
    assert len(BROKEN) >= 18
    for path in BROKEN:
        assert expectations(path), f"{path.name} has no `# expect:` line"


@pytest.mark.parametrize("path", BROKEN, ids=lambda p: p.stem)
def test_broken_file_reports_located_diagnostics(path: Path):
    started = time.perf_counter()
    scenario, diagnostics = check_file(path)
    elapsed = time.perf_counter() - started
    assert scenario is None
    errors = [d for d in diagnostics if d.is_error]
    got = [d.format() for d in errors]
    expected = expectations(path)
    for line, col, fragment in expected:
        hits = [d for d in errors if (d.line, d.col) == (line, col) and fragment in d.message]
        assert hits, f"expected {line}:{col}: {fragment!r}\n got: {got}"
    assert len(errors) == len(expected), f"unexpected extra errors: {got}"
    for d in errors:
        assert d.file == str(path)
        assert d.format().startswith(f"{path}:{d.line}:{d.col}: ")
    assert elapsed < 1.0, f"{path.name} took {elapsed:.2f} s"


def test_load_scenario_raises_with_every_diagnostic():
    with pytest.raises(ScenarioError) as info:
        load_scenario(DATA / "broken" / "three_mistakes.yaml")
    assert len(info.value.errors) == 3
    text = str(info.value)
    assert text.startswith("3 errors in ")
    assert "did you mean 'title'?" in text
    assert "did you mean 'red_army'?" in text


def test_billion_laughs_is_refused_fast():
    started = time.perf_counter()
    scenario, diagnostics = check_file(DATA / "broken" / "billion_laughs.yaml")
    assert time.perf_counter() - started < 1.0
    assert scenario is None and "alias bomb" in diagnostics[0].message


def test_huge_file_is_refused_before_it_is_read(tmp_path: Path):
    path = tmp_path / "huge.yaml"
    path.write_bytes(b"# padding\n" * (520 * 1024 + 1))  # just over 5 MB
    started = time.perf_counter()
    scenario, diagnostics = check_file(path)
    assert time.perf_counter() - started < 1.0
    assert scenario is None
    assert [d.code for d in diagnostics] == ["too-large"]
    assert "file too large" in diagnostics[0].format()
    assert load_text("a: 1\n" * 100, "t", Limits(max_bytes=100)).fatal


def test_python_tags_are_never_executed(tmp_path: Path):
    marker = tmp_path / "pwned"
    text = f'a: !!python/object/apply:os.system ["touch {marker}"]\n'
    result = load_text(text, "t.yaml")
    assert result.data == {"a": None}
    assert "not allowed" in result.diagnostics[0].message
    assert not marker.exists()


def test_scalars_resolve_like_safe_loader():
    text = (
        "i: 3\nf: 1.5\nb: true\nn: null\nd: 1921-07-06\nt: 1921-07-06T10:00:00\ns: '12'\ne: 1e3\n"
    )
    data, _ = load_with_marks(text, "t.yaml")
    assert data["i"] == 3 and data["f"] == 1.5 and data["b"] is True and data["n"] is None
    assert data["d"] == dt.date(1921, 7, 6)
    assert data["t"] == dt.datetime(1921, 7, 6, 10, 0)
    assert data["s"] == "12" and data["e"] == "1e3"  # YAML 1.1: a float needs a dot


def test_marks_locate_keys_values_and_fall_back_to_parents():
    text = "meta:\n  title: X\nunits:\n  - id: a\n    start: urga\n"
    data, marks = load_with_marks(text, "t.yaml")
    assert marks.locate(("meta", "title")) == (2, 10)
    assert marks.locate(("meta", "title"), key=True) == (2, 3)
    assert marks.locate(("units", 0)) == (4, 5)
    assert marks.locate(("units", 0, "start")) == (5, 12)
    assert marks.locate(("units", 0, "arrive", "date")) == (4, 5)  # absent: nearest parent
    assert marks.locate(()) == (1, 1)


def test_merge_keys_and_aliases_are_expanded_with_marks():
    text = "base: &b {x: 1, y: 2}\nm:\n  <<: *b\n  y: 3\nc: *b\n"
    data, marks = load_with_marks(text, "t.yaml")
    assert data["m"] == {"x": 1, "y": 3} and data["c"] == {"x": 1, "y": 2}
    assert marks.locate(("m", "y")) == (4, 6)
    assert marks.locate(("c",)) == (5, 4)  # where the alias is written


@pytest.mark.parametrize(
    ("text", "limits", "fragment"),
    [
        ("a: &a [*a]\n", Limits(), "recursive alias"),
        ("a: &a 1\nb: [*a, *a, *a]\n", Limits(max_aliases=2), "too many aliases"),
        ("a: " + "[" * 5000 + "]" * 5000 + "\n", Limits(), "nesting too deep"),
        ("a: &a [[[[1]]]]\nb: [[[[*a]]]]\n", Limits(max_depth=8), "nesting too deep"),
        ("a: 1\n---\nb: 2\n", Limits(), "expected a single document"),
        ("a: 1\x07\n", Limits(), "character 0x7 is not allowed"),
    ],
)
def test_hostile_yaml_is_refused(text: str, limits: Limits, fragment: str):
    result = load_text(text, "t.yaml", limits)
    assert result.fatal
    assert fragment in result.diagnostics[0].message


def test_strict_helpers_raise_scenario_error(tmp_path: Path):
    with pytest.raises(ScenarioError):
        load_with_marks("a: 1\na: 2\n", "t.yaml")
    with pytest.raises(ScenarioError):
        load_scenario_text("- not a mapping\n")
    with pytest.raises(ScenarioError) as info:
        parse(tmp_path / "missing.yaml")
    assert "cannot read" in str(info.value)
    data, marks = parse(MINIMAL)
    assert data["meta"]["id"] == "minimal" and marks.locate(("meta", "id")) == (5, 7)


def test_fingerprint_is_sha256_of_the_bytes(tmp_path: Path):
    path = tmp_path / "s.yaml"
    path.write_bytes(b"abc")
    expected = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
    assert fingerprint(path) == expected


def test_warnings_do_not_block_loading():
    text = MINIMAL.read_text().replace("      after: 1921-06-01", "      flag: never_set")
    scenario, diagnostics = check_text(text, "w.yaml")
    assert scenario is not None
    assert [d.severity for d in diagnostics] == ["warning"]
    assert "w.yaml:146:13: warning: flag 'never_set' is never set" in diagnostics[0].format()
    assert load_scenario_text(text, "w.yaml").meta.id == "minimal"


def test_geography_hooks_are_called_and_located(monkeypatch: pytest.MonkeyPatch):
    def in_lake(scenario: Scenario):
        return [(("map", "places", 1, "lat"), "Urga is in a lake")]

    def broken(scenario: Scenario):
        raise RuntimeError("grid not ready")

    monkeypatch.setattr(checks, "geography_checks", [in_lake, broken])
    scenario, diagnostics = check_file(MINIMAL)
    assert scenario is None
    formatted = [d.format() for d in diagnostics]
    assert f"{MINIMAL}:43:12: Urga is in a lake (map.places.1.lat)" in formatted
    assert any("internal error in broken (RuntimeError: grid not ready)" in f for f in formatted)


def test_geography_hooks_skip_invalid_scenarios(monkeypatch: pytest.MonkeyPatch):
    called = []
    monkeypatch.setattr(checks, "geography_checks", [lambda s: called.append(s) or []])
    check_file(DATA / "broken" / "unknown_key.yaml")
    assert called == []


def test_did_you_mean():
    assert did_you_mean("urgaa", ["urga", "kyakhta"]) == " — did you mean 'urga'?"
    assert did_you_mean("Urga", ["urga"]) == " — did you mean 'urga'?"
    assert did_you_mean("zzz", ["urga"]) == ""
    assert did_you_mean(3, ["urga"]) == ""


def test_diagnostic_format():
    d = Diagnostic("s.yaml", 12, 5, "unknown key 'x'", ("units", 0, "x"))
    assert d.format() == "s.yaml:12:5: unknown key 'x' (units.0.x)"
    w = Diagnostic("s.yaml", 1, 1, "odd", (), "warning", "w")
    assert w.format() == "s.yaml:1:1: warning: odd"
    assert Diagnostic("s.yaml", 0, 0, "cannot read").format() == "s.yaml: cannot read"


def test_validate_paths_reports_and_returns_status(tmp_path: Path):
    out = io.StringIO()
    assert validate_paths([str(MINIMAL)], out=out) == 0
    assert out.getvalue() == (
        f"{MINIMAL}: OK — 2 units, 1 commander, 2 factions, 2 places, 1 event, 1 objective, "
        "1921-05-20 to 1921-06-30 in 21 turns\n"
    )

    out = io.StringIO()
    paths = [str(MINIMAL), str(tmp_path / "nope.yaml"), str(tmp_path), *map(str, BROKEN)]
    assert validate_paths(paths, out=out) == 1
    text = out.getvalue()
    assert "Traceback" not in text
    assert f"{tmp_path / 'nope.yaml'}: cannot read the file" in text
    assert f"{tmp_path}: is a directory" in text
    three = DATA / "broken" / "three_mistakes.yaml"
    assert f"{three}: 3 errors\n" in text
    assert text.index(f"{three}:8:3: unknown key 'titel'") < text.index(f"{three}: 3 errors")


def test_validate_paths_expands_directories(tmp_path: Path):
    (tmp_path / "a.yaml").write_text(MINIMAL.read_text())
    (tmp_path / "b.yml").write_bytes(b"\xff\xfe")
    out = io.StringIO()
    assert validate_paths([str(tmp_path)], out=out) == 1
    assert f"{tmp_path / 'a.yaml'}: OK" in out.getvalue()
    assert f"{tmp_path / 'b.yml'}:1:1: not UTF-8 text" in out.getvalue()


@pytest.mark.skipif(
    not (Path(__file__).parents[1] / "scenarios" / "1921.yaml").exists(),
    reason="the shipped scenario is not written yet",
)
def test_shipped_scenarios_validate():
    shipped = sorted((Path(__file__).parents[1] / "scenarios").glob("*.yaml"))
    out = io.StringIO()
    assert validate_paths([str(p) for p in shipped], out=out) == 0, out.getvalue()


def test_a_huge_map_is_refused_before_any_array_is_built():
    text = DEFAULT_SCENARIO.read_text(encoding="utf-8")
    text = re.sub(r"lat_min: [\d.]+", "lat_min: -80.0", text, count=1)
    text = re.sub(r"lon_min: [\d.]+", "lon_min: -170.0", text, count=1)
    t0 = time.perf_counter()
    scenario, diags = check_text(text, "huge.yaml")
    assert scenario is None and time.perf_counter() - t0 < 2.0
    [err] = [d for d in diags if "hexes" in d.message]
    assert err.line > 1 and "at most 200,000" in err.message
