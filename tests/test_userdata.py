"""The player's folder: slots, autosave rotation, and listing that survives damaged files."""

from game import userdata
from game.engine.commands import EndTurn
from game.engine.game import Game
from tests.factory import small_world

WORLD = small_world()
FP = "a" * 64


def test_folder_follows_the_environment_override(tmp_path, monkeypatch):
    monkeypatch.setenv(userdata.ENV_VAR, str(tmp_path / "d"))
    assert userdata.data_dir() == tmp_path / "d"
    assert userdata.saves_dir() == tmp_path / "d" / "saves"
    assert userdata.autosave_dir().parent == userdata.saves_dir()


def test_slug_keeps_names_safe_as_file_names():
    assert userdata.slug("  Before the Orkhon / crossing!! ") == "before-the-orkhon-crossing"
    assert userdata.slug("../../etc/passwd") == "etc-passwd"
    assert userdata.slug("???") == "save"
    assert len(userdata.slug("x" * 500)) <= userdata.MAX_NAME


def test_slots_and_autosaves_are_listed_and_damage_is_reported(tmp_path, monkeypatch):
    monkeypatch.setenv(userdata.ENV_VAR, str(tmp_path))
    assert userdata.list_saves() == []  # no folder yet: an empty list, not an error
    game = Game(WORLD, 5)
    game.submit(EndTurn())
    game.submit(EndTurn())
    path = userdata.write_slot("My game", game, FP)
    assert path.name == "my-game.json"
    for _ in range(7):
        userdata.write_autosave(game, FP)
    (userdata.saves_dir() / "broken.json").write_text("{not json", encoding="utf-8")
    entries = userdata.list_saves(world=WORLD)
    named = [e for e in entries if not e.autosave]
    autos = [e for e in entries if e.autosave]
    assert {e.name for e in named} == {"My game", "broken"}
    good = next(e for e in named if e.name == "My game")
    assert good.ok and good.turn == 2 and good.date and "turn 2" in good.label()
    bad = next(e for e in named if e.name == "broken")
    assert not bad.ok and "damaged" in bad.error and "cannot be loaded" in bad.label()
    assert len(autos) == 5  # the rotation keeps the last five
    assert userdata.list_saves(False, WORLD) == [e for e in entries if not e.autosave]


def test_a_finished_game_is_kept_as_a_replay_that_verifies(tmp_path, monkeypatch):
    import json

    from game.cli import main
    from game.engine.world import build_world
    from game.paths import DEFAULT_SCENARIO
    from game.scenario.loader import load_scenario
    from game.ui.session import Session, Source

    monkeypatch.setenv(userdata.ENV_VAR, str(tmp_path))
    world = build_world(load_scenario(DEFAULT_SCENARIO))
    s = Session.new(world, 11, world.side_ids[0], "hot-seat", Source(str(DEFAULT_SCENARIO)))
    s.autosave = True
    for _ in range(2 * world.turns + 2):
        if s.game.over:
            break
        s.submit(EndTurn())
    assert s.game.over and s.replay_file is not None
    assert userdata.list_replays() == [s.replay_file]
    assert s.replay_file.parent == userdata.replays_dir()

    out = tmp_path / "out.json"
    with open(out, "w") as fh:
        monkeypatch.setattr("sys.stdout", fh)
        assert main(["replay", "--headless", "--game", str(s.replay_file), "--json"]) == 0
    doc = json.loads(out.read_text())
    assert doc["verified"] is True and doc["divergence"] is None  # every turn hash checked


def test_replays_are_listed_only_when_asked(tmp_path, monkeypatch):
    from game.history.replayfile import write_replay

    monkeypatch.setenv(userdata.ENV_VAR, str(tmp_path))
    game = Game(WORLD, 5)
    game.submit(EndTurn())
    userdata.write_slot("a slot", game, FP)
    path = userdata.replays_dir() / "finished.json"
    path.parent.mkdir(parents=True)
    write_replay(path, game, FP, "", name="a finished game")
    assert [e.name for e in userdata.list_saves(world=WORLD)] == ["a slot"]
    both = userdata.list_saves(world=WORLD, include_replays=True)
    assert [e.name for e in both] == ["a slot", "a finished game"] and all(e.ok for e in both)
