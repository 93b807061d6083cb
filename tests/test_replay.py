"""Replays of played games (hash-checked, seekable, "continue from here"), scenario changes named
by file and key, damaged files, the GIF export and the `replay` command line."""

from __future__ import annotations

import datetime as dt
import json
import random
import subprocess
import sys

import pytest
from PIL import Image

from game import saves
from game.engine.world import build_world
from game.history.export import export_gif
from game.history.gamereplay import GameReplay, scenario_changes
from game.history.headless import game_json
from game.history.replayfile import key_digests, read_game_file, write_replay
from game.paths import DEFAULT_SCENARIO, PROJECT_ROOT
from game.scenario.loader import fingerprint, load_scenario
from game.sim.campaign import play_campaign

D = dt.date


@pytest.fixture(scope="module")
def world():
    return build_world(load_scenario(DEFAULT_SCENARIO))


@pytest.fixture(scope="module")
def played(world):
    return play_campaign(world, 21, red="random", white="random")


@pytest.fixture()
def replay_file(tmp_path, played):
    path = tmp_path / "game.replay.json"
    write_replay(path, played.game, fingerprint(DEFAULT_SCENARIO), DEFAULT_SCENARIO)
    return path


def _cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "main.py", *args], cwd=PROJECT_ROOT, capture_output=True, text=True
    )


def test_a_played_games_replay_reproduces_its_hashes(world, played, replay_file):
    file = read_game_file(replay_file)
    assert file.kind == "replay" and file.keys and file.files
    assert scenario_changes(world, file, DEFAULT_SCENARIO) is None
    replay = GameReplay(world, file.save)
    assert replay.verified and replay.length == len(played.game.log)
    assert replay.turn_hashes == played.turn_hashes
    assert replay.final_state.state_hash() == played.game.state.state_hash()


def test_plain_saves_replay_too(world, played, tmp_path):
    path = tmp_path / "slot.json"
    saves.save_game(path, played.game, fingerprint(DEFAULT_SCENARIO))
    file = read_game_file(path)
    assert file.kind == "save" and not file.keys
    assert GameReplay(world, file.save).verified


def test_seeking_any_way_gives_the_same_state(world, played, replay_file):
    replay = GameReplay(world, read_game_file(replay_file).save)
    forward = [replay.state_at(i).state_hash() for i in range(0, replay.length + 1, 7)]
    order = list(enumerate(range(0, replay.length + 1, 7)))
    random.Random(2).shuffle(order)
    for k, i in order:
        assert replay.state_at(i).state_hash() == forward[k]
    turn = 12
    assert replay.state_at(replay.turn_start(turn)).turn == turn
    assert replay.state_on(D(1921, 6, 6)).turn == world.turn_of(D(1921, 6, 6)) + 1


def test_continue_from_here(world, played, replay_file):
    replay = GameReplay(world, read_game_file(replay_file).save)
    index = replay.turn_start(15) + 3
    game = replay.game_at(index)
    assert len(game.log) == index and game.state.state_hash() == replay.state_at(index).state_hash()
    for step in replay.steps[index:]:
        assert game.submit(step.command).ok
    assert game.state.state_hash() == played.game.state.state_hash()
    assert game.turn_hashes == played.turn_hashes


def test_a_changed_scenario_is_reported_by_key(world, replay_file, tmp_path):
    text = DEFAULT_SCENARIO.read_text(encoding="utf-8")
    old = '  - id: r_103rd_brigade\n    name: "103rd Rifle Brigade"\n    faction: rsfsr_5th_army\n    type: infantry\n    strength: 1900\n'
    assert text.count(old) == 1
    changed = tmp_path / "1921.yaml"
    changed.write_text(text.replace(old, old.replace("1900", "2100")), encoding="utf-8")
    other = build_world(load_scenario(changed))
    file = read_game_file(replay_file)
    diff = scenario_changes(other, file, changed)
    assert diff is not None and diff.keys_known
    assert diff.changed == ["units.r_103rd_brigade.strength"]
    assert diff.files == [str(DEFAULT_SCENARIO), str(changed)] or diff.files
    assert "units.r_103rd_brigade.strength" in diff.describe()
    out = _cli(
        "replay", "--headless", "--json", "--game", str(replay_file), "--scenario", str(changed)
    )
    assert "units.r_103rd_brigade.strength" in out.stderr and "Traceback" not in out.stderr
    doc = json.loads(out.stdout)
    assert doc["scenario_changes"]["changed"] == ["units.r_103rd_brigade.strength"]
    if not doc["verified"]:  # the stronger brigade changed the game: say where
        assert out.returncode == 1 and f"turn {doc['divergence']['turn']}" in out.stderr


def test_the_diverging_turn_is_named(world, played, tmp_path):
    path = tmp_path / "slot.json"
    saves.save_game(path, played.game, fingerprint(DEFAULT_SCENARIO))
    data = json.loads(path.read_text())
    data["turn_hashes"][6] = "0" * 64  # the hash recorded after turn 7
    path.write_text(json.dumps(data))
    replay = GameReplay(world, read_game_file(path).save)
    assert not replay.verified and replay.divergence.turn == 7
    assert "turn 7" in replay.divergence.message
    out = _cli("replay", "--headless", "--game", str(path))
    assert out.returncode == 1 and "diverges from the recorded game on turn 7" in out.stderr


@pytest.mark.parametrize(
    "mangle, message",
    [
        (lambda t: t[: len(t) // 2], "damaged or truncated"),
        (lambda t: "\x00\xff" + t, "damaged"),
        (lambda t: json.dumps({"format": "mongolia1921-replay", "version": 99}), "not one this"),
        (lambda t: json.dumps({"format": "mongolia1921-replay", "version": 1}), "holds no save"),
        (lambda t: json.dumps([1, 2]), "not a Mongolia 1921 save"),
    ],
)
def test_damaged_files_give_a_clear_message(replay_file, tmp_path, mangle, message):
    bad = tmp_path / "bad.json"
    bad.write_text(mangle(replay_file.read_text()), encoding="utf-8")
    with pytest.raises(saves.SaveError, match=message):
        read_game_file(bad)
    out = _cli("replay", "--headless", "--game", str(bad))
    assert out.returncode == 1 and out.stdout == "" and "Traceback" not in out.stderr
    missing = _cli("replay", "--headless", "--game", str(tmp_path / "none.json"))
    assert missing.returncode == 1 and "cannot read" in missing.stderr


def test_headless_json_of_a_played_game(world, replay_file):
    replay = GameReplay(world, read_game_file(replay_file).save)
    doc = game_json(replay, D(1921, 6, 6))
    assert doc["verified"] and doc["date"] >= "1921-06-06" and doc["turn"] == 14
    assert len(doc["units"]) == len(world.unit_ids)
    assert set(doc["control"]) == set(world.place_ids)
    assert all({"date", "kind", "place", "caption"} <= set(e) for e in doc["events"])
    assert all(e["date"] <= doc["date"] for e in doc["events"])
    out = _cli("replay", "--headless", "--json", "--game", str(replay_file), "--to", "1921-06-06")
    assert out.returncode == 0, out.stderr
    assert json.loads(out.stdout)["turn"] == 14


def test_key_digests_name_entries_by_id(world):
    keys = key_digests(world.scenario)
    assert "units.r_103rd_brigade.strength" in keys
    assert "rules.combat.noise_sigma" in keys
    assert "history.events.e_urga_taken.caption" in keys


def test_gif_export(world, tmp_path, replay_file):
    done = export_gif(world, tmp_path / "h.gif", D(1921, 7, 1), D(1921, 7, 8))
    with Image.open(done.path) as img:
        assert img.format == "GIF" and img.n_frames == done.frames == 8
    replay = GameReplay(world, read_game_file(replay_file).save)
    done = export_gif(world, tmp_path / "g.gif", D(1921, 6, 1), D(1921, 6, 30), replay=replay)
    assert done.frames == 11  # turns 11 (31 May – 2 June) to 21 (30 June – 2 July)
    out = _cli("replay", "--export", str(tmp_path / "c.gif"), "--from", "1921-08-15")
    assert out.returncode == 0, out.stderr
    assert (tmp_path / "c.gif").stat().st_size > 0 and "17 frames" in out.stdout
    wrong = _cli("replay", "--export", str(tmp_path / "c.png"))
    assert wrong.returncode == 1 and ".gif" in wrong.stderr
    backwards = _cli(
        "replay", "--export", str(tmp_path / "d.gif"), "--from", "1921-08-15", "--to", "1921-08-01"
    )
    assert backwards.returncode == 1 and "before" in backwards.stderr


def test_the_replay_screen_hook(monkeypatch, capsys):
    """Without --headless or --export the command hands over to the UI's `run_replay`, or says
    the screen is missing (exit 2). Driven in-process with a stand-in: no window opens."""
    from game import cli
    from game.ui import app

    calls = []

    def fake(path, **kw):
        calls.append((path, kw))
        return 0

    monkeypatch.setattr(app, "run_replay", fake, raising=False)
    assert cli.main(["replay", "--date", "1921-07-06"]) == 0
    assert calls == [(str(DEFAULT_SCENARIO), {"mods": [], "date": "1921-07-06", "game": None})]
    monkeypatch.delattr(app, "run_replay")
    assert cli.main(["replay"]) == 2
    assert "not available yet" in capsys.readouterr().err
    calibration = _cli("replay", "--calibration", "--json")
    assert calibration.returncode == 0, calibration.stderr
    assert json.loads(calibration.stdout)["total"] >= 6


def test_a_game_begun_with_take_command_saves_and_replays(world, tmp_path):
    from game.history.takecommand import take_command
    from game.players import make_player

    game = take_command(world, D(1921, 7, 6), 5)
    assert game.start == {"kind": "history", "date": "1921-07-06"}
    players = [make_player("random", world, side, 5) for side in world.side_ids]
    for _ in range(300):  # a few turns from 6 July
        if game.over:
            break
        game.submit(players[game.state.phase].next_command(world, game.state))
    assert game.log and game.turn_hashes
    path = tmp_path / "from-july.json"
    saves.save_game(path, game, fingerprint(DEFAULT_SCENARIO), scenario_path=DEFAULT_SCENARIO)
    save = saves.read_save(path)
    assert save.start == game.start
    again = saves.replay(save, world)  # from the 6 July positions, every turn hash checked
    assert again.state.state_hash() == game.state.state_hash()
    replay = GameReplay(world, save)
    assert replay.verified and replay.game_at(3).start == game.start
    bad = save.model_copy(update={"start": {"kind": "prophecy"}})
    with pytest.raises(saves.SaveError, match="does not know"):
        saves.replay(bad, world)
