"""The replay screen driven headless with synthetic mouse and keyboard events, as a player would:
open it from the menu, play and pause, change speed, step by day and by event, drag the
timeline bar, type a date, open the calibration view, take command on 6 July, watch a played
game (checked hash by hash) and continue it, and refuse damaged or foreign files with a message.
Pictures of the screens go to REPLAY_SHOTS when it is set.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import statistics
import time
from pathlib import Path

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")

import numpy as np  # noqa: E402
import pygame  # noqa: E402
import pytest  # noqa: E402

try:  # the replay needs the history package (and a scenario that records a history)
    import game.history.takecommand  # noqa: F401
except ImportError:
    pytest.skip("the history package is not in this build", allow_module_level=True)

from game import saves, userdata  # noqa: E402
from game.engine.world import build_world  # noqa: E402
from game.history.calibration import calibrate  # noqa: E402
from game.history.takecommand import historical_state  # noqa: E402
from game.history.timeline import timeline_for  # noqa: E402
from game.paths import DEFAULT_SCENARIO, PROJECT_ROOT  # noqa: E402
from game.scenario.loader import load_scenario  # noqa: E402
from game.sim.campaign import play_campaign  # noqa: E402
from game.ui import replay_keys, theme  # noqa: E402
from game.ui.app import App  # noqa: E402
from game.ui.map_scene import MapScene  # noqa: E402
from game.ui.menu import MenuScene  # noqa: E402
from game.ui.replay_model import GameReplay, HistoryReplay  # noqa: E402
from game.ui.replay_overlays import (  # noqa: E402
    CalibrationView,
    CommandDialog,
    NoCalibration,
    ReplayHelp,
    WatchDialog,
)
from game.ui.replay_playback import SPEEDS, parse_day  # noqa: E402
from game.ui.replay_scene import EmptyReplay, ReplayScene, run_replay  # noqa: E402
from game.ui.settings import Settings  # noqa: E402

SHOTS = os.environ.get("REPLAY_SHOTS")
JULY_6 = dt.date(1921, 7, 6)


@pytest.fixture(scope="module")
def world():
    return build_world(load_scenario(DEFAULT_SCENARIO))


@pytest.fixture
def home(tmp_path, monkeypatch):
    monkeypatch.setenv(userdata.ENV_VAR, str(tmp_path / "data"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    return tmp_path


@pytest.fixture
def app(world, home):
    a = App(world, seed=3, settings=Settings(path=home / "settings.json"))
    a.step(0.016, [])
    yield a
    theme.set_ui_scale(1.0)
    pygame.display.quit()


@pytest.fixture(scope="module")
def played(world):
    """A whole game between the AI and the random player, as the map screen would save it."""
    return play_campaign(world, 11, red="ai", white="random").game


# ---------------------------------------------------------------------------- input helpers
def ev(kind, **attrs):
    return pygame.event.Event(kind, attrs)


def click(app, pos, button=1):
    app.step(
        0.016,
        [
            ev(pygame.MOUSEMOTION, pos=pos, rel=(0, 0), buttons=(0, 0, 0)),
            ev(pygame.MOUSEBUTTONDOWN, pos=pos, button=button),
            ev(pygame.MOUSEBUTTONUP, pos=pos, button=button),
        ],
    )
    app.step(0.016, [])


def press(app, key, mod=0, unicode=""):
    app.step(
        0.016,
        [ev(pygame.KEYDOWN, key=key, mod=mod, unicode=unicode), ev(pygame.KEYUP, key=key, mod=mod)],
    )
    app.step(0.016, [])


def type_text(app, s):
    app.step(0.016, [ev(pygame.TEXTINPUT, text=c) for c in s])


def wait(app, seconds, dt=0.05):
    for _ in range(round(seconds / dt)):
        app.step(dt, [])


def shot(app, name):
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        pygame.image.save(app.screen, str(Path(SHOTS) / name))


def open_replay(app) -> ReplayScene:
    """From the menu, as a player: the "Historical replay" button."""
    menu = app.stack.top
    assert isinstance(menu, MenuScene)
    button = next(b for b in menu.buttons if b.text == "Historical replay")
    assert button.is_enabled
    click(app, button.rect.center)
    scene = app.stack.top
    assert isinstance(scene, ReplayScene)
    return scene


def day(scene) -> dt.date:
    return scene.replay.date_at(scene.playback.t)


def hexes_shown(scene) -> dict[int, int]:
    """unit → hex under its counter in the current picture."""
    layers = scene.layers
    return {p.unit: layers.hex_at(p.x + layers.ox, p.y + layers.oy) for p in scene.picture().pieces}


# ---------------------------------------------------------------------------- history
def test_opens_from_the_menu_on_the_first_day(app):
    scene = open_replay(app)
    assert isinstance(scene.replay, HistoryReplay)
    assert day(scene) == dt.date(1921, 5, 1)
    assert not scene.playback.playing
    app.step(0.016, [])
    shot(app, "replay_start.png")
    press(app, pygame.K_ESCAPE)
    assert isinstance(app.stack.top, MenuScene)


def test_play_pause_and_speed(app):
    scene = open_replay(app)
    press(app, pygame.K_SPACE)
    assert scene.playback.playing
    t0 = scene.playback.t
    wait(app, 1.0)
    moved = scene.playback.t - t0
    assert moved == pytest.approx(1.0 * scene.playback.speed, rel=0.1)
    click(app, scene.buttons["play_pause"].rect.center)  # the Pause button
    assert not scene.playback.playing
    t1 = scene.playback.t
    wait(app, 0.5)
    assert scene.playback.t == t1
    for _ in range(10):
        press(app, pygame.K_RIGHTBRACKET)
    assert scene.playback.speed == max(SPEEDS) == 16
    assert scene.speed_label.text == "16×"
    for _ in range(10):
        click(app, scene.buttons["slower"].rect.center)
    assert scene.playback.speed == min(SPEEDS) == 0.5
    press(app, pygame.K_k)  # the other play key
    wait(app, 1.0)
    assert scene.playback.t - t1 == pytest.approx(0.5, rel=0.1)
    press(app, pygame.K_SPACE)
    # at the end playing stops, and Play starts again from the beginning
    press(app, pygame.K_END)
    assert scene.playback.at_end
    press(app, pygame.K_SPACE)
    assert scene.playback.playing and scene.playback.t < 1


def test_steps_by_day_and_by_event(app):
    scene = open_replay(app)
    items = scene.replay.items
    press(app, pygame.K_RIGHT)
    press(app, pygame.K_RIGHT)
    assert day(scene) == dt.date(1921, 5, 3)
    click(app, scene.buttons["prev_day"].rect.center)
    assert day(scene) == dt.date(1921, 5, 2)
    press(app, pygame.K_LEFT)
    press(app, pygame.K_LEFT)  # no day before the first
    assert scene.playback.t == 0
    # events one by one, entries of the same day too, and the panel shows each
    seen = []
    for _ in range(len(items) + 2):
        press(app, pygame.K_PAGEDOWN)
        seen.append(scene.item())
        assert scene.playback.t == scene.item().t0
    assert seen[: len(items) - 1] == items[1:]
    same_day = [(a, b) for a, b in zip(items, items[1:], strict=False) if a.t0 == b.t0]
    assert same_day, "the history has days with two entries"
    press(app, pygame.K_LEFT, mod=pygame.KMOD_SHIFT)
    assert scene.item() is items[-2]
    click(app, scene.buttons["prev_event"].rect.center)
    assert scene.item() is items[-3]
    press(app, pygame.K_RIGHT, mod=pygame.KMOD_SHIFT)
    assert scene.item() is items[-2]
    press(app, pygame.K_HOME)
    assert scene.playback.t == 0


def test_timeline_bar_click_drag_and_markers(app):
    scene = open_replay(app)
    bar = scene.bar
    y = bar.track.centery
    start = (round(bar.x_of(10.5)), y)
    target = scene.replay.t_of(JULY_6) + 0.5
    end = (round(bar.x_of(target)), y)
    app.step(
        0.016,
        [
            ev(pygame.MOUSEMOTION, pos=start, rel=(0, 0), buttons=(0, 0, 0)),
            ev(pygame.MOUSEBUTTONDOWN, pos=start, button=1),
        ],
    )
    assert abs(scene.playback.t - 10.5) < 0.5
    mid = (round((start[0] + end[0]) / 2), y)
    app.step(0.016, [ev(pygame.MOUSEMOTION, pos=mid, rel=(1, 0), buttons=(1, 0, 0))])
    app.step(0.016, [ev(pygame.MOUSEMOTION, pos=end, rel=(1, 0), buttons=(1, 0, 0))])
    app.step(0.016, [ev(pygame.MOUSEBUTTONUP, pos=end, button=1)])
    assert day(scene) == JULY_6
    assert not bar.dragging
    # a marker goes to its entry
    battle = next(i for i in scene.replay.items if i.kind == "battle")
    slot = next(r for item, r in bar._slots if item is battle)
    click(app, slot.center)
    assert scene.item() is battle
    assert scene.playback.t == battle.t0


def test_jump_to_a_typed_date(app, world):
    scene = open_replay(app)
    press(app, pygame.K_j)
    assert scene.date_entry.is_focused
    type_text(app, "1921-07-06")
    press(app, pygame.K_RETURN)
    assert day(scene) == JULY_6
    # the counters stand where the history has the units on that day
    positions = timeline_for(world).positions(scene.playback.t)
    shown = hexes_shown(scene)
    present = np.flatnonzero(positions["status"] == 1)
    assert set(shown) == set(present.tolist())
    for u in present.tolist():
        assert shown[u] == positions["hex"][u]
    wait(app, 2.0)  # the camera has followed the action to Urga
    urga = world.place_hex[world.place_index["urga"]]
    assert pygame.Rect(scene.camera.view).collidepoint(scene.view.hex_screen(int(urga)))
    shot(app, "replay_july6.png")
    # bad dates leave the clock where it was and say why
    for typed, why in (("the sixth", "not a date"), ("1921-10-01", "outside the campaign")):
        press(app, pygame.K_j)
        type_text(app, typed)
        press(app, pygame.K_RETURN)
        assert day(scene) == JULY_6
        assert why in scene.message[0]
    press(app, pygame.K_j)
    type_text(app, "18 July")
    click(app, scene.buttons["go_date"].rect.center)
    assert day(scene) == dt.date(1921, 7, 18)


def test_parse_day_forms():
    first, last = dt.date(1921, 5, 1), dt.date(1921, 8, 31)
    for typed in ("1921-07-06", "07-06", "6 July", "July 6", "6 jul", "6/7", "6.7.1921"):
        assert parse_day(typed, 1921, first, last) == JULY_6
    for typed in ("", "yesterday", "31 June", "1922-07-06"):
        with pytest.raises(ValueError):
            parse_day(typed, 1921, first, last)


def test_seeking_backwards_gives_the_same_picture_quickly(app, world):
    """Playing forward to a moment and jumping back to it from the end show the same thing;
    any seek (with the frame drawn) takes well under 100 ms."""
    scene = open_replay(app)
    scene.playback.set_speed(16)
    press(app, pygame.K_SPACE)
    while day(scene) < dt.date(1921, 6, 12):
        app.step(0.05, [])
    press(app, pygame.K_SPACE)
    t = scene.playback.t
    forward = scene.picture()
    press(app, pygame.K_END)
    scene.seek(t)
    back = scene.picture()
    assert forward.pieces == back.pieces and forward.marks == back.marks
    assert forward.control == back.control
    rng = np.random.default_rng(1)
    times = []
    for target in rng.uniform(0, scene.replay.days, 60):
        t0 = time.perf_counter()
        scene.seek(float(target))
        app.step(0.0, [])
        times.append(time.perf_counter() - t0)
    assert statistics.median(times) < 0.1
    assert max(times) < 0.3  # loose: a busy test machine; bench/replay_seek.py measures it


def test_calibration_view(app, world):
    scene = open_replay(app)
    press(app, pygame.K_c)
    view = scene.overlays[-1]
    assert isinstance(view, CalibrationView)
    expected = calibrate(world)
    assert (view.cal.called_right, view.cal.total) == (expected.called_right, expected.total)
    app.step(0.016, [])
    shot(app, "replay_calibration.png")
    assert len(view.rows) == expected.total
    rect, battle_id = view.rows[-1]
    click(app, rect.center)  # goes to that battle
    assert not scene.overlays
    assert scene.item().key == battle_id
    press(app, pygame.K_c)
    press(app, pygame.K_ESCAPE)
    assert not scene.overlays and isinstance(app.stack.top, ReplayScene)


def test_help_lists_every_shortcut(app):
    scene = open_replay(app)
    press(app, pygame.K_F1)
    assert isinstance(scene.overlays[-1], ReplayHelp)
    app.step(0.016, [])
    shot(app, "replay_help.png")
    press(app, pygame.K_a)
    assert not scene.overlays
    listed = {keys for _, rows in replay_keys.help_rows() for keys, _ in rows}
    for s in replay_keys.SHORTCUTS:
        assert hasattr(scene, f"do_{s.action}"), s.action
        assert any(s.label() in keys for keys in listed)


def test_take_command_on_july_6(app, world):
    scene = open_replay(app)
    scene.jump_to("1921-07-06")
    press(app, pygame.K_t)
    dialog = scene.overlays[-1]
    assert isinstance(dialog, CommandDialog)
    app.step(0.016, [])
    shot(app, "replay_take_command.png")
    click(app, dialog.side_buttons["red"].rect.center)
    map_scene = app.stack.top
    assert isinstance(map_scene, MapScene)
    st = map_scene.session.state
    assert st.turn == world.turn_of(JULY_6)
    assert st.date(world) <= JULY_6
    assert map_scene.session.humans == frozenset([world.side_index["red"]])
    # the Whites move first and the AI may have begun: the Red units have not moved yet
    expected = historical_state(world, JULY_6, app.seed)
    red = world.unit_side == world.side_index["red"]
    assert np.array_equal(st.hex[red], expected.hex[red])
    assert np.array_equal(st.status[red], expected.status[red])
    # they stand where the replay showed them (a few may be nudged to a legal hex)
    shown = hexes_shown(scene)
    near = [world.grid.distance(h, int(st.hex[u])) <= 2 for u, h in shown.items() if red[u]]
    assert near and sum(near) >= 0.9 * len(near)
    app.step(0.016, [])
    shot(app, "replay_took_command.png")


# ---------------------------------------------------------------------------- played games
def _write(world, game, path: Path, fingerprint: str, **changes) -> Path:
    doc = saves.to_save(
        game, fingerprint, name="AI against random", scenario_path=str(DEFAULT_SCENARIO)
    )
    doc.update(changes)
    path.write_text(json.dumps(doc))
    return path


def test_replay_of_a_played_game_and_continue(app, world, played):
    userdata.write_slot(
        "AI against random", played, app.fingerprint, scenario_path=str(DEFAULT_SCENARIO)
    )
    scene = open_replay(app)
    press(app, pygame.K_o)
    dialog = scene.overlays[-1]
    assert isinstance(dialog, WatchDialog)
    press(app, pygame.K_RETURN)
    replay = scene.replay
    assert isinstance(replay, GameReplay)
    assert replay.verified and replay.turn_hashes == played.turn_hashes
    assert "matches the save" in scene.message[0]
    # the same controls: events, days, the bar
    press(app, pygame.K_PAGEDOWN)
    battle = next(i for i in replay.items if i.is_battle)
    while scene.item() is not battle:
        press(app, pygame.K_PAGEDOWN)
    assert scene.item().forecast() is not None
    app.step(0.016, [])
    shot(app, "replay_game_battle.png")
    press(app, pygame.K_RIGHT)
    k = replay.step_index(scene.playback.t)
    state = replay.state(k)
    shown = hexes_shown(scene)
    still = {p.unit for p in scene.picture().pieces if not p.moving}
    assert still
    for u in np.flatnonzero(state.status == 1).tolist():
        assert u not in still or shown[u] == state.hex[u]
    # Continue from here: a live game whose log is the save's up to this point
    press(app, pygame.K_t)
    dialog = scene.overlays[-1]
    assert isinstance(dialog, CommandDialog)
    dialog.set_opponent("hot-seat")
    click(app, dialog.side_buttons["white"].rect.center)
    map_scene = app.stack.top
    assert isinstance(map_scene, MapScene)
    game = map_scene.session.game
    assert game.state.state_hash() == state.state_hash()
    assert game.log == played.log[:k]
    assert map_scene.session.hotseat


def test_diverging_save_names_the_turn(app, world, played, tmp_path):
    hashes = list(played.turn_hashes)
    hashes[4] = "0" * 64
    path = _write(world, played, tmp_path / "edited.json", app.fingerprint, turn_hashes=hashes)
    scene = open_replay(app)
    assert scene.open_game(path) == ""
    app.step(0.016, [])
    replay = scene.replay
    assert isinstance(replay, GameReplay) and not replay.verified
    assert replay.diverged == 5
    assert "turn 5" in replay.problem and "turn 5" in scene.message[0]
    app.step(0.016, [])
    shot(app, "replay_game_diverged.png")


def test_damaged_or_foreign_files_are_refused_with_a_message(app, world, played, tmp_path):
    scene = open_replay(app)
    before = scene.replay
    damaged = tmp_path / "damaged.json"
    damaged.write_text('{"format": "mongolia1921-save", "version": 1, "seed": ')
    why = scene.open_game(damaged)
    assert "damaged or truncated" in why
    other = tmp_path / "other.json"
    doc = saves.to_save(
        played, app.fingerprint, name="elsewhere", scenario_path="nowhere/kobdo.yaml"
    )
    doc["scenario"]["id"] = "kobdo"
    other.write_text(json.dumps(doc))
    why = scene.open_game(other)
    assert "kobdo" in why and "cannot be found" in why
    not_a_save = tmp_path / "notes.json"
    not_a_save.write_text('{"hello": 1}')
    assert "not a Mongolia 1921 save" in scene.open_game(not_a_save)
    app.step(0.016, [])
    assert scene.replay is before and not app.crashes
    # the same from the command line: a message and status 1, no window left open
    assert run_replay(str(DEFAULT_SCENARIO), game_file=str(damaged)) == 1


def test_a_scenario_without_history(home):
    minimal = build_world(load_scenario(PROJECT_ROOT / "tests" / "data" / "minimal.yaml"))
    app = App(minimal, seed=1, settings=Settings(path=home / "settings.json"))
    try:
        app.step(0.016, [])
        scene = open_replay(app)
        assert isinstance(scene.replay, EmptyReplay)
        assert "no history" in scene.replay.problem
        press(app, pygame.K_c)
        assert isinstance(scene.overlays[-1], NoCalibration)
        press(app, pygame.K_ESCAPE)
        press(app, pygame.K_t)
        assert not scene.overlays and "no history" in scene.message[0]
        press(app, pygame.K_SPACE)
        wait(app, 0.5)
        assert not app.crashes
    finally:
        pygame.display.quit()


@pytest.mark.parametrize("size", [(1280, 800), (960, 600), (1920, 1080)])
def test_resizes_and_draws_at_any_size(app, size):
    scene = open_replay(app)
    scene.jump_to("1921-06-06")
    app.step(0.016, [ev(pygame.VIDEORESIZE, size=size, w=size[0], h=size[1])])
    wait(app, 1.0)
    w, h = app.screen.get_size()
    assert scene.bar.rect.width == w
    assert scene.controls_rect.bottom <= h
    for b in scene.buttons.values():  # every button fits in the window
        assert b.rect.right <= w and b.rect.bottom <= h
    assert not app.crashes
    shot(app, f"replay_{w}x{h}.png")
