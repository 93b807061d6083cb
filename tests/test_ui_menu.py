"""The screens around the map driven headless with synthetic events: the menu's new campaign,
settings that persist, loading saves (and refusing damaged ones), the scenarios and mods list
with a broken mod's located error, the after-action report, and the crash dialog."""

from __future__ import annotations

import json
import os
from pathlib import Path

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")

import pygame  # noqa: E402
import pygame_gui  # noqa: E402
import pytest  # noqa: E402

from game import userdata  # noqa: E402
from game.engine.world import build_world  # noqa: E402
from game.paths import DEFAULT_SCENARIO  # noqa: E402
from game.scenario.loader import load_scenario  # noqa: E402
from game.ui import theme  # noqa: E402
from game.ui.aar import AarScene  # noqa: E402
from game.ui.app import App  # noqa: E402
from game.ui.crash import CrashScene  # noqa: E402
from game.ui.load_screen import LoadScene  # noqa: E402
from game.ui.map_scene import MapScene  # noqa: E402
from game.ui.menu import MenuScene  # noqa: E402
from game.ui.mods_screen import ModsScene  # noqa: E402
from game.ui.session import Session  # noqa: E402
from game.ui.settings import Settings  # noqa: E402
from game.ui.settings_screen import SettingsScene  # noqa: E402

BROKEN_MOD = """\
schema_version: 1
mod:
  id: broken_typo
  title: "Broken: a typo in a unit id"
extends: "1921"
units:
  update:
    - id: red_5th_kubann
      strength: 3
"""


@pytest.fixture(scope="module")
def world():
    return build_world(load_scenario(DEFAULT_SCENARIO))


@pytest.fixture
def home(tmp_path, monkeypatch):
    """The player's folders (data, config, mods) in a temporary directory."""
    monkeypatch.setenv(userdata.ENV_VAR, str(tmp_path / "data"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    return tmp_path


@pytest.fixture
def app(world, home):
    a = App(world, seed=3, settings=Settings.load(home / "settings.json"))
    a.step(0.016, [])
    yield a
    theme.set_ui_scale(1.0)
    pygame.display.quit()


def ev(kind, **attrs):
    return pygame.event.Event(kind, attrs)


def click(app, widget_or_pos):
    pos = widget_or_pos if isinstance(widget_or_pos, tuple) else widget_or_pos.rect.center
    app.step(
        0.016,
        [
            ev(pygame.MOUSEMOTION, pos=pos, rel=(0, 0), buttons=(0, 0, 0)),
            ev(pygame.MOUSEBUTTONDOWN, pos=pos, button=1),
            ev(pygame.MOUSEBUTTONUP, pos=pos, button=1),
        ],
    )


def press(app, key):
    app.step(
        0.016, [ev(pygame.KEYDOWN, key=key, mod=0, unicode=""), ev(pygame.KEYUP, key=key, mod=0)]
    )


def ui_event(app, kind, element, **attrs):
    """What a pygame_gui widget posts when the player uses it (drop-downs, sliders)."""
    app.step(0.016, [ev(kind, ui_element=element, **attrs)])


def menu_button(menu, label):
    return next(b for b in menu.buttons if b.text == label)


def play_to_the_end(session):
    while not session.game.over:
        if session.human_to_move():
            session.end_turn()
        else:
            session.step_opponent()


# ------------------------------------------------------------------------------ the menu


def test_new_campaign_with_options_reaches_the_map(app, world, home):
    menu = app.stack.top
    assert isinstance(menu, MenuScene)
    red = dict(menu.side_buttons)["red"]
    click(app, red)
    assert menu.side == "red"
    click(app, dict(menu.opp_buttons)["hot-seat"])
    assert menu.opponent == "hot-seat" and not menu.strength.is_enabled
    click(app, dict(menu.opp_buttons)["ai"])
    assert menu.strength.is_enabled
    ui_event(
        app,
        pygame_gui.UI_DROP_DOWN_MENU_CHANGED,
        menu.strength,
        text="",
        selected_option_id="random",
    )
    assert menu.ai_kind == "random"
    click(app, menu_button(menu, "New campaign"))
    scene = app.stack.top
    assert isinstance(scene, MapScene)
    s = scene.session
    assert s.humans == frozenset([world.side_index["red"]])
    assert s.opponent is not None and s.opponent_kind == "random"
    saved = json.loads((home / "settings.json").read_text())
    assert (saved["side"], saved["opponent"], saved["ai_kind"]) == ("red", "ai", "random")


def test_menu_remembers_the_last_options(world, home):
    Settings(side="red", opponent="hot-seat", path=home / "s.json").save()
    a = App(world, settings=Settings.load(home / "s.json"))
    menu = a.stack.top
    assert (menu.side, menu.opponent) == ("red", "hot-seat")
    assert dict(menu.side_buttons)["red"].is_selected
    pygame.display.quit()


def test_replay_entry_is_disabled_with_a_reason_unless_built(app):
    menu = app.stack.top
    replay = menu_button(menu, "Historical replay")
    assert replay.is_enabled == menu.replay_available
    if not menu.replay_available:
        assert "not part of this build" in replay.tool_tip_text


def test_keyboard_shortcuts_open_each_screen(app):
    for key, scene_type in (
        (pygame.K_s, SettingsScene),
        (pygame.K_l, LoadScene),
        (pygame.K_m, ModsScene),
    ):
        press(app, key)
        assert isinstance(app.stack.top, scene_type)
        press(app, pygame.K_ESCAPE)
        assert isinstance(app.stack.top, MenuScene)
    press(app, pygame.K_ESCAPE)
    assert not app.running


# ------------------------------------------------------------------------------ settings


def test_settings_change_is_persisted_and_reloaded(app, world, home):
    click(app, menu_button(app.stack.top, "Settings"))
    scene = app.stack.top
    assert isinstance(scene, SettingsScene)
    ui_event(app, pygame_gui.UI_HORIZONTAL_SLIDER_MOVED, scene.volume, value=30)
    ui_event(app, pygame_gui.UI_HORIZONTAL_SLIDER_MOVED, scene.scroll, value=150)
    ui_event(
        app,
        pygame_gui.UI_DROP_DOWN_MENU_CHANGED,
        scene.size_menu,
        text="",
        selected_option_id="1024x640",
    )
    assert app.screen.get_size() == (1024, 640)
    scene = app.stack.top  # the same scene, rebuilt for the new size
    ui_event(
        app,
        pygame_gui.UI_DROP_DOWN_MENU_CHANGED,
        scene.scale_menu,
        text="",
        selected_option_id="1.3",
    )
    assert theme.UI_SCALE == 1.3
    assert app.stack.top.panel.rect.right <= 1024
    click(app, app.stack.top.back_button)
    assert isinstance(app.stack.top, MenuScene)
    app.settings.save()

    again = Settings.load(home / "settings.json")
    assert again.window_size == (1024, 640) and again.ui_scale == 1.3
    assert again.volume == pytest.approx(0.3) and again.scroll_speed == pytest.approx(1.5)
    pygame.display.quit()
    b = App(world, settings=again)
    assert b.screen.get_size() == (1024, 640) and theme.UI_SCALE == 1.3


def test_damaged_settings_file_gives_defaults_and_a_note(home):
    path = home / "settings.json"
    path.write_text('{"volume": 0.5, "ui_scale": "huge", "window_size": [10, -4], "extra": 1')
    s = Settings.load(path)
    assert s == Settings() and "damaged" in s.note
    path.write_text('{"volume": 0.5, "ui_scale": "huge", "window_size": [10, -4], "fullscreen": 1}')
    s = Settings.load(path)
    assert s.volume == 0.5 and s.ui_scale == 1.0 and s.window_size == (1280, 800)
    assert s.fullscreen is False


def test_fullscreen_toggle_and_restore_defaults(app, home):
    press(app, pygame.K_s)
    scene = app.stack.top
    click(app, scene.full_button)
    assert app.settings.fullscreen
    click(app, app.stack.top.window_button)
    assert not app.settings.fullscreen
    ui_event(app, pygame_gui.UI_HORIZONTAL_SLIDER_MOVED, app.stack.top.volume, value=0)
    click(app, app.stack.top.defaults_button)
    assert app.settings.volume == Settings().volume


# ---------------------------------------------------------------------------------- load


def _write_save(app, world, turns=6, name="Somewhere on the Selenga"):
    s = Session.new(world, 11, "red", "random")
    for _ in range(turns):
        if s.human_to_move():
            s.end_turn()
        else:
            while s.opponent_to_move():
                s.step_opponent()
    userdata.write_slot(name, s.game, app.fingerprint, scenario_path=app.scenario_path)
    return s


def test_load_a_save_from_the_list(app, world):
    saved = _write_save(app, world)
    (userdata.saves_dir() / "garbled.json").write_text('{"format": "mongolia1921-save", "ver')
    press(app, pygame.K_l)
    scene = app.stack.top
    assert isinstance(scene, LoadScene)
    names = [r.entry.name for r in scene.rows]
    assert "Somewhere on the Selenga" in names and "garbled" in names
    good = names.index("Somewhere on the Selenga")
    click(app, scene.row_buttons[good])
    assert scene.chosen == good and scene.load_button.is_enabled
    click(app, scene.load_button)
    top = app.stack.top
    assert isinstance(top, MapScene)
    assert top.session.state.state_hash() == saved.state.state_hash()
    assert top.session.state.turn == saved.state.turn


def test_damaged_save_shows_its_error_and_cannot_be_loaded(app, world):
    _write_save(app, world, turns=2)
    (userdata.saves_dir() / "garbled.json").write_text('{"format": "mongolia1921-save", "ver')
    (userdata.saves_dir() / "future.json").write_text(
        json.dumps({"format": "mongolia1921-save", "version": 99})
    )
    press(app, pygame.K_l)
    scene = app.stack.top
    for name, words in (("garbled", "damaged or truncated"), ("future", "newer version")):
        k = next(i for i, r in enumerate(scene.rows) if r.entry.name == name)
        click(app, scene.row_buttons[k])
        assert scene.chosen == k and not scene.load_button.is_enabled
        assert words in scene.details.html_text
        press(app, pygame.K_RETURN)  # Enter on a damaged save does nothing
        assert isinstance(app.stack.top, LoadScene)
    assert not app.crashes


def test_load_screen_with_no_saves_says_where_they_go(app):
    press(app, pygame.K_l)
    scene = app.stack.top
    assert scene.rows == [] and "No saved games yet" in scene.details.html_text
    assert not scene.load_button.is_enabled


# ---------------------------------------------------------------------------------- mods


def test_mods_list_shows_a_broken_mod_with_its_located_error(app, home):
    from game.scenario.mods import user_mods_dir

    folder = user_mods_dir() / "broken_typo"
    folder.mkdir(parents=True)
    (folder / "mod.yaml").write_text(BROKEN_MOD)
    press(app, pygame.K_m)
    scene = app.stack.top
    assert isinstance(scene, ModsScene) and scene.entries is None
    app.step(0.016, [])
    app.step(0.016, [])
    titles = [e.title for e in scene.entries]
    assert "Mongolia 1921" in titles and "Broken: a typo in a unit id" in titles
    k = titles.index("Broken: a typo in a unit id")
    click(app, scene.row_buttons[k])
    assert scene.chosen == k and not scene.play_button.is_enabled
    shown = scene.details.html_text
    assert "mod.yaml:8:11" in shown and "red_5th_kubann" in shown and "^" in shown
    click(app, scene.play_button)  # disabled: nothing happens, no crash
    assert isinstance(app.stack.top, ModsScene) and not app.crashes


def test_choosing_a_valid_mod_makes_it_the_campaign(app, world):
    press(app, pygame.K_m)
    for _ in range(2):
        app.step(0.016, [])
    scene = app.stack.top
    k = next(i for i, e in enumerate(scene.entries) if e.kind == "patch" and e.ok)
    entry = scene.entries[k]
    click(app, scene.row_buttons[k])
    assert scene.play_button.is_enabled
    click(app, scene.play_button)
    assert isinstance(app.stack.top, MenuScene)
    assert app.mods == [str(Path(entry.path).parent)]
    assert app.world is not world
    click(app, menu_button(app.stack.top, "New campaign"))
    assert isinstance(app.stack.top, MapScene)
    assert app.stack.top.session.world is app.world


# ------------------------------------------------------------------------ end of the game


def test_end_of_game_shows_the_level_and_the_after_action_report(app, world):
    click(app, dict(app.stack.top.opp_buttons)["hot-seat"])
    click(app, menu_button(app.stack.top, "New campaign"))
    session = app.stack.top.session
    for _ in range(4):  # a few real turns through the screen, then the rest headless
        press(app, pygame.K_e)
    play_to_the_end(session)
    app.step(0.016, [])
    scene = app.stack.top
    assert isinstance(scene, AarScene)
    assert scene.result["name"] and "margin" in scene.result
    app.step(0.016, [])
    app.step(0.016, [])
    d = scene.data
    assert d is not None and d.complete and not scene.error
    assert d.strength.shape == (len(d.dates), len(world.side_ids))
    assert d.strength[0].sum() > 0 and d.losses[0].sum() == 0
    assert len(d.objectives) == len(world.scenario.victory.objectives)
    assert d.score[-1] == pytest.approx(scene.result["score"], abs=1e-3)
    click(app, scene.menu_button)
    assert isinstance(app.stack.top, MenuScene)


# --------------------------------------------------------------------------------- crashes


def test_crash_dialog_report_and_autosave_on_an_injected_error(app, world, monkeypatch):
    click(app, menu_button(app.stack.top, "New campaign"))
    scene = app.stack.top
    assert isinstance(scene, MapScene)

    def broken(dt):
        raise RuntimeError("injected for the test")

    monkeypatch.setattr(scene, "update", broken)
    app.step(0.016, [])
    dialog = app.stack.top
    assert isinstance(dialog, CrashScene)
    assert app.running
    ((error, report),) = app.crashes
    text = report.read_text()
    assert "RuntimeError: injected for the test" in text and "Traceback" in text
    assert "scenario fingerprint: " + app.fingerprint in text and "game:" in text
    assert dialog.autosave is not None and dialog.autosave.is_file()
    assert any(e.autosave and e.ok for e in userdata.list_saves())
    app.step(0.016, [])  # the dialog draws over the last frame
    click(app, dialog.menu_button)
    assert isinstance(app.stack.top, MenuScene) and app.running


def test_an_error_in_the_crash_dialog_goes_back_to_the_menu(app, monkeypatch):
    press(app, pygame.K_s)
    monkeypatch.setattr(SettingsScene, "draw", lambda self, s: 1 / 0)
    app.step(0.016, [])
    assert isinstance(app.stack.top, CrashScene)
    monkeypatch.setattr(CrashScene, "draw", lambda self, s: 1 / 0)
    app.step(0.016, [])
    assert isinstance(app.stack.top, MenuScene) and app.running
    assert len(app.crashes) == 2


# --------------------------------------------------------------------------------- resize


@pytest.mark.parametrize("opener", ["open_settings", "open_load", "open_mods", None])
def test_every_screen_relayouts_on_resize(app, opener):
    if opener:
        getattr(app.stack.top, opener)()
        app.step(0.016, [])
        app.step(0.016, [])
    for size in ((1000, 640), (1800, 1100), (300, 200)):
        app.step(0.016, [ev(pygame.VIDEORESIZE, size=size, w=size[0], h=size[1])])
        w, h = app.screen.get_size()
        assert (w, h) == (max(size[0], theme.MIN_WINDOW[0]), max(size[1], theme.MIN_WINDOW[1]))
        top = app.stack.top
        assert top.ui.window_resolution == (w, h)
        for element in top.ui.get_sprite_group().sprites():
            r = element.rect
            if element.visible and r.w > 1:
                assert r.right <= w + 1 and r.bottom <= h + 1, (type(element).__name__, r)
    assert not app.crashes


def test_computer_players_strongest_first_and_no_replay_player(monkeypatch):
    from game.players import base
    from game.ui import menu

    monkeypatch.setattr(base, "PLAYER_KINDS", ("random", "ai", "ai:easy", "ai:hard", "historical"))
    assert menu.computer_kinds() == ["ai:hard", "ai", "ai:easy", "random"]
    assert menu.default_kind(menu.computer_kinds()) == "ai"
    monkeypatch.setattr(base, "PLAYER_KINDS", ("random",))
    assert menu.computer_kinds() == ["random"] and menu.default_kind(["random"]) == "random"


def test_a_menu_that_keeps_failing_stops_the_app_quietly(app, monkeypatch):
    from game.ui import app as app_module

    monkeypatch.setattr(app_module, "CRASH_WINDOW", 1e6)  # however slow the machine
    monkeypatch.setattr(MenuScene, "draw", lambda self, surface: 1 / 0)
    app.step(0.016, [])
    for _ in range(200):  # the player keeps choosing "Return to the menu" in the dialog
        if isinstance(app.stack.top, CrashScene):
            press(app, pygame.K_RETURN)
        else:  # sent back to the menu without a dialog: it fails again
            app.step(0.016, [])
        if not app.running:
            break
    assert not app.running and len(app.crashes) > 3
