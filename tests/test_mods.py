"""Modding without code: patches, whole-scenario mods, teaching validation, schema and reference.

Each file in `tests/data/mods/broken/` is a patch over `tests/data/minimal.yaml` with one mistake;
its header lists the errors it must produce as `# expect: LINE:COL: message fragment`, all located
in the patch itself.
"""

from __future__ import annotations

import io
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from game.engine.commands import EndTurn
from game.engine.game import Game
from game.engine.world import build_world
from game.paths import PROJECT_ROOT, SCENARIOS_DIR
from game.players.random_player import RandomPlayer
from game.scenario import docs, mods
from game.scenario.checks import WARNING_CODES
from game.scenario.errors import ScenarioError
from game.scenario.loader import check_text, load_scenario
from game.scenario.mods import ModFile, check_with_mods, list_content, load_with_mods
from game.scenario.schema import Scenario
from game.scenario.validate import diagnose, validate_paths

DATA = Path(__file__).parent / "data"
MINIMAL = DATA / "minimal.yaml"
BROKEN = sorted((DATA / "mods" / "broken").glob("*.yaml"))
CONFLICT = DATA / "mods" / "conflict"
EXPECT = re.compile(r"^# expect: (\d+):(\d+): (.*)$", re.MULTILINE)
SHIPPED_SCENARIOS = sorted(SCENARIOS_DIR.glob("*.yaml"))
SHIPPED_MODS = sorted(p for p in (PROJECT_ROOT / "mods").iterdir() if p.is_dir())
MAX_COMMANDS = 200  # commands one side may give in a phase before the test ends it


def expectations(path: Path) -> list[tuple[int, int, str]]:
    return [(int(a), int(b), c) for a, b, c in EXPECT.findall(path.read_text())]


# ------------------------------------------------------------------------------ shipped content


@pytest.mark.parametrize("mod", SHIPPED_MODS, ids=lambda p: p.name)
def test_shipped_mods_validate_without_warnings(mod: Path):
    result = check_with_mods(None, [mod.name])
    assert result.scenario is not None, [d.format() for d in result.diagnostics]
    assert result.diagnostics == [], [d.format() for d in result.diagnostics]


def test_shipped_mods_apply_together_in_order():
    scenario = load_with_mods(None, ["kazagrandi", "early_offensive"])
    units = {u.id: u for u in scenario.units}
    assert "w_kazagrandi_brigade" in units
    assert str(units["r_105th_brigade"].arrive.date) == "1921-05-22"
    assert any(c.id == "kazagrandi" for c in scenario.commanders)
    assert scenario.rules.movement.stacking_limit == 4
    assert scenario.meta.expected_totals["white"].sabers == 5200
    assert scenario.meta.expected_totals["red"].bayonets == 7600  # merged, not replaced


def _play_turns(scenario: Scenario, turns: int, seed: int = 3) -> Game:
    world = build_world(scenario)
    game = Game(world, seed)
    players = {s: RandomPlayer(world, side, seed) for s, side in enumerate(world.side_ids)}
    while not game.over and game.state.turn <= turns:
        side = game.state.phase
        for _ in range(MAX_COMMANDS):
            command = players[side].next_command(world, game.state)
            out = game.submit(command)
            assert out.ok, out.reason
            if isinstance(command, EndTurn) or game.over:
                break
        else:
            assert game.submit(EndTurn()).ok
    return game


@pytest.mark.parametrize(
    "source",
    [*(("scenario", p) for p in SHIPPED_SCENARIOS), *(("mod", p) for p in SHIPPED_MODS)],
    ids=lambda s: s[1].name,
)
def test_shipped_content_plays_a_few_turns_headless(source):
    kind, path = source
    scenario = load_scenario(path) if kind == "scenario" else load_with_mods(None, [path])
    game = _play_turns(scenario, 3)
    assert game.state.turn >= 3 or game.over


def test_standalone_scenario_has_its_own_map_and_forces():
    kobdo = load_scenario(SCENARIOS_DIR / "kobdo_1921.yaml")
    assert kobdo.map.bounds.lon_max < 101.5  # west of the 1921 map
    assert {f.id for f in kobdo.factions}.isdisjoint({"rsfsr_5th_army", "asiatic_division"})
    out = _cli("simulate", "--scenario", "scenarios/kobdo_1921.yaml", "--runs", "2", "--json")
    assert out.returncode == 0, out.stderr
    assert len(json.loads(out.stdout)["runs"]) == 2


# ------------------------------------------------------------------------------ broken patches


def test_patch_corpus_is_complete():
    assert len(BROKEN) >= 8
    for path in BROKEN:
        assert expectations(path), f"{path.name} has no `# expect:` line"


@pytest.mark.parametrize("path", BROKEN, ids=lambda p: p.stem)
def test_broken_patch_reports_errors_in_the_patch(path: Path):
    result = check_with_mods(None, [path])
    assert result.scenario is None
    errors = result.errors
    got = [d.format() for d in errors]
    expected = expectations(path)
    for line, col, fragment in expected:
        hits = [d for d in errors if (d.line, d.col) == (line, col) and fragment in d.message]
        assert hits, f"expected {line}:{col}: {fragment!r}\n got: {got}"
        assert all(d.file == str(path) for d in hits)
    assert len(errors) == len(expected), f"unexpected extra errors: {got}"


def test_error_in_the_merged_result_points_to_the_base_file(tmp_path: Path):
    patch = tmp_path / "mod.yaml"
    patch.write_text(
        f"mod: {{id: t, title: T}}\nextends: {MINIMAL}\nfactions:\n  remove: [red_army]\n"
    )
    result = check_with_mods(None, [patch])
    assert result.scenario is None
    [error] = [d for d in result.errors if "unknown faction 'red_army'" in d.message]
    assert error.file == str(MINIMAL)
    assert MINIMAL.read_text().splitlines()[error.line - 1].strip() == "faction: red_army"


def test_update_error_points_to_the_changed_key(tmp_path: Path):
    patch = tmp_path / "mod.yaml"
    patch.write_text(
        f"mod: {{id: t, title: T}}\nextends: {MINIMAL}\n"
        "units:\n  update:\n    - id: red_cavalry\n      morale: 2\n"
    )
    result = check_with_mods(None, [patch])
    [error] = result.errors
    assert (error.file, error.line, error.col) == (str(patch), 6, 15)
    assert "at most 1" in error.message


def test_conflicting_mods_warn_with_both_locations():
    a, b = CONFLICT / "a.yaml", CONFLICT / "b.yaml"
    result = check_with_mods(None, [a, b])
    assert result.scenario is not None
    assert next(u for u in result.scenario.units if u.id == "white_cavalry").strength == 600
    assert result.scenario.rules.movement.stacking_limit == 5  # the later mod wins
    conflicts = [d for d in result.warnings if d.code == "mod-conflict"]
    assert len(conflicts) == 2
    assert all(d.file == str(b) for d in conflicts)
    assert f"{a}:6:11" in conflicts[0].message and "mod 'mod_a'" in conflicts[0].message
    assert f"{a}:10:32" in conflicts[1].message
    reverse = check_with_mods(None, [b, a])
    assert reverse.scenario.rules.movement.stacking_limit == 3


def test_patch_applied_to_another_scenario_is_refused(tmp_path: Path):
    patch = tmp_path / "mod.yaml"
    patch.write_text(f"mod: {{id: t, title: T}}\nextends: {MINIMAL}\n")
    result = check_with_mods(SCENARIOS_DIR / "kobdo_1921.yaml", [patch])
    [error] = result.errors
    assert error.code == "bad-extends" and error.file == str(patch) and error.line == 2


def test_unknown_mod_name_is_reported_with_a_suggestion():
    result = check_with_mods(None, ["kazagrandy"])
    [error] = result.errors
    assert "no mod 'kazagrandy'" in error.message and "did you mean 'kazagrandi'" in error.message
    with pytest.raises(ScenarioError):
        load_with_mods(None, ["kazagrandy"])


def test_whole_scenario_mod_and_user_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    user = tmp_path / "user_mods"
    (user / "tiny").mkdir(parents=True)
    (user / "tiny" / "scenario.yaml").write_text(MINIMAL.read_text())
    (user / "tiny_patch").mkdir()
    (user / "tiny_patch" / "mod.yaml").write_text(
        "mod: {id: tiny_patch, title: Tiny patch}\nextends: minimal\n"
        "units:\n  remove: [red_cavalry]\n"
    )
    monkeypatch.setattr(mods, "user_mods_dir", lambda: user)
    assert load_with_mods(None, ["tiny"]).meta.id == "minimal"
    patched = load_with_mods(None, ["tiny_patch"])  # extends the whole-scenario mod by id
    assert [u.id for u in patched.units] == ["white_cavalry"]
    entries = {e.id: e for e in list_content()}
    assert entries["minimal"].kind == "mod-scenario" and entries["minimal"].where == "user"
    assert entries["tiny_patch"].kind == "patch" and entries["tiny_patch"].extends == "minimal"
    for ident in ("1921", "kobdo_1921", "kazagrandi", "early_offensive"):
        assert entries[ident].ok and entries[ident].errors == 0, ident
    assert entries["tiny_patch"].ok


# ------------------------------------------------------------------------------ teaching


def _minimal(**replacements: str) -> str:
    text = MINIMAL.read_text()
    for old, new in replacements.items():
        assert old in text
        text = text.replace(old, new)
    return text


NEVER_SET = {"      after: 1921-06-01": "      flag: never_set"}


def test_suppress_warnings_hides_named_warnings_only():
    text = _minimal(**NEVER_SET)
    _, diagnostics = check_text(text, "w.yaml")
    assert [d.code for d in diagnostics] == ["unknown-flag"]
    scenario, diagnostics = check_text(text + "suppress_warnings: [unknown-flag]\n", "w.yaml")
    assert scenario is not None and diagnostics == []
    _, diagnostics = check_text(text + "suppress_warnings: [unknown-flags]\n", "w.yaml")
    codes = sorted(d.code for d in diagnostics)
    assert codes == ["unknown-flag", "unknown-warning"]
    hint = next(d for d in diagnostics if d.code == "unknown-warning")
    assert "did you mean 'unknown-flag'" in hint.message and hint.line == 171


def test_errors_cannot_be_suppressed():
    text = _minimal(**{"faction: red_army": "faction: red_amry"})
    scenario, diagnostics = check_text(text + "suppress_warnings: [unknown-ref]\n", "e.yaml")
    assert scenario is None and any(d.code == "unknown-ref" for d in diagnostics)


def test_event_that_can_never_fire():
    text = _minimal(**{"      after: 1921-06-01": "      after: 1921-07-15"})
    _, diagnostics = check_text(text, "n.yaml")
    never = [d for d in diagnostics if d.code == "never-fires"]
    assert len(never) == 1 and never[0].severity == "warning"
    assert "event 'urga_falls' can never fire" in never[0].message
    assert (never[0].line, never[0].col) == (145, 5)


def test_expected_totals_warn_with_the_source():
    meta = "  side_order: [red, white]\n"
    totals = (
        meta + "  expected_totals:\n    red: {sabers: 1500, machine_guns: 12, source: [book]}\n"
    )
    _, diagnostics = check_text(_minimal(**{meta: totals}), "t.yaml")
    [d] = diagnostics
    assert d.code == "expected-totals" and d.severity == "warning"
    assert "side 'red' fields 1,200 sabers" in d.message and "1,500 [book]" in d.message
    assert (d.line, d.col) == (12, 19)


def test_unreachable_objective():
    hills = "hills: {infantry: 2, cavalry: 2, artillery: null}"
    place = (
        "    - id: urga\n      name: Urga\n      kind: city\n      lat: 47.92\n      lon: 106.92\n"
    )
    in_hills = "    - id: pass\n      name: Pass\n      kind: landmark\n      lat: 48.4\n      lon: 105.1\n"
    text = _minimal(
        **{
            hills: "hills: {infantry: null, cavalry: null, artillery: null}",
            place: in_hills + place,
            "      place: urga\n      points_per_turn": "      place: pass\n      points_per_turn",
        }
    )
    scenario, diagnostics = check_text(text, "r.yaml")
    [d] = [d for d in diagnostics if d.code == "unreachable-objective"]
    assert scenario is not None and d.severity == "warning"
    assert "no unit type can enter its hex" in d.message


def test_validate_quotes_the_line_with_a_caret(tmp_path: Path):
    bad = tmp_path / "bad.yaml"
    bad.write_text(_minimal(**{"faction: red_army": "faction: red_amry"}))
    out = io.StringIO()
    assert validate_paths([str(bad)], out=out) == 1
    lines = out.getvalue().splitlines()
    i = next(i for i, line in enumerate(lines) if "unknown faction 'red_amry'" in line)
    assert lines[i + 1] == "    71 |     faction: red_amry"
    assert lines[i + 2] == "       |              ^"
    assert lines[i + 2].index("^") == lines[i + 1].index("red_amry")


def test_validate_names_warning_codes_and_sums_up(tmp_path: Path):
    path = tmp_path / "w.yaml"
    path.write_text(_minimal(**NEVER_SET))
    out = io.StringIO()
    assert validate_paths([str(path)], out=out) == 0
    text = out.getvalue()
    assert "[unknown-flag]" in text
    assert f"{path}: OK — 2 units, 1 commander" in text and "(1 warning)" in text


def test_validate_accepts_mod_folders_and_patches():
    out = io.StringIO()
    assert validate_paths([str(PROJECT_ROOT / "mods")], out=out) == 0, out.getvalue()
    assert out.getvalue().count(": OK") == len(SHIPPED_MODS)
    out = io.StringIO()
    assert validate_paths([str(BROKEN[0])], out=out) == 1
    assert "^" in out.getvalue()


def test_diagnose_returns_data_for_the_game():
    report = diagnose(None, [DATA / "mods" / "broken" / "unknown_remove.yaml"])
    assert not report.ok and report.errors == 1
    [d] = report.diagnostics
    assert d["line"] == 8 and d["col"] == 14 and d["severity"] == "error"
    assert d["source"] == "    remove: [urgaa]" and d["caret"] == " " * 13 + "^"
    good = diagnose(SCENARIOS_DIR / "1921.yaml")
    assert good.ok and good.diagnostics == [] and "29 units" in good.summary


def test_every_warning_code_is_documented():
    text = (PROJECT_ROOT / "docs" / "MODDING.md").read_text()
    for code in WARNING_CODES:
        assert f"`{code}`" in text, code


# ------------------------------------------------------------------------------ schema and docs


def test_generated_schema_and_reference_are_up_to_date():
    assert docs.stale() == [], "run: python -m game.scenario.docs"


def test_schema_agrees_with_the_models():
    scenario = docs.scenario_schema()
    keys = {info.alias or name for name, info in Scenario.model_fields.items()}
    assert set(scenario["properties"]) == keys
    assert set(docs.mod_schema()["properties"]) == set(ModFile.model_fields)
    unit = scenario["$defs"]["Unit"]["properties"]
    assert unit["strength"]["minimum"] == 0 and "x-unit" in unit["strength"]
    assert unit["morale"]["examples"] and "Unit:" in unit["morale"]["description"]
    reference = docs.reference_markdown()
    for name in Scenario.model_fields["units"].annotation.__args__[0].model_fields:
        assert f"| `{name}` |" in reference


def test_shipped_files_satisfy_the_json_schema():
    jsonschema = pytest.importorskip("jsonschema")
    from game.scenario.loader import parse

    scenario_schema = docs.scenario_schema()
    for path in SHIPPED_SCENARIOS:
        data, _ = parse(path)
        jsonschema.validate(json.loads(json.dumps(data, default=str)), scenario_schema)
        assert path.read_text().startswith("# yaml-language-server: $schema=")
    for folder in SHIPPED_MODS:
        data, _ = parse(folder / "mod.yaml")
        jsonschema.validate(json.loads(json.dumps(data, default=str)), docs.mod_schema())


# ------------------------------------------------------------------------------ command line


def _cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "main.py", *args], cwd=PROJECT_ROOT, capture_output=True, text=True
    )


def test_cli_schema_mods_and_mod_options(tmp_path: Path):
    out = _cli("schema", "--kind", "mod", "--out", str(tmp_path / "m.json"))
    assert out.returncode == 0, out.stderr
    assert json.loads((tmp_path / "m.json").read_text())["title"] == "Mongolia 1921 mod patch"
    listed = _cli("mods", "--json")
    assert listed.returncode == 0, listed.stderr
    assert {e["id"] for e in json.loads(listed.stdout)} >= {"1921", "kazagrandi", "kobdo_1921"}
    info = _cli("info", "--mod", "kazagrandi", "--json")
    assert info.returncode == 0, info.stderr
    assert json.loads(info.stdout)["totals"]["white"]["sabers"] == 5200
    bad = _cli("validate", "--mod", str(BROKEN[0]))
    assert bad.returncode == 1 and "Traceback" not in bad.stdout + bad.stderr
    sim = _cli("simulate", "--mod", "early_offensive", "--runs", "1", "--json")
    assert sim.returncode == 0, sim.stderr
    assert json.loads(sim.stdout)["runs"][0]["final_date"] <= "1921-08-31"
