"""Languages on the screens around the map and in the engine's words: every text of the menu (with
the new campaign's options), the settings (with the language choice), the quit question, the
saved games (a damaged one, an empty folder), the scenarios and mods (a mod with warnings) and the
crash dialog goes through gettext; French renders and fits; changing the language in the settings
changes every screen at once; `--lang` starts the window in it; and the same seeded campaign
hashes the same in every language."""

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

from game import i18n, userdata  # noqa: E402
from game.cli import localize  # noqa: E402
from game.engine.commands import Move  # noqa: E402
from game.engine.game import Game  # noqa: E402
from game.engine.world import build_world  # noqa: E402
from game.paths import DEFAULT_SCENARIO  # noqa: E402
from game.scenario.loader import load_scenario  # noqa: E402
from game.scenario.translation import translation_file  # noqa: E402
from game.ui import screenshot as shots  # noqa: E402
from game.ui import theme  # noqa: E402
from game.ui.app import App  # noqa: E402
from game.ui.crash import CrashScene  # noqa: E402
from game.ui.load_screen import LoadScene  # noqa: E402
from game.ui.map_scene import MapScene  # noqa: E402
from game.ui.menu import MenuScene  # noqa: E402
from game.ui.mods_screen import ModsScene  # noqa: E402
from game.ui.screenshot import centre_on_hex, hex_pos  # noqa: E402
from game.ui.session import Session  # noqa: E402
from game.ui.settings import Settings  # noqa: E402
from game.ui.settings_screen import SettingsScene  # noqa: E402
from tests.i18n_probe import offending, probing  # noqa: E402

SCENARIO = str(DEFAULT_SCENARIO)
FRENCH_SCENARIO = translation_file(DEFAULT_SCENARIO, "fr")
SHOTS = Path(os.environ.get("FR_SHOTS", "/tmp/fr_menus"))
CRASH = ("RuntimeError", "injected for the test")

WARNING_MOD = """\
schema_version: 1
mod:
  id: odd_flag
  title: "A flag nobody sets"
extends: "1921"
events:
  add:
    - id: never_event
      name: "Never"
      trigger: {flag: never_set}
      effects:
        - message: "Never."
      caption: "Never"
"""


# ------------------------------------------------------------------------------ fixtures


@pytest.fixture
def world():
    """A world of its own: changing the language re-translates it in place."""
    return build_world(load_scenario(DEFAULT_SCENARIO))


@pytest.fixture
def home(tmp_path, monkeypatch):
    monkeypatch.setenv(userdata.ENV_VAR, str(tmp_path / "data"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    return tmp_path


@pytest.fixture
def make_app(world, home):
    def make(language: str = i18n.DEFAULT, settings: Settings | None = None) -> App:
        settings = settings or Settings.load(home / "settings.json")
        app = App(world, seed=3, settings=settings, scenario_path=SCENARIO)
        if language != i18n.DEFAULT:
            app.set_language(language)
        app.step(0.016, [])
        return app

    try:
        yield make
    finally:
        i18n.set_language(i18n.DEFAULT)
        theme.set_ui_scale(1.0)
        pygame.display.quit()


def ev(kind, **attrs):
    return pygame.event.Event(kind, attrs)


def click(app, widget):
    pos = widget.rect.center
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


def choose(app, menu, option: str) -> None:
    """What a drop-down posts when the player picks `option` in it."""
    app.step(
        0.016,
        [
            ev(
                pygame_gui.UI_DROP_DOWN_MENU_CHANGED,
                ui_element=menu,
                text="",
                selected_option_id=option,
            )
        ],
    )


def settle(app, frames: int = 3) -> None:
    for _ in range(frames):
        app.step(0.016, [])


def tooltips(app) -> list[str]:
    """The tooltips of the top screen's widgets (shown on hover: the probe cannot see them)."""
    out = []
    for el in app.stack.top.ui.get_sprite_group().sprites():
        tip = getattr(el, "tool_tip_text", None)
        if isinstance(tip, str) and tip:
            out.append(tip)
    return out


def look(probe, app, where: str) -> None:
    """Probe what the top screen draws now, its tooltips included."""
    probe.check(app, where)
    bad = {t for t in tooltips(app) if offending(t, probe.allowed)}
    if bad:
        probe.found.setdefault(where + " (tooltips)", set()).update(bad)


def shot(app, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    pygame.image.save(app.screen, str(SHOTS / name))


def write_saves(app, world) -> None:
    """A named save, an autosave, a garbled file and one from a newer version."""
    s = Session.new(world, 11, world.side_ids[0], "random")
    for _ in range(4):
        if s.human_to_move():
            s.end_turn()
        else:
            while s.opponent_to_move():
                s.step_opponent()
    meta = {"scenario_path": app.scenario_path, "players": s.players()}
    # the screenshots' demo name, in the language in use
    userdata.write_slot(i18n._("Before the Selenga crossing"), s.game, app.fingerprint, **meta)
    userdata.write_autosave(s.game, app.fingerprint, **meta)
    folder = userdata.saves_dir()
    (folder / "garbled.json").write_text('{"format": "mongolia1921-save", "ver')
    (folder / "future.json").write_text(json.dumps({"format": "mongolia1921-save", "version": 99}))


def install_warning_mod() -> None:
    from game.scenario.mods import user_mods_dir

    folder = user_mods_dir() / "odd_flag"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "mod.yaml").write_text(WARNING_MOD)


# ------------------------------------------------------------- every text through gettext


def test_menu_and_new_campaign_options_in_the_pseudo_language(make_app):
    with probing() as probe:
        app = make_app(i18n.PSEUDO)
        menu = app.stack.top
        assert isinstance(menu, MenuScene)
        look(probe, app, "menu")
        for sid, button in menu.side_buttons:
            click(app, button)
            look(probe, app, f"menu, side {sid}")
        click(app, dict(menu.opp_buttons)["hot-seat"])
        look(probe, app, "menu, hot-seat")
        click(app, dict(menu.opp_buttons)["ai"])
        for _ in range(len(menu.strength.options_list)):  # every AI strength, from the keyboard
            menu.step_strength(1)
            settle(app, 1)
            look(probe, app, f"menu, {app.stack.top.ai_kind}")
    assert not probe.found, probe.report()


def test_settings_with_every_control_in_the_pseudo_language(make_app, home, monkeypatch):
    (home / "settings.json").write_text("{ damaged")  # so the screen shows the file's note
    settings = Settings.load(home / "settings.json")
    settings.update(hints_dismissed=["goal"])
    with probing() as probe:
        app = make_app(i18n.PSEUDO, settings)
        silent = type(
            "Silent",
            (),
            {"enabled": False, "set_volume": lambda s, v: None, "play": lambda s, n: 0},
        )()
        monkeypatch.setattr(app, "_sounds", silent)  # and its note on the missing audio device
        press(app, pygame.K_s)
        scene = app.stack.top
        assert isinstance(scene, SettingsScene)
        assert scene.hints_button.is_enabled and scene.sound_note.text
        look(probe, app, "settings")
        for menu in (scene.size_menu, scene.scale_menu, scene.language_menu):
            click(app, menu)  # opened: its options are buttons now
            look(probe, app, "settings, a drop-down open")
            click(app, menu)  # and closed again
        click(app, scene.safe_colours)
        look(probe, app, "settings, colour-blind palette")
        click(app, app.stack.top.hints_button)
        look(probe, app, "settings, hints shown again")
    assert not probe.found, probe.report()
    assert not app.crashes


def test_the_quit_question_in_the_pseudo_language(make_app, home):
    settings = Settings.load(home / "settings.json")
    settings.update(hints_done=True)  # no first-game hint for Esc to close first
    with probing() as probe:
        app = make_app(i18n.PSEUDO, settings)
        app.stack.top.start()
        settle(app, 1)
        scene = app.stack.top
        assert isinstance(scene, MapScene)
        for _ in range(20):  # Esc skips the opponent's phase, then asks before leaving
            if scene.overlays:
                break
            press(app, pygame.K_ESCAPE)
            settle(app, 2)
        assert scene.overlays and type(scene.overlays[-1]).__name__ == "ConfirmLeave"
        probe.drawn.clear()
        settle(app, 1)
        look(probe, app, "quit question")
    assert not probe.found, probe.report()


def test_load_screen_in_the_pseudo_language(make_app, world):
    with probing() as probe:
        app = make_app(i18n.PSEUDO)
        press(app, pygame.K_l)
        scene = app.stack.top
        assert isinstance(scene, LoadScene) and scene.rows == []
        look(probe, app, "load, no saves")
        app.back()
        write_saves(app, world)
        press(app, pygame.K_l)
        scene = app.stack.top
        assert len(scene.rows) == 4
        for k in range(len(scene.rows)):
            scene.choose(k)
            settle(app, 1)
            look(probe, app, f"load, {scene.rows[k].entry.path.name}")
        assert any("⟦" in r.sides for r in scene.rows)
    assert not probe.found, probe.report()


def test_mods_screen_with_a_warning_in_the_pseudo_language(make_app, home):
    install_warning_mod()
    with probing() as probe:
        app = make_app(i18n.PSEUDO)
        press(app, pygame.K_m)
        scene = app.stack.top
        assert isinstance(scene, ModsScene)
        look(probe, app, "mods, checking")
        settle(app, 2)
        titles = [e.title for e in scene.entries]
        k = titles.index("A flag nobody sets")
        assert scene.entries[k].warnings == 2 and scene.entries[k].ok
        for i in range(len(scene.entries)):
            scene.choose(i)
            settle(app, 1)
            look(probe, app, f"mods, {scene.entries[i].id}")
        scene.choose(k)
        assert "never_set" in scene.details.html_text  # the message itself, as written
    assert not probe.found, probe.report()


def test_crash_dialog_in_the_pseudo_language(make_app, monkeypatch):
    with probing(CRASH) as probe:
        app = make_app(i18n.PSEUDO)
        app.quiet_crashes = True
        app.stack.top.start()
        settle(app, 1)

        def broken(dt):
            raise RuntimeError("injected for the test")

        monkeypatch.setattr(app.stack.top, "update", broken)
        settle(app, 2)
        dialog = app.stack.top
        assert isinstance(dialog, CrashScene) and dialog.autosave is not None
        look(probe, app, "crash dialog")
    assert not probe.found, probe.report()


# ------------------------------------------------------------------------------ French


def test_every_screen_of_the_group_renders_in_french(make_app, world, home, monkeypatch):
    """The pictures in FR_SHOTS (default /tmp/fr_menus) are the ones to look at for fit."""
    install_warning_mod()
    app = make_app("fr")
    menu = app.stack.top
    assert menu.buttons[0].text == "Nouvelle campagne"
    shot(app, "menu.png")
    click(app, dict(menu.opp_buttons)["hot-seat"])
    shot(app, "menu_hot_seat.png")
    press(app, pygame.K_s)
    assert app.stack.top.back_button.text == "Retour"
    settle(app)
    shot(app, "settings.png")
    app.back()
    press(app, pygame.K_l)
    shot(app, "load_empty.png")
    app.back()
    write_saves(app, world)
    press(app, pygame.K_l)
    scene = app.stack.top
    scene.choose(next(i for i, r in enumerate(scene.rows) if not r.entry.ok))
    settle(app)
    assert "Impossible à charger" in scene.details.html_text
    shot(app, "load.png")
    app.back()
    press(app, pygame.K_m)
    settle(app)
    scene = app.stack.top
    scene.choose(next(i for i, e in enumerate(scene.entries) if e.id == "odd_flag"))
    settle(app)
    assert "avertissements" in scene.details.html_text
    shot(app, "mods.png")
    app.back()
    app.stack.top.start()
    settle(app, 1)
    for _ in range(20):
        if app.stack.top.overlays:
            break
        press(app, pygame.K_ESCAPE)
        settle(app, 2)
    shot(app, "quit.png")
    app.quiet_crashes = True
    monkeypatch.setattr(app.stack.top, "update", lambda dt: 1 / 0)
    settle(app, 2)
    assert isinstance(app.stack.top, CrashScene)
    assert app.stack.top.menu_button.text == "Retour au menu (Entrée)"
    shot(app, "crash.png")
    assert len(app.crashes) == 1  # the one injected


def test_french_texts_fit_their_buttons(make_app):
    """No button label of the menu (hot-seat chosen) or the settings is wider than its button."""
    app = make_app("fr")
    for open_screen in (None, lambda: press(app, pygame.K_s)):
        if open_screen is not None:
            open_screen()
        for el in app.stack.top.ui.get_sprite_group().sprites():
            if isinstance(el, pygame_gui.elements.UIButton) and el.text and el.visible:
                width = el.font.size(el.text)[0]
                assert width <= el.rect.w - 8, (el.text, width, el.rect.w)


# ------------------------------------------------------------- changing the language


def test_changing_the_language_in_the_settings_changes_every_screen(make_app, home):
    app = make_app()
    press(app, pygame.K_s)
    scene = app.stack.top
    assert [c for _, c in scene.language_menu.options_list][:2] == ["en", "fr"]
    assert dict(scene.language_menu.options_list)["Français"] == "fr"  # named in itself
    choose(app, scene.language_menu, "fr")
    assert i18n.language() == "fr"
    settings = app.stack.top
    assert isinstance(settings, SettingsScene) and settings.back_button.text == "Retour"
    assert json.loads((home / "settings.json").read_text())["language"] == "fr"
    if FRENCH_SCENARIO.is_file():
        assert pygame.display.get_caption()[0] == app.world.scenario.meta.title == "Mongolie 1921"
    click(app, settings.back_button)
    menu = app.stack.top
    assert isinstance(menu, MenuScene)  # the menu under the settings is rebuilt in French
    assert [b.text for b in menu.buttons][:3] == [
        "Nouvelle campagne",
        "Relecture historique",
        "Charger une partie",
    ]
    click(app, menu.side_buttons[0][1])  # the side that moves first
    with probing() as probe:
        click(app, menu.start_button)
        map_scene = app.stack.top
        assert isinstance(map_scene, MapScene)
        settle(app, 2)
        session = map_scene.session
        u = int(session.state.units_of(session.viewer(), session.world)[0])  # one of the player's
        h = int(session.state.hex[u])
        centre_on_hex(map_scene, h)
        settle(app, 1)
        shots.click(app, hex_pos(map_scene, h))  # selected: the side panel names it
        settle(app, 1)
        drawn = " | ".join(probe.drawn)
    assert session.selected == [u]
    assert "à jouer" in drawn, drawn[:600]  # the engine's line in the map's log
    if FRENCH_SCENARIO.is_file():
        name = app.world.scenario.units[u].name
        assert name != load_scenario(DEFAULT_SCENARIO).units[u].name  # a French unit name
        assert name in drawn, (name, drawn[:600])
        assert "Garnison de Troïtskossavsk" in {unit.name for unit in app.world.scenario.units}

    # and back to English, from the settings again
    app.to_menu()
    press(app, pygame.K_s)
    choose(app, app.stack.top.language_menu, "en")
    assert i18n.language() == "en" and app.world.scenario.meta.title == "Mongolia 1921"
    press(app, pygame.K_ESCAPE)
    assert app.stack.top.buttons[0].text == "New campaign"


def test_the_language_can_be_stepped_from_the_keyboard(make_app):
    app = make_app()
    press(app, pygame.K_s)
    scene = app.stack.top
    scene.step_language(1)
    settle(app, 1)
    assert i18n.language() == "fr" and app.settings.language == "fr"
    app.stack.top.step_language(1)
    settle(app, 1)
    assert i18n.language() == "en"


def test_a_saved_language_starts_the_window_in_it(world, home, monkeypatch):
    from game import cli
    from game.ui.settings import default_path

    Settings(language="fr", path=default_path()).save()
    monkeypatch.setattr(cli, "_play", lambda path, mods=None: 0)
    assert cli.main(["play"]) == 0
    assert i18n.language() == "fr"


@pytest.mark.parametrize("argv", [["--lang", "fr"], ["play", "--lang", "fr"]])
def test_lang_option_starts_the_window_in_french(argv, monkeypatch):
    from game import cli
    from game.ui import app as app_module

    seen = {}

    def run(path, mods=(), start=None):
        seen["language"] = i18n.language()
        world = cli._load_world(path, list(mods))
        seen["title"] = world.scenario.meta.title
        return 0

    monkeypatch.setattr(app_module, "run", run)
    assert cli.main(argv) == 0
    assert seen["language"] == "fr"
    if FRENCH_SCENARIO.is_file():
        assert seen["title"] == "Mongolie 1921"


@pytest.mark.parametrize("argv", [["--lang", "xx"], ["play", "--lang", "xx"]])
def test_an_unknown_language_lists_the_languages_and_exits_2(argv, capsys, monkeypatch):
    from game import cli
    from game.ui import app as app_module

    monkeypatch.setattr(app_module, "run", lambda *a, **k: pytest.fail("the window opened"))
    assert cli.main(argv) == 2
    err = capsys.readouterr().err
    assert "no language 'xx'" in err and "en" in err and "fr" in err
    assert i18n.language() == "en"


# ----------------------------------------------------------------------------- the engine


def _files_world(language: str):
    world = build_world(load_scenario(DEFAULT_SCENARIO))
    i18n.set_language(language)
    localize(world, [SCENARIO])
    return world


@pytest.mark.parametrize("language", [i18n.PSEUDO, "fr"])
def test_the_same_campaign_hashes_the_same_in_every_language(language):
    """AI against AI from one seed: the per-turn state hashes (and so the result) do not depend on
    the language the texts are in."""
    from game.sim.campaign import play_campaign

    english = play_campaign(build_world(load_scenario(DEFAULT_SCENARIO)), 5, "ai", "ai")
    world = _files_world(language)
    assert world.base is not None or language == "fr" and not FRENCH_SCENARIO.is_file()
    other = play_campaign(world, 5, "ai", "ai")
    assert other.turn_hashes == english.turn_hashes
    assert other.outcome == english.outcome  # the level and the reason as the scenario writes them
    assert other.log == english.log


def test_the_engine_speaks_the_language_in_use():
    world = _files_world("fr")
    game = Game(world, 3)
    assert "à jouer" in game.opening_events[-1].text
    unit = world.unit_ids[int(game.state.units_of(game.state.side, world)[0])]
    out = game.submit(Move(unit, -5))
    assert not out.ok and out.reason == "l'hex -5 n'est pas sur la carte"
    assert game.can_undo() == "il n'y a rien à annuler"
    i18n.set_language(i18n.PSEUDO)
    out = game.submit(Move("nobody", 0))
    assert out.reason.startswith("⟦") and out.reason.endswith("⟧")


def test_the_end_of_a_game_is_worded_in_the_language_in_use():
    from game.engine import victory
    from game.engine.flow import LAST_DAY, finish

    world = _files_world("fr")
    game = Game(world, 3)
    state = game.state.copy()
    (event,) = finish(world, state, LAST_DAY)
    assert state.result["reason"] == LAST_DAY  # English in the hashed result
    assert state.result["name"] in {lv.name for lv in world.canonical.victory.levels}
    assert event.text.startswith(
        "Fin de la campagne\u00a0: le dernier jour de la campagne est passé."
    )
    name = victory.level_name(world, state.result)
    assert name in {lv.name for lv in world.scenario.victory.levels} and name in event.text
    rule = world.canonical.victory.sudden_death[0]
    shown = victory.reason_text(world, rule.description or rule.id)
    assert shown == (world.scenario.victory.sudden_death[0].description or rule.id)
