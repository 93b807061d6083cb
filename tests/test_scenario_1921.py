"""The shipped scenarios: they validate, match the sources' totals, and play to the end."""

import json
import subprocess
import sys

import pytest

from game.engine.world import build_world
from game.paths import DEFAULT_SCENARIO, PROJECT_ROOT, SCENARIOS_DIR
from game.scenario.geography import map_checks
from game.scenario.loader import check_text, load_scenario
from game.sim.campaign import play_campaign
from tests.factory import scenario_data, small_scenario

SHIPPED = sorted(SCENARIOS_DIR.glob("*.yaml"))


@pytest.fixture(scope="module")
def world():
    return build_world(load_scenario(DEFAULT_SCENARIO))


def test_totals_match_the_seed_article(world):
    totals = world.totals()
    assert totals["red"]["bayonets"] == 7600
    assert totals["red"]["sabers"] == 2500
    assert totals["white"]["sabers"] == 4000
    assert totals["white"]["bayonets"] == 0
    assert totals["red"]["guns"] == 20  # Great Soviet Encyclopedia, via the fact sheet


def test_required_commanders_lead_units(world):
    names = {c.id for c in world.scenario.commanders}
    for needed in (
        "matiyasevich",
        "neumann",
        "smirnov",
        "sukhbaatar",
        "choibalsan",
        "ungern",
        "rezukhin",
    ):
        assert needed in names
    for c in world.scenario.commanders:
        assert c.unit in world.unit_index


def test_every_fact_has_a_source(world):
    sc = world.scenario
    known = {s.id for s in sc.meta.sources}
    for entry in [*sc.units, *sc.commanders, *sc.map.places, *sc.factions, *sc.events]:
        assert entry.source, f"{entry.id} has no source"
        assert set(entry.source) <= known
        if entry.confidence == "disputed":
            assert entry.note, f"{entry.id} is disputed but says nothing about it"


def test_places_sit_in_the_hex_of_their_coordinates(world):
    timeline = [
        "urga", "zun_modo", "troitskosavsk", "maimachen", "ust_kyakhta", "verkhneudinsk",
        "mysovsk", "selenginsk", "gusinoozersk_datsan", "zheltura", "khamney",
    ]  # fmt: skip
    for pid in timeline:
        assert pid in world.place_index, pid
    for p in world.scenario.map.places:
        h = world.place_hex[world.place_index[p.id]]
        assert h == world.grid.hex_at_latlon(p.lat, p.lon) and h >= 0
        assert not world.impassable[h]
    # spot-check a place against the fact sheet's coordinates: Urga 47°55′N 106°55′E
    urga = world.place_hex[world.place_index["urga"]]
    assert urga == world.grid.hex_at_latlon(47 + 55 / 60, 106 + 55 / 60)


def test_rivers_of_the_theatre_are_mapped(world):
    names = " ".join(r.name for r in world.scenario.map.rivers).lower()
    for river in ("selenga", "orkhon", "tuul", "iro", "dzhida", "chikoy", "egiin"):
        assert river in names
    assert world.rail.sum() > 20
    assert world.impassable.sum() > 50  # Baikal and Lake Gusinoye


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.name)
def test_shipped_scenario_plays_to_the_end(path):
    w = build_world(load_scenario(path))
    res = play_campaign(w, seed=5)
    assert res.outcome["winner"] in ("red", "white", "draw")
    assert len(res.turn_hashes) >= 1
    assert res.refused == 0


def test_geography_check_finds_a_place_in_a_lake():
    data = scenario_data()
    data["map"]["places"][0].update(lat=50.88, lon=107.3)  # in the pond
    problems = map_checks(small_scenario(data))
    assert any("impassable" in msg for _, msg in problems)
    scenario, diags = check_text(json.dumps(data), "pond.yaml")
    assert scenario is None
    assert any("impassable" in d.message and d.line > 0 for d in diags)


def _cli(*args):
    return subprocess.run(
        [sys.executable, "main.py", *args], cwd=PROJECT_ROOT, capture_output=True, text=True
    )


def test_info_json():
    out = _cli("info", "--json")
    assert out.returncode == 0, out.stderr
    info = json.loads(out.stdout)
    assert info["turns"] == 41 and info["hexes"] > 1000 and info["units"] >= 20
    assert "Roman von Ungern-Sternberg" in info["commanders"]
    for side in ("red", "white"):
        assert set(info["totals"][side]) >= {"bayonets", "sabers", "guns", "machine_guns"}


def test_validate_exit_codes(tmp_path):
    assert _cli("validate", str(DEFAULT_SCENARIO)).returncode == 0
    bad = tmp_path / "bad.yaml"
    bad.write_text(DEFAULT_SCENARIO.read_text().replace("days_per_turn:", "days_per_trun:", 1))
    out = _cli("validate", str(bad))
    assert out.returncode == 1
    assert "did you mean 'days_per_turn'" in out.stdout + out.stderr
    assert "Traceback" not in out.stdout + out.stderr
    missing = _cli("validate", str(tmp_path / "nope.yaml"))
    assert missing.returncode == 1 and "Traceback" not in missing.stdout + missing.stderr


def test_simulate_json_shape():
    out = _cli("simulate", "--seed", "3", "--runs", "2", "--json")
    assert out.returncode == 0, out.stderr
    runs = json.loads(out.stdout)["runs"]
    assert [r["seed"] for r in runs] == [3, 4]
    for r in runs:
        assert r["outcome"]["winner"] in ("red", "white", "draw") and r["outcome"]["level"]
        assert set(r["losses"]) == {"red", "white"}
        assert r["final_date"] <= "1921-08-31"
        assert all(isinstance(h, str) and len(h) == 64 for h in r["turn_hashes"])
