"""The standalone example scenario (Kobdo, July 1921) plays, replays and simulates with no code.

Issue 5 asks the small scenario to exercise the whole format; these tests hold it to that: a
few turns through the command API, its `history` on the replay's timeline and headless, and
batches of campaigns from the command line, random and historical.
"""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys

import pytest

from game.engine.commands import EndTurn
from game.engine.game import Game
from game.engine.world import build_world
from game.history.timeline import timeline_for
from game.paths import PROJECT_ROOT, SCENARIOS_DIR
from game.players.random_player import RandomPlayer
from game.scenario.loader import check_file, load_scenario

KOBDO = SCENARIOS_DIR / "kobdo_1921.yaml"
MAX_COMMANDS = 200


@pytest.fixture(scope="module")
def world():
    return build_world(load_scenario(KOBDO))


def _cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "main.py", *args],
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_validates_without_warnings():
    scenario, diagnostics = check_file(KOBDO)
    assert scenario is not None and scenario.history is not None
    assert diagnostics == [], [d.format() for d in diagnostics]


def test_plays_a_few_turns(world):
    game = Game(world, 11)
    players = {s: RandomPlayer(world, side, 11) for s, side in enumerate(world.side_ids)}
    while not game.over and game.state.turn <= 4:
        side = game.state.phase
        for _ in range(MAX_COMMANDS):
            command = players[side].next_command(world, game.state)
            out = game.submit(command)
            assert out.ok, out.reason
            if isinstance(command, EndTurn) or game.over:
                break
        else:
            assert game.submit(EndTurn()).ok
    assert game.state.turn > 4 and len(game.turn_hashes) >= 4


def test_history_is_sourced_and_placed_every_day(world):
    history = world.scenario.history
    sources = {s.id for s in world.scenario.meta.sources}
    for entry in (*history.tracks, *history.events):
        assert entry.source and set(entry.source) <= sources, entry.id
        assert entry.confidence.value in ("sure", "disputed", "inferred")
        if entry.confidence.value != "sure":
            assert entry.note.strip(), f"{entry.id}: say why it is {entry.confidence.value}"
    tl = timeline_for(world)
    start, end = world.scenario.meta.start, world.scenario.meta.end
    for day in range((end - start).days + 1):
        frame = tl.frame(day)
        present = [p for p in frame.units if p.status == "present"]
        arrived = [
            u for u in world.scenario.units if u.arrive is None or u.arrive.date <= frame.date
        ]
        assert len(present) == len(arrived), frame.date
        assert frame.control["kobdo"] == "white", frame.date  # the town held all July


def test_relief_column_reaches_kobdo(world):
    tl = timeline_for(world)
    kobdo = world.place_index["kobdo"]
    hex_kobdo = int(world.place_hex[kobdo])
    before = {p.unit: p for p in tl.frame(dt.date(1921, 7, 10)).units}
    after = {p.unit: p for p in tl.frame(dt.date(1921, 7, 16)).units}
    assert before["w_relief_column"].status == "waiting"
    assert after["w_relief_column"].hex == hex_kobdo
    captions = [e.caption for e in tl.frame(dt.date(1921, 7, 30)).events]
    assert any("28 October" in c for c in captions)


def test_replays_headless():
    out = _cli("replay", "--scenario", str(KOBDO), "--headless", "--json", "--to", "1921-07-16")
    assert out.returncode == 0, out.stderr
    doc = json.loads(out.stdout)
    assert doc["scenario"] == "kobdo_1921" and doc["date"] == "1921-07-16"
    units = {u["unit"]: u for u in doc["units"]}
    assert units["w_relief_column"]["status"] == "present"
    assert len(doc["events"]) == 3


def test_simulates_from_the_command_line():
    out = _cli("simulate", "--scenario", str(KOBDO), "--runs", "3", "--json")
    assert out.returncode == 0, out.stderr
    runs = json.loads(out.stdout)["runs"]
    assert len(runs) == 3 and all(r["final_date"] == "1921-07-30" for r in runs)
    historical = _cli(
        "simulate", "--scenario", str(KOBDO), "--red", "historical", "--white", "historical"
    )
    assert historical.returncode == 0, historical.stderr
    assert "White victory" in historical.stdout  # the Whites kept Kobdo, as in July 1921
