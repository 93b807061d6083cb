"""The history section: validation, the timeline, battle predictions, the historical player and
the take-command start.

The broken-history corpus (`tests/data/broken/history_*.yaml`, located errors with line and column)
is checked with the rest of the corpus in test_loader.py; here are the warnings, the shipped
history and everything built on it.
"""

from __future__ import annotations

import datetime as dt
import json
import random
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest

from game.engine import movement
from game.engine.state import UnitStatus
from game.engine.world import build_world
from game.history import model
from game.history.battles import predict_battle, predict_battles
from game.history.calibration import calibrate, historical_level, history_summary
from game.history.compare import compare_with_history, ghosts
from game.history.controller import ReplayClock
from game.history.takecommand import historical_state, take_command
from game.history.timeline import Timeline, timeline_for
from game.paths import DEFAULT_SCENARIO, PROJECT_ROOT
from game.players import make_player
from game.scenario.loader import check_file, check_text, load_scenario
from game.scenario.mods import check_with_mods
from game.sim.campaign import play_campaign

DATA = Path(__file__).parent / "data"
MINIMAL_HISTORY = DATA / "minimal_history.yaml"
D = dt.date


@pytest.fixture(scope="module")
def world():
    return build_world(load_scenario(DEFAULT_SCENARIO))


@pytest.fixture(scope="module")
def timeline(world):
    return timeline_for(world)


def _hex(world, place):
    return int(world.place_hex[world.place_index[place]])


# ------------------------------------------------------------------------------ validation


def test_shipped_history_validates_without_warnings():
    scenario, diagnostics = check_file(DEFAULT_SCENARIO)
    assert scenario is not None and scenario.history is not None
    assert [d.format() for d in diagnostics] == []


def test_minimal_history_validates_and_the_broken_corpus_exists():
    scenario, diagnostics = check_file(MINIMAL_HISTORY)
    assert scenario is not None and diagnostics == []
    broken = sorted((DATA / "broken").glob("history_*.yaml"))
    assert len(broken) >= 7
    for path in broken:  # located errors are checked in test_loader; here only that they fail
        assert check_file(path)[0] is None, path.name


def test_every_unit_is_placed_for_the_whole_campaign(world, timeline):
    sc = world.scenario
    for day in range(timeline.days):
        pos = timeline.positions(float(day))
        date = sc.meta.start + dt.timedelta(days=day)
        for u, unit in enumerate(sc.units):
            arrived = unit.arrive is None or unit.arrive.date <= date
            if arrived:
                assert pos["status"][u] in (1, 2), (unit.id, date)
            else:
                assert pos["status"][u] == 0, (unit.id, date)


def test_every_entry_is_sourced_and_disputes_are_explained(world):
    h = world.scenario.history
    for entry in [*h.tracks, *h.battles, *h.events]:
        assert entry.source, entry.id
        assert entry.confidence in ("sure", "disputed", "inferred")
        if entry.confidence == "disputed":
            assert entry.note.strip(), entry.id
    for entry in [*h.battles, *h.events]:
        assert len(entry.caption) > 20, entry.id


def test_the_issue_events_are_in_the_history(world):
    """Troitskosavsk 6–13 June, the advance of 26–27 June, Urga on 6 July, 18–21 July, the raid
    from 24 July and the battle of 31 July, the retreat of 3 August, Rezukhin on 17–18 August,
    Ungern on 20–22 August, the remnants making for Manchuria."""
    h = world.scenario.history
    entries = {e.id: e for e in [*h.battles, *h.events]}
    want = {
        "b_troitskosavsk_assault": (D(1921, 6, 6), None),
        "b_troitskosavsk_defeat": (D(1921, 6, 11), D(1921, 6, 13)),
        "e_column_leaves": (D(1921, 6, 26), None),
        "e_urga_taken": (D(1921, 7, 6), None),
        "b_selenga_crossing": (D(1921, 7, 18), D(1921, 7, 21)),
        "e_raid_north": (D(1921, 7, 24), None),
        "b_gusinoozersk_datsan": (D(1921, 7, 31), None),
        "e_retreat": (D(1921, 8, 3), None),
        "e_rezukhin_killed": (D(1921, 8, 17), D(1921, 8, 18)),
        "e_ungern_seized": (D(1921, 8, 20), D(1921, 8, 22)),
        "e_remnants_east": (D(1921, 8, 25), D(1921, 8, 31)),
    }
    for eid, (date, end) in want.items():
        assert entries[eid].date == date and entries[eid].end == end, eid
    for eid in ("e_urga_taken", "e_rezukhin_killed", "e_ungern_seized", "e_column_leaves"):
        assert entries[eid].confidence == "disputed"  # the fact sheet's disagreements


def _with_history(text: str, old: str, new: str) -> str:
    assert text.count(old) == 1, old
    return text.replace(old, new)


def test_history_warnings_are_located():
    text = MINIMAL_HISTORY.read_text()
    text = _with_history(
        text,
        "      source: [book]\n  events:",
        "      source: [book]\n    - id: b_early\n      name: Early\n      date: 1921-05-25\n"
        "      place: kyakhta\n      attacker: {units: [white_cavalry]}\n"
        "      defender: {units: [red_cavalry]}\n      outcome: held\n"
        "      caption: An early skirmish at Kyakhta.\n      confidence: disputed\n"
        "      source: [book]\n  events:",
    )
    text = _with_history(
        text,
        "        - {date: 1921-06-30, at: urga}\n",
        "        - {date: 1921-06-01, at: urga}\n    - id: t_white_later\n      name: Later\n"
        "      units: [white_cavalry]\n      source: [book]\n      points:\n"
        "        - {date: 1921-06-24, at: urga}\n",
    )
    _, diagnostics = check_text(text, "h.yaml")
    found = {(d.code, d.severity) for d in diagnostics}
    assert ("history-order", "warning") in found
    assert ("history-disputed", "warning") in found
    assert ("history-gap", "warning") in found
    assert not [d for d in diagnostics if d.is_error]
    lines = text.splitlines()
    for d in diagnostics:
        assert d.line > 0 and d.col > 0
        if d.code == "history-gap":
            assert "1921-06-24" in lines[d.line - 1]


def test_history_is_optional():
    text = (DATA / "minimal.yaml").read_text()
    scenario, diagnostics = check_text(text)
    assert scenario is not None and scenario.history is None and diagnostics == []
    with pytest.raises(model.NoHistory):
        Timeline(build_world(scenario))


def test_mods_patch_history_entries_by_id(tmp_path: Path):
    mod = tmp_path / "m"
    mod.mkdir()
    (mod / "mod.yaml").write_text(
        "mod: {id: m, title: Another history}\n"
        'extends: "1921"\n'
        "history:\n"
        "  events:\n"
        "    update:\n"
        "      - {id: e_urga_taken, caption: Urga falls to the Reds on a summer morning.}\n"
        "    remove: [e_border_crossed]\n"
        "  battles:\n"
        "    update:\n"
        "      - {id: b_zheltura, outcome: defender_routed}\n"
        "  merge: {description: A patched history.}\n"
    )
    loaded = check_with_mods(None, [mod])
    assert loaded.errors == [], [d.format() for d in loaded.errors]
    h = loaded.scenario.history
    events = {e.id: e for e in h.events}
    assert events["e_urga_taken"].caption.startswith("Urga falls")
    assert "e_border_crossed" not in events
    assert next(b for b in h.battles if b.id == "b_zheltura").outcome == "defender_routed"
    assert h.description == "A patched history."
    head = 'mod: {id: m, title: Broken}\nextends: "1921"\nhistory:\n'
    (mod / "mod.yaml").write_text(
        head + "  tracks:\n    update:\n      - {id: t_no_such_track, label: X}\n"
    )
    got = [(Path(d.file).name, d.line, d.col, d.code) for d in check_with_mods(None, [mod]).errors]
    assert got == [("mod.yaml", 6, 14, "unknown-id")]  # located in the patch
    (mod / "mod.yaml").write_text(
        head + "  battles:\n"
        "    replace:\n"
        "      - {id: b_zheltura, name: Zheltura, date: 1921-06-01, place: zheltura,\n"
        "         attacker: {units: [w_2nd_regiment]}, defender: {units: [w_3rd_buryat_regiment]},\n"
        "         outcome: held, caption: A fight among friends., source: [s4_voronkova]}\n"
    )
    got = [(Path(d.file).name, d.line, d.code) for d in check_with_mods(None, [mod]).errors]
    assert got == [("mod.yaml", 7, "history-side")]  # found in the merged scenario, shown here


# ------------------------------------------------------------------------------ timeline


def test_positions_on_key_dates_match_the_entries(world, timeline):
    f = timeline.frame(D(1921, 7, 6))
    units = {u.unit: u for u in f.units}
    assert units["r_103rd_brigade"].hex == _hex(world, "urga")
    assert units["r_sukhbaatar_cavalry"].hex == _hex(world, "urga")
    assert f.control["urga"] == "red"
    assert timeline.frame(D(1921, 7, 5)).control["urga"] == "white"
    assert units["w_mongol_levies"].status == "present"  # on the day of its fate …
    gone = {u.unit: u for u in timeline.frame(D(1921, 7, 7)).units}["w_mongol_levies"]
    assert gone.status == "gone" and gone.fate == "dispersed"  # … and not after
    f = timeline.frame(D(1921, 7, 31))
    assert {u.unit: u for u in f.units}["w_2nd_regiment"].hex == _hex(world, "gusinoozersk_datsan")
    assert f.control["gusinoozersk_datsan"] == "white"
    assert [e.id for e in f.current][:1] == ["b_gusinoozersk_datsan"]
    assert timeline.frame(D(1921, 8, 4)).control["gusinoozersk_datsan"] == "red"
    before = {u.unit: u for u in timeline.frame(D(1921, 6, 6)).units}
    assert before["r_103rd_brigade"].status == "waiting"
    assert before["w_ungern_brigade"].status == "present"
    assert timeline.commanders_on(D(1921, 8, 17))["rezukhin"] == "active"
    assert timeline.commanders_on(D(1921, 8, 18))["rezukhin"] == "killed"
    assert timeline.commanders_on(D(1921, 8, 21))["ungern"] == "active"
    assert timeline.commanders_on(D(1921, 8, 22))["ungern"] == "captured"


def test_positions_between_waypoints_follow_the_route(world, timeline):
    """The Urga column goes down the Kyakhta road between 26 June and 6 July."""
    road = next(r for r in world.scenario.map.routes if r.id == "kyakhta_urga_road")
    pts = np.array([model.xy(world, lat, lon) for lat, lon in road.points])
    u = world.unit_index["r_103rd_brigade"]
    for day in (D(1921, 6, 28), D(1921, 7, 1), D(1921, 7, 4)):
        pos = timeline.positions(day)
        p = np.array([pos["x"][u], pos["y"][u]])
        a, b = pts[:-1], pts[1:]
        t = np.clip(((p - a) * (b - a)).sum(1) / ((b - a) ** 2).sum(1), 0, 1)
        gap = np.hypot(*(a + t[:, None] * (b - a) - p).T).min()
        assert gap < 0.5, (day, gap)
    start = timeline.positions(D(1921, 6, 26))
    end = timeline.positions(D(1921, 7, 6))
    mid = timeline.positions(D(1921, 7, 1))
    assert start["y"][u] < mid["y"][u] < end["y"][u]  # southward, steadily


def test_strength_follows_the_sources(world, timeline):
    s = timeline.strength(D(1921, 8, 31))
    group = [
        "w_rezukhin_brigade",
        "w_1st_tatar_regiment",
        "w_2nd_regiment",
        "w_3rd_buryat_regiment",
    ]
    assert sum(int(s[world.unit_index[u]]) for u in group) == 600
    assert int(s[world.unit_index["w_artillery"]]) == 1
    assert int(timeline.strength(D(1921, 6, 12))[world.unit_index["w_artillery"]]) == 8


def test_seeking_backwards_gives_the_same_picture_as_playing_forward(world):
    def picture(frame):
        return (
            frame.date,
            [u.to_json() for u in frame.units],
            dict(frame.control),
            dict(frame.commanders),
            [e.id for e in frame.events],
            [e.id for e in frame.current],
            frame.focus,
        )

    forward_tl = Timeline(world)
    forward = [picture(forward_tl.frame(t / 2)) for t in range(2 * forward_tl.days)]
    seeking = Timeline(world)
    order = list(range(2 * seeking.days))
    random.Random(4).shuffle(order)
    for t in order:
        assert picture(seeking.frame(t / 2)) == forward[t]


def test_seeking_is_fast(timeline):
    rng = random.Random(1)
    worst = 0.0
    for _ in range(60):
        started = time.perf_counter()
        timeline.frame(rng.uniform(0, timeline.days))
        worst = max(worst, time.perf_counter() - started)
    assert worst < 0.1


def test_controls_reach_the_right_date(timeline):
    clock = ReplayClock(timeline)
    assert clock.date == D(1921, 5, 1) and not clock.playing
    clock.handle("seek_date", "1921-07-06")
    assert clock.date == D(1921, 7, 6)
    clock.handle("event_forward")
    assert clock.date == D(1921, 7, 18)  # the fight at the Selenga crossing
    clock.handle("event_back")
    assert clock.date == D(1921, 7, 6)
    clock.handle("event_back")
    assert clock.date == D(1921, 6, 26)
    clock.handle("day_forward")
    clock.handle("day_forward")
    assert clock.date == D(1921, 6, 28)
    clock.handle("day_back")
    assert clock.date == D(1921, 6, 27)
    clock.handle("toggle")
    clock.update(3.0)  # three seconds at 1×
    assert clock.date == D(1921, 6, 30)
    for _ in range(10):
        clock.handle("faster")
    assert clock.speed == 16.0
    clock.update(2.0)  # 32 days at 16×
    assert clock.date == D(1921, 8, 1)
    clock.handle("slower")
    assert clock.speed == 8.0
    clock.user_panned()
    assert clock.camera_target() is None
    clock.handle("recenter")
    assert clock.camera_target() is not None
    clock.handle("seek_fraction", 1.0)
    clock.update(5.0)
    assert clock.date == D(1921, 8, 31) and not clock.playing
    clock.handle("seek_fraction", 0.0)
    assert clock.date == D(1921, 5, 1)
    with pytest.raises(ValueError):
        clock.handle("rewind")
    assert all(0 <= f <= 1 for f, _, _ in clock.marker_fractions())


# ------------------------------------------------------------------------------ battles


def test_battle_predictions(world):
    preds = predict_battles(world, samples=1000)
    assert [p.id for p in preds] == [b.id for b in world.scenario.history.battles]
    for p in preds:
        assert abs(sum(p.p_outcome.values()) - 1.0) < 1e-9
        assert 0 <= p.attacker_loss.p10 <= p.attacker_loss.p90
        json.dumps(p.to_json())
    datsan = predict_battle(world, "b_gusinoozersk_datsan", samples=1000)
    assert datsan.defender.men["bayonets"] == 700 and "bayonets" in datsan.defender.from_sources
    assert datsan.attacker.commander == "ungern"
    assert datsan.p_attacker_wins > 0.6 and datsan.called_right
    again = predict_battle(world, "b_gusinoozersk_datsan", samples=1000)
    assert again.p_outcome == datsan.p_outcome  # the prediction's dice are its own
    with pytest.raises(KeyError):
        predict_battle(world, "b_nowhere")


def test_calibration_counts(world):
    cal = calibrate(world, samples=500)
    assert cal.total == len(world.scenario.history.battles)
    assert cal.called_right == sum(p.called_right for p in cal.predictions)
    assert 0 <= cal.brier <= 1
    assert f"{cal.called_right} of {cal.total}" in cal.format_text()
    assert historical_level(world)[:2] == ("red", "historical")


# ------------------------------------------------------------------------------ historical player


def test_historical_players_play_the_campaign(world):
    a = play_campaign(world, 8, red="historical", white="historical")
    b = play_campaign(world, 8, red="historical", white="historical")
    assert a.turn_hashes == b.turn_hashes  # no dice of its own: same seed, same campaign
    assert a.outcome is not None and a.record["fights"]
    urga = a.record["captures"].get("urga", [])
    assert any(side == "red" for _, side in urga)
    assert a.refused == 0
    summary = history_summary(world, [a.to_json(), b.to_json()])
    assert summary["runs"] == 2 and len(summary["battles"]) == len(world.scenario.history.battles)
    assert 0.0 <= summary["p"] <= 1.0


def test_simulate_history_for_the_calibration_view(world):
    from game.history.calibration import simulate_history

    summary = simulate_history(world, str(DEFAULT_SCENARIO), runs=2, seed=5)
    assert summary["runs"] == 2 and summary["level"]["name"] == "Red victory"


def test_historical_player_heads_for_the_historical_position(world):
    game = take_command(world, D(1921, 6, 26), 3)
    player = make_player("historical", world, "red", 3)
    white = make_player("historical", world, "white", 3)
    while game.state.phase == world.side_index["white"]:
        game.submit(white.next_command(world, game.state))
    u = world.unit_index["r_103rd_brigade"]
    before = int(game.state.hex[u])
    while game.state.phase == world.side_index["red"] and not game.over:
        assert game.submit(player.next_command(world, game.state)).ok
    after = int(game.state.hex[u])
    urga = _hex(world, "urga")
    assert world.grid.distance(after, urga) < world.grid.distance(before, urga)


# ------------------------------------------------------------------------------ take command


@pytest.mark.parametrize("date", [D(1921, 5, 1), D(1921, 6, 6), D(1921, 7, 6), D(1921, 8, 20)])
def test_take_command_starts_from_the_historical_positions(world, timeline, date):
    state = historical_state(world, date, 5)
    assert state.turn == world.turn_of(date) and state.phase == 0
    act = np.flatnonzero(state.status == UnitStatus.ACTIVE)
    limit = world.scenario.rules.movement.stacking_limit
    for side in range(2):
        counts = movement.stack_count(world, state, side)
        assert counts.max() <= limit
    occupied = {}
    for u in act:
        occupied.setdefault(int(state.hex[u]), set()).add(int(world.unit_side[u]))
        assert not world.impassable[state.hex[u]]
    assert all(len(s) == 1 for s in occupied.values())  # never two sides in one hex
    pos = timeline.positions(date)
    for u in act:  # each unit at, or next to, where history has it
        assert pos["status"][u] == 1
        assert world.grid.distance(int(state.hex[u]), int(pos["hex"][u])) <= 2
    frame = timeline.frame(date)
    for place, side in frame.control.items():
        h = _hex(world, place)
        if side is not None and not (state.hex[act] == h).any():
            assert world.side_ids[state.control[h]] == side
    assert state.state_hash() == historical_state(world, date, 5).state_hash()


@pytest.mark.parametrize("side", ["red", "white"])
def test_take_command_plays_on_as_either_side(world, side):
    game = take_command(world, D(1921, 7, 6), 11)
    assert game.state.control[_hex(world, "urga")] == world.side_index["red"]
    assert game.state.vp.sum() > 0  # the turns before were scored
    players = {
        s: make_player("historical" if name == side else "random", world, name, 11)
        for s, name in enumerate(world.side_ids)
    }
    start = game.state.turn
    for _ in range(3000):
        if game.over or game.state.turn >= start + 3:
            break
        out = game.submit(players[game.state.phase].next_command(world, game.state))
        assert out.ok, out.reason
    assert game.state.turn >= start + 3 or game.over


def test_ghost_and_comparison_with_history(world):
    state = historical_state(world, D(1921, 7, 30), 2)  # the first day of turn 31
    table = compare_with_history(world, state)
    assert {p["place"] for p in table["places"]} >= {"urga", "troitskosavsk"}
    for row in table["places"]:
        assert row["game"] == row["history"] or row["history"] is None
    assert ghosts(world, state)


# ------------------------------------------------------------------------------ command line


def _cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "main.py", *args], cwd=PROJECT_ROOT, capture_output=True, text=True
    )


def test_headless_replay_prints_the_state_on_a_date():
    out = _cli("replay", "--headless", "--to", "1921-07-06", "--json")
    assert out.returncode == 0, out.stderr
    doc = json.loads(out.stdout)
    assert doc["date"] == "1921-07-06" and doc["control"]["urga"] == "red"
    unit = next(u for u in doc["units"] if u["unit"] == "r_103rd_brigade")
    assert unit["status"] == "present" and abs(unit["lat"] - 47.9167) < 0.01
    last = doc["events"][-1]
    assert last["id"] == "e_urga_taken" and last["kind"] == "capture"
    assert {"date", "kind", "place", "caption"} <= set(last)
    bad = _cli("replay", "--headless", "--to", "July")
    assert bad.returncode == 1 and "not a date" in bad.stderr and "Traceback" not in bad.stderr


def test_simulate_with_historical_players():
    out = _cli("simulate", "--red", "historical", "--white", "historical", "--runs", "2")
    assert out.returncode == 0, out.stderr
    assert "The historical result (Red victory) came out in" in out.stdout
    assert "Battles that swing it" in out.stdout
    bare = str(DATA / "minimal.yaml")  # a scenario with no history
    out = _cli("simulate", "--scenario", bare, "--red", "historical")
    assert out.returncode == 1 and "history section" in out.stderr and "Traceback" not in out.stderr
