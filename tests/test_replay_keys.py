"""The replay screen's keys rebound on the Controls page, driven with synthetic events as a player
would: the replay tab of the page, a rebound key obeyed by the replay (and the old one not), shown
in its help and its buttons' tooltips, a held pan key, Shift-variants, clashes refused within the
replay but not across screens, the keys kept in the settings file under `replay.` and loaded by
a new window, damaged entries ignored with the defaults kept, resets, and the page in the
pseudo-language (every text through gettext) and in French (pictures to REPLAY_KEYS_SHOTS when
it is set, e.g. /tmp/fr_controls).
"""

from __future__ import annotations

import copy
import json
import os
from pathlib import Path

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")

import pygame  # noqa: E402
import pytest  # noqa: E402

try:  # the replay needs the history package
    import game.history.timeline  # noqa: F401
except ImportError:
    pytest.skip("the history package is not in this build", allow_module_level=True)

from game import i18n, userdata  # noqa: E402
from game.cli import localize  # noqa: E402
from game.engine.world import build_world  # noqa: E402
from game.paths import DEFAULT_SCENARIO  # noqa: E402
from game.scenario.loader import load_scenario  # noqa: E402
from game.ui import keymap, replay_keys, theme  # noqa: E402
from game.ui.app import App  # noqa: E402
from game.ui.controls_screen import ControlsScene  # noqa: E402
from game.ui.menu import MenuScene  # noqa: E402
from game.ui.replay_overlays import ReplayHelp  # noqa: E402
from game.ui.replay_scene import ReplayScene  # noqa: E402
from game.ui.settings import Settings  # noqa: E402
from game.ui.settings_screen import SettingsScene  # noqa: E402
from tests.i18n_probe import probing  # noqa: E402

SHIFT = pygame.KMOD_SHIFT
SHOTS = os.environ.get("REPLAY_KEYS_SHOTS")


@pytest.fixture(scope="module")
def world():
    return build_world(load_scenario(DEFAULT_SCENARIO))


@pytest.fixture(scope="module", autouse=True)
def _quiet_afterwards():
    yield
    pygame.mixer.quit()
    pygame.quit()


@pytest.fixture
def home(tmp_path, monkeypatch):
    monkeypatch.setenv(userdata.ENV_VAR, str(tmp_path / "data"))
    return tmp_path


@pytest.fixture
def make_app(world, home):
    """A window whose settings live in the temporary folder (so they persist between apps)."""

    def make() -> App:
        here = copy.copy(world)  # with the scenario's texts in the language in use
        localize(here, [str(DEFAULT_SCENARIO)])
        app = App(here, seed=3, settings=Settings.load(home / "settings.json"))
        app.autosave = False
        app.step(0.016, [])
        return app

    yield make
    i18n.set_language(i18n.DEFAULT)
    keymap.use({})
    theme.set_ui_scale(1.0)
    pygame.display.quit()


# ---------------------------------------------------------------------------- input
def ev(kind, **attrs):
    return pygame.event.Event(kind, attrs)


def press(app, key, mod=0):
    app.step(0.016, [ev(pygame.KEYDOWN, key=key, mod=mod), ev(pygame.KEYUP, key=key, mod=mod)])


def open_controls(app, tab: str = "replay") -> ControlsScene:
    """The menu's Settings (S), its Controls page (K), then → to the replay's tab."""
    press(app, pygame.K_s)
    assert isinstance(app.stack.top, SettingsScene)
    press(app, pygame.K_k)
    scene = app.stack.top
    assert isinstance(scene, ControlsScene)
    assert scene.keys.table.name == "map"  # the map's keys come first
    if tab == "replay":
        press(app, pygame.K_RIGHT)
        assert scene.keys.table.name == "replay"
    return scene


def choose(app, scene: ControlsScene, action: str) -> None:
    target = [a.name for a in scene.keys.actions].index(action)
    while scene.chosen != target:
        press(app, pygame.K_DOWN if scene.chosen < target else pygame.K_UP)


def rebind(app, action: str, key: int, mod: int = 0) -> ControlsScene:
    scene = app.stack.top
    choose(app, scene, action)
    press(app, pygame.K_RETURN)
    assert scene.capturing
    press(app, key, mod)
    assert not scene.capturing
    return scene


def back_to_menu(app) -> None:
    for _ in range(5):
        if isinstance(app.stack.top, MenuScene):
            return
        press(app, pygame.K_ESCAPE)
    assert isinstance(app.stack.top, MenuScene)


def open_replay(app) -> ReplayScene:
    """The menu's "Historical replay" button (in any language: the one that opens it)."""
    menu = app.stack.top
    button = next(b for b in menu.buttons if b.text == i18n._("Historical replay"))
    app.step(
        0.016,
        [
            ev(pygame.MOUSEBUTTONDOWN, pos=button.rect.center, button=1),
            ev(pygame.MOUSEBUTTONUP, pos=button.rect.center, button=1),
        ],
    )
    app.step(0.016, [])
    scene = app.stack.top
    assert isinstance(scene, ReplayScene)
    return scene


def look(app, name: str) -> None:
    assert not app.crashes, app.crashes
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        pygame.image.save(app.screen, str(Path(SHOTS) / f"{name}.png"))


# ------------------------------------------------------------------------------ tests
def test_a_rebound_replay_key_is_obeyed_shown_and_kept(make_app, home):
    app = make_app()
    scene = open_controls(app)
    rebind(app, "play_pause", pygame.K_p)
    assert not scene.message_bad and scene.message.endswith(": P")
    assert replay_keys.current.label("play_pause") == "P"
    assert keymap.current.overrides() == {}  # the map's keys are untouched
    assert app.settings.keys == {"replay.play_pause": ["K_p"]}
    on_disk = json.loads((home / "settings.json").read_text())["keys"]
    assert on_disk == {"replay.play_pause": ["K_p"]}
    back_to_menu(app)

    replay = open_replay(app)
    press(app, pygame.K_SPACE)  # the old keys do nothing now
    press(app, pygame.K_k)
    assert not replay.playback.playing
    press(app, pygame.K_p)
    assert replay.playback.playing
    press(app, pygame.K_p)
    assert not replay.playback.playing
    # the play button's tooltip names the key in force
    assert replay.buttons["play_pause"].tool_tip_text == "Play / pause (P)"
    # the help lists it, and draws it
    assert dict(r for _, rows in replay_keys.help_rows() for r in rows)["P"] == "play / pause"
    with probing() as probe:
        press(app, pygame.K_F1)
        assert isinstance(replay.overlays[-1], ReplayHelp)
        app.step(0.016, [])
    assert "P" in probe.drawn and "play / pause" in probe.drawn
    assert "Space / K" not in probe.drawn
    press(app, pygame.K_ESCAPE)  # any key closes the help
    assert not replay.overlays
    # the Shift-variants of the defaults still work beside the rebound key
    item = replay.item()
    press(app, pygame.K_RIGHT, SHIFT)
    assert replay.item() is not None and replay.item() is not item
    assert replay.playback.t == replay.item().t0
    pygame.display.quit()

    make_app()  # a new window loads the keys from the file
    assert replay_keys.current.label("play_pause") == "P"
    assert keymap.current.label("end_turn") == "E / Enter / Keypad Enter"


def test_clashes_are_refused_within_the_replay_only(make_app):
    app = make_app()
    scene = open_controls(app)
    before = replay_keys.current.keys_of("pan_west")
    rebind(app, "pan_west", pygame.K_LEFT)  # ← is the replay's "one day back"
    assert scene.message_bad and "already the key of" in scene.message
    assert "one day back" in scene.message
    assert replay_keys.current.keys_of("pan_west") == before
    assert app.settings.keys == {}
    rebind(app, "to_end", pygame.K_g, pygame.KMOD_CTRL)  # Ctrl+G jumps to a date here
    assert scene.message_bad and "jump to a date" in scene.message
    # E ends the turn on the map, but the replay's own actions leave it free: allowed
    rebind(app, "pan_west", pygame.K_e)
    assert not scene.message_bad, scene.message
    assert replay_keys.current.label("pan_west") == "E"
    assert keymap.current.label("end_turn") == "E / Enter / Keypad Enter"
    # and the other way: the map may take a key the replay uses (K plays in the replay)
    press(app, pygame.K_LEFT)
    assert scene.keys.table.name == "map"
    rebind(app, "toggle_grid", pygame.K_k)
    assert not scene.message_bad, scene.message
    assert app.settings.keys == {"replay.pan_west": ["K_e"], "toggle_grid": ["K_k"]}
    back_to_menu(app)

    replay = open_replay(app)
    cam = replay.camera
    for _ in range(3):  # close enough that the map is wider than the window
        press(app, pygame.K_EQUALS)
    for _ in range(40):  # the camera settles on the action it follows
        app.step(0.05, [])
    x = cam.cx
    press(app, pygame.K_a)  # the old pan key does nothing
    assert replay.follow and cam.cx == pytest.approx(x, abs=1)
    # E held pans the replay's map until it is let go
    app.step(0.016, [ev(pygame.KEYDOWN, key=pygame.K_e, mod=0)])
    for _ in range(10):
        app.step(0.05, [])
    assert not replay.follow and abs(cam.cx - x) > 50
    app.step(0.016, [ev(pygame.KEYUP, key=pygame.K_e, mod=0)])
    stopped = cam.cx
    for _ in range(5):
        app.step(0.05, [])
    assert cam.cx == stopped
    press(app, pygame.K_k)  # still play / pause in the replay
    assert replay.playback.playing


def test_shift_keys_can_be_bound_and_defaults_come_back(make_app, home):
    app = make_app()
    scene = open_controls(app)
    rebind(app, "to_end", pygame.K_e, SHIFT)
    assert replay_keys.current.label("to_end") == "Shift+E"
    rebind(app, "next_event", pygame.K_n)  # Shift+→ is no longer the next event
    assert replay_keys.current.label("next_event") == "N"
    back_to_menu(app)

    replay = open_replay(app)
    assert replay.playback.t == 0
    press(app, pygame.K_e)
    assert replay.playback.t == 0
    press(app, pygame.K_e, SHIFT)
    assert replay.playback.at_end
    press(app, pygame.K_HOME)
    press(app, pygame.K_RIGHT, SHIFT)  # without its exact binding: one day, as → does
    assert replay.playback.t == 1
    press(app, pygame.K_n)
    assert replay.playback.t == replay.item().t0
    assert "N" in replay.buttons["next_event"].tool_tip_text
    back_to_menu(app)

    scene = open_controls(app)
    choose(app, scene, "next_event")
    press(app, pygame.K_BACKSPACE)  # its default keys back
    assert replay_keys.current.label("next_event") == "Shift+→ / Page Down / ."
    assert "back to" in scene.message
    press(app, pygame.K_LEFT)  # a map key rebound meanwhile survives the replay's reset
    rebind(app, "toggle_grid", pygame.K_F2)
    press(app, pygame.K_RIGHT)
    assert scene.chosen == [a.name for a in scene.keys.actions].index("next_event")
    press(app, pygame.K_r)  # every replay key back
    assert "replay screen" in scene.message and not scene.message_bad
    assert replay_keys.current.label("to_end") == "End"
    assert keymap.current.label("toggle_grid") == "F2"
    assert Settings.load(home / "settings.json").keys == {"toggle_grid": ["K_F2"]}


def test_damaged_entries_are_ignored_and_the_defaults_kept(home, make_app):
    (home / "settings.json").write_text(
        json.dumps(
            {
                "keys": {
                    "replay.play_pause": ["K_nonsense"],  # no such key
                    "replay.nothing": ["K_a"],  # no such action
                    "replay.faster": ["K_LEFT"],  # ← is a day back: a clash
                    "replay.slower": "K_x",  # not a list
                    "replay.help": [3],  # not a key name
                    "other.play_pause": ["K_x"],  # no such screen
                    "replay.to_end": ["K_x"],  # fine
                    "end_turn": ["K_n"],  # the map's, fine
                }
            }
        )
    )
    app = make_app()
    keys = replay_keys.current
    assert keys.label("play_pause") == "Space / K"
    assert keys.label("faster") == "] / ↑"
    assert keys.label("slower") == "[ / ↓"
    assert keys.label("help") == "F1 / ?"
    assert keys.label("to_end") == "X"
    # the ones of the wrong shape never leave the settings' check; the others are named
    assert set(keys.ignored) == {"replay.play_pause", "replay.nothing", "replay.faster"}
    assert "replay.slower" not in app.settings.keys and "replay.help" not in app.settings.keys
    assert keymap.current.label("end_turn") == "N"
    assert keymap.current.ignored == []
    replay = open_replay(app)
    press(app, pygame.K_x)
    assert replay.playback.at_end
    press(app, pygame.K_SPACE)
    assert replay.playback.playing


def test_the_replay_tab_in_the_pseudo_language_and_in_french(make_app):
    def tour(app, look) -> None:
        scene = open_controls(app, tab="map")
        look(app, "controls_map")
        press(app, pygame.K_TAB)
        assert scene.keys.table.name == "replay"
        look(app, "controls_replay")
        rebind(app, "calibration", pygame.K_LEFT)  # a clash
        assert scene.message_bad
        look(app, "controls_replay_clash")
        rebind(app, "calibration", pygame.K_c, SHIFT)
        assert not scene.message_bad
        choose(app, scene, "escape")  # the last rows scroll into view
        look(app, "controls_replay_end")
        press(app, pygame.K_r)
        look(app, "controls_replay_reset")
        back_to_menu(app)
        replay = open_replay(app)
        press(app, pygame.K_F1)
        assert isinstance(replay.overlays[-1], ReplayHelp)
        app.step(0.016, [])
        look(app, "replay_help")

    i18n.set_language(i18n.PSEUDO)
    try:
        with probing() as probe:
            tour(make_app(), lambda app, where: probe.check(app, where))
    finally:
        i18n.set_language(i18n.DEFAULT)
    assert not probe.found, probe.report()
    pygame.display.quit()

    i18n.set_language("fr")
    try:
        tour(make_app(), look)
        assert replay_keys.current.label("play_pause") == "Espace / K"
        problem = replay_keys.current.rebind("faster", keymap.Binding(pygame.K_LEFT))
        assert problem == "← est déjà la touche de «\u00a0un jour en arrière\u00a0»"
    finally:
        i18n.set_language(i18n.DEFAULT)
