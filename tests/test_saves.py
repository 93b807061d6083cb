"""Saves: round trips, atomic writes, and clear refusals of damaged or foreign files."""

import json
import os
import subprocess
import sys

import pytest

from game import saves
from game.engine.commands import EndTurn
from game.engine.game import Game
from game.paths import PROJECT_ROOT
from game.players import make_player
from tests.factory import small_world

WORLD = small_world()
FP = "f" * 64


def _played(seed=3, turns=3):
    game = Game(WORLD, seed)
    players = [make_player("random", WORLD, s, seed) for s in WORLD.side_ids]
    while game.state.turn <= turns and not game.over:
        game.submit(players[game.state.phase].next_command(WORLD, game.state))
    return game


def test_round_trip_from_snapshot_and_by_replay(tmp_path):
    game = _played()
    path = tmp_path / "slot.json"
    saves.save_game(path, game, FP, name="slot 1")
    save = saves.read_save(path)
    assert save.name == "slot 1" and save.seed == 3
    fast = saves.restore(save, WORLD, FP)
    slow = saves.restore(save, WORLD, FP, verify=True)
    assert fast.state.state_hash() == slow.state.state_hash() == game.state.state_hash()
    assert slow.turn_hashes == game.turn_hashes
    # the restored game plays on exactly like the original
    assert fast.submit(EndTurn()).ok and game.submit(EndTurn()).ok
    assert fast.state.state_hash() == game.state.state_hash()


def test_atomic_write_keeps_the_old_save_when_writing_fails(tmp_path, monkeypatch):
    path = tmp_path / "slot.json"
    saves.save_game(path, _played(turns=1), FP)
    before = path.read_bytes()

    def disk_full(*a, **k):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", disk_full)
    with pytest.raises(OSError):
        saves.save_game(path, _played(turns=2), FP)
    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["slot.json"]  # no temporary left behind


@pytest.mark.parametrize(
    "mangle, message",
    [
        (lambda t: t[: len(t) // 2], "damaged or truncated"),
        (lambda t: "\x00\xff garbage", "damaged"),
        (lambda t: t.replace('"version":1', '"version":99'), "newer version"),
        (
            lambda t: t.replace('"format":"mongolia1921-save"', '"format":"other"'),
            "not a Mongolia 1921 save",
        ),
        (lambda t: t.replace('"seed":3', '"seed":"three"'), "damaged or edited"),
        (lambda t: "[]", "not a Mongolia 1921 save"),
    ],
)
def test_damaged_saves_are_refused_clearly(tmp_path, mangle, message):
    path = tmp_path / "slot.json"
    saves.save_game(path, _played(turns=1), FP)
    path.write_text(mangle(path.read_text()), encoding="utf-8", errors="surrogateescape")
    with pytest.raises(saves.SaveError, match=message):
        saves.read_save(path)


def test_binary_and_missing_files(tmp_path):
    junk = tmp_path / "junk.json"
    junk.write_bytes(bytes(range(256)))
    with pytest.raises(saves.SaveError, match="not a save"):
        saves.read_save(junk)
    with pytest.raises(saves.SaveError, match="cannot read"):
        saves.read_save(tmp_path / "missing.json")


def test_edited_snapshot_or_log_is_detected(tmp_path):
    game = _played()
    path = tmp_path / "slot.json"
    saves.save_game(path, game, FP)
    data = json.loads(path.read_text())
    data["snapshot"]["vp"]["data"][0] += 100
    path.write_text(json.dumps(data))
    with pytest.raises(saves.SaveError, match="does not match"):
        saves.restore(saves.read_save(path), WORLD, FP)
    data = json.loads(path.read_text())
    data["seed"] = 4  # a different game: the replay diverges
    path.write_text(json.dumps(data))
    with pytest.raises(saves.SaveError, match="diverges|refused|different state"):
        saves.restore(saves.read_save(path), WORLD, FP, verify=True)


def test_changed_scenario_is_named(tmp_path):
    path = tmp_path / "slot.json"
    saves.save_game(path, _played(turns=1), FP)
    with pytest.raises(saves.SaveError, match="different version of scenario"):
        saves.restore(saves.read_save(path), WORLD, "0" * 64)


def test_autosaves_rotate(tmp_path):
    game = _played(turns=1)
    for _ in range(7):
        saves.autosave(tmp_path, game, FP, keep=3)
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "autosave-1.json",
        "autosave-2.json",
        "autosave-3.json",
    ]


def test_simulate_save_writes_a_loadable_game(tmp_path):
    path = tmp_path / "game.json"
    out = subprocess.run(
        [sys.executable, "main.py", "simulate", "--seed", "2", "--save", str(path)],
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
    )
    assert out.returncode == 0, out.stderr
    save = saves.read_save(path)
    assert save.seed == 2 and len(save.turn_hashes) >= 1 and save.commands
