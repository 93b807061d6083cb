"""The map screen in other languages: every text it draws goes through gettext, and it renders in
French.

One tour drives the screens and overlays the screenshot flow does not reach — the first-game
hints, a unit and a hex in the side panel, the odds of an attack, the battle report and its
marker, refusals in the log, the F1 help, the save and load dialogs, the question before leaving,
the opponent's phase and its banner, the hot-seat hand-over, a finished game, the Controls page
with a clash, the reload errors — with synthetic events, as a player would. In the pseudo-language
the probe (`tests/i18n_probe.py`) must find no text outside ⟦ ⟧; in French the tour must run
without an error, and its pictures go to MAP_FR_SHOTS when that is set (/tmp/fr_map to look).
"""

from __future__ import annotations

import copy
import dataclasses
import os
import shutil
from pathlib import Path

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")

import pygame  # noqa: E402
import pytest  # noqa: E402

from game import i18n, userdata  # noqa: E402
from game.cli import localize  # noqa: E402
from game.engine.world import build_world  # noqa: E402
from game.paths import DEFAULT_SCENARIO  # noqa: E402
from game.scenario.loader import load_scenario  # noqa: E402
from game.ui import hints, keymap, palette, theme  # noqa: E402
from game.ui.app import App  # noqa: E402
from game.ui.controls_screen import ControlsScene  # noqa: E402
from game.ui.map_scene import MapScene  # noqa: E402
from game.ui.overlays import (  # noqa: E402
    ConfirmLeave,
    HandOverOverlay,
    HelpOverlay,
    ReloadErrors,
)
from game.ui.saveload import LoadDialog, SaveDialog  # noqa: E402
from game.ui.settings import Settings  # noqa: E402
from tests.i18n_probe import probing  # noqa: E402
from tests.test_ui_map import (  # noqa: E402
    Walker,
    centre,
    click,
    hover,
    pos_of,
    press,
    settle,
    stage_contact,
    type_text,
)

SHOTS = os.environ.get("MAP_FR_SHOTS")
CTRL, SHIFT = pygame.KMOD_CTRL, pygame.KMOD_SHIFT


@pytest.fixture(scope="module")
def base_world():
    return build_world(load_scenario(DEFAULT_SCENARIO))


def in_language(world):
    """`world` with the scenario's texts in the language in use (as the game shows them)."""
    world = copy.copy(world)
    localize(world, [str(DEFAULT_SCENARIO)])
    return world


@pytest.fixture
def home(tmp_path, monkeypatch):
    monkeypatch.setenv(userdata.ENV_VAR, str(tmp_path / "data"))
    return tmp_path


@pytest.fixture
def make_app(base_world, home):
    """A window with fresh settings kept in the temporary folder (the first-game hints show),
    on the campaign in the language in use."""

    def make(scenario_path=None) -> App:
        app = App(in_language(base_world), seed=5, scenario_path=scenario_path)
        app.settings = Settings.load(home / "settings.json")
        app.step(0.016, [])
        return app

    yield make
    i18n.set_language(i18n.DEFAULT)
    keymap.use({})
    theme.set_ui_scale(1.0)
    pygame.display.quit()


def french() -> None:
    i18n.set_language("fr")


# ------------------------------------------------------------------------------ the tour
def start(app, side="white", opponent="ai") -> MapScene:
    app.new_campaign(side, opponent)
    app.step(0.016, [])
    scene = app.stack.top
    assert isinstance(scene, MapScene)
    return scene


def map_tour(make_app, look) -> None:
    """Drive every screen of the map; `look(app, name)` after each has been drawn."""
    app = make_app()
    world = app.world
    scene = start(app)
    s = scene.session
    # the first-game hints, one after the other (X dismisses), then none left
    for hint in hints.HINTS:
        assert scene.hints.hint is not None and scene.hints.hint.id == hint.id
        look(app, f"hint_{hint.id}")
        press(app, pygame.K_x)
    press(app, pygame.K_x)
    assert scene.hints.hint is None and s.log[-1].kind == "info"  # "no hint is on show"

    # a unit selected, a hex in its reach (path and cost), one out of it, off the map
    press(app, pygame.K_TAB)
    u = s.selected[0]
    found = s.reach(u)
    near = next(h for h in sorted(found.stops) if h != found.origin)
    centre(scene, near)
    hover(app, pos_of(scene, near))
    look(app, "unit_selected")
    far = next(h for h in range(world.grid.size) if h not in found.cost)
    centre(scene, far)
    hover(app, pos_of(scene, far))
    look(app, "out_of_reach")
    hover(app, (app.screen.get_width() - 5, 5))  # over the side panel: off the map
    look(app, "off_the_map")
    press(app, pygame.K_ESCAPE)  # clears the selection
    centre(scene, near)
    hover(app, pos_of(scene, near))
    look(app, "hex_costs")

    # notes in the log: refusals and nothing to show
    press(app, pygame.K_j)  # no enemy under the cursor
    press(app, pygame.K_b)  # no battle yet
    press(app, pygame.K_z, CTRL)  # nothing to undo
    look(app, "notes")
    press(app, pygame.K_h)  # the ghosts of history and their legend
    look(app, "history")
    press(app, pygame.K_h)

    # the help, the dialogs, the question before leaving
    press(app, pygame.K_F1)
    assert isinstance(scene.overlays[-1], HelpOverlay)
    app.step(0.016, [])
    look(app, "help")
    press(app, pygame.K_F1)
    press(app, pygame.K_s, CTRL)
    dialog = scene.overlays[-1]
    assert isinstance(dialog, SaveDialog)
    look(app, "save_dialog")
    dialog.entry.set_text("")
    press(app, pygame.K_RETURN)  # no name: asked for one
    look(app, "save_dialog_no_name")
    type_text(app, "Before the Selenga")
    press(app, pygame.K_RETURN)
    assert not scene.overlays
    folder = userdata.saves_dir()
    (folder / "broken.json").write_text('{"format": "mongolia1921-save", "v', encoding="utf-8")
    press(app, pygame.K_F9)
    dialog = scene.overlays[-1]
    assert isinstance(dialog, LoadDialog) and len(dialog.entries) >= 2
    look(app, "load_dialog")
    bad = next(i for i, e in enumerate(dialog.entries) if not e.ok)
    dialog.choose(bad)
    press(app, pygame.K_RETURN)
    look(app, "load_dialog_refused")
    press(app, pygame.K_ESCAPE)
    press(app, pygame.K_ESCAPE)
    assert isinstance(scene.overlays[-1], ConfirmLeave)
    look(app, "confirm_leave")
    press(app, pygame.K_ESCAPE)

    # the opponent's phase: its moves shown under a banner, the status says who plays
    assert stage_contact(s) is not None
    s.opponent = Walker(s.viewer())
    scene.camera.fit()
    press(app, pygame.K_e)
    for _frame in range(400):
        app.step(0.03, [])
        if scene.anim is not None and scene.anim.position() is not None:
            break
    assert s.opponent_to_move()
    look(app, "opponent_banner")
    click(app, pos_of(scene, int(s.state.hex[s.state.units_of(s.viewer(), world)[0]])))
    look(app, "not_your_turn")
    settle(app, s)

    # a battle: the odds, then the report, its marker and the refused undo
    contact = stage_contact(s)
    assert contact is not None
    u, enemy = contact
    s.selected = [u]
    centre(scene, enemy)
    hover(app, pos_of(scene, enemy))
    assert s.preview(enemy) is not None
    look(app, "attack_preview")
    click(app, pos_of(scene, enemy))
    assert scene.report_open and s.reports
    app.step(0.3, [])
    look(app, "battle_report")
    press(app, pygame.K_u)  # a battle cannot be undone
    press(app, pygame.K_b)
    look(app, "undo_refused")

    # a game over, as the side panel says it for the frame before the end screen
    s.game.state = dataclasses.replace(s.state, game_over=True)
    scene.draw(app.screen)
    assert scene.status() == i18n._("game over")
    look(app, "game_over")


def hand_over_tour(make_app, look) -> None:
    """Hot-seat: the card between two players, with the battles since the last phase."""
    app = make_app()
    scene = start(app, "white", "hot-seat")
    s = scene.session
    scene.overlays.clear()
    contact = stage_contact(s)
    assert contact is not None
    u, enemy = contact
    s.selected = [u]
    s.attack(enemy)
    assert s.reports
    app.step(0.016, [])
    press(app, pygame.K_e)
    cover = scene.overlays[-1]
    assert isinstance(cover, HandOverOverlay) and cover.note
    app.step(0.016, [])
    look(app, "hand_over")


def controls_tour(make_app, look) -> None:
    """The Controls page: the list, waiting for a key, a clash refused, resets."""
    app = make_app()
    press(app, pygame.K_s)  # the menu's Settings
    press(app, pygame.K_k)  # the Controls page
    scene = app.stack.top
    assert isinstance(scene, ControlsScene)
    look(app, "controls")
    target = [a.name for a in keymap.ACTIONS].index("end_turn")
    while scene.chosen != target:
        press(app, pygame.K_DOWN)
    press(app, pygame.K_RETURN)
    assert scene.capturing
    look(app, "controls_capture")
    press(app, pygame.K_g)  # the grid's key: refused, naming the grid
    assert scene.message_bad
    look(app, "controls_clash")
    press(app, pygame.K_RETURN)
    press(app, pygame.K_LSHIFT, SHIFT)  # a modifier alone is refused
    press(app, pygame.K_ESCAPE)
    look(app, "controls_unchanged")
    press(app, pygame.K_RETURN)
    press(app, pygame.K_n, SHIFT)
    look(app, "controls_rebound")
    press(app, pygame.K_BACKSPACE)
    look(app, "controls_default")
    press(app, pygame.K_r)
    look(app, "controls_reset")


def reload_tour(make_app, tmp_path, look) -> None:
    """F5 with a broken scenario: the errors over the map, then a good reload's note."""
    path = tmp_path / "scenario.yaml"
    shutil.copy(DEFAULT_SCENARIO, path)
    app = make_app(scenario_path=path)
    scene = start(app)
    good = path.read_text(encoding="utf-8")
    path.write_text(good.replace("days_per_turn: 3", "days_per_turn: three", 1), encoding="utf-8")
    press(app, pygame.K_F5)
    assert isinstance(scene.overlays[-1], ReloadErrors)
    app.step(0.016, [])
    look(app, "reload_errors")
    press(app, pygame.K_ESCAPE)
    path.write_text(good, encoding="utf-8")
    press(app, pygame.K_F5)
    assert not scene.overlays
    app.step(0.016, [])
    look(app, "reloaded")


TOURS = ("map", "hand_over", "controls", "reload")


def run(tour: str, make_app, tmp_path, look) -> None:
    if tour == "map":
        map_tour(make_app, look)
    elif tour == "hand_over":
        hand_over_tour(make_app, look)
    elif tour == "controls":
        controls_tour(make_app, look)
    else:
        reload_tour(make_app, tmp_path, look)


# ------------------------------------------------------------------------------ tests
@pytest.mark.parametrize("tour", TOURS)
def test_every_text_of_the_map_goes_through_gettext(tour, make_app, tmp_path):
    i18n.set_language(i18n.PSEUDO)
    try:
        with probing() as probe:

            def look(app, where):
                assert not app.crashes, app.crashes
                probe.check(app, where)

            run(tour, make_app, tmp_path, look)
    finally:
        i18n.set_language(i18n.DEFAULT)
    if tour == "reload":  # scenario diagnostics are for modders: English by design
        probe.found = {
            where: {t for t in texts if "days_per_turn" not in t}
            for where, texts in probe.found.items()
        }
        probe.found = {where: texts for where, texts in probe.found.items() if texts}
    assert not probe.found, probe.report()


@pytest.mark.parametrize("tour", TOURS)
def test_the_map_renders_in_french(tour, make_app, tmp_path):
    french()
    shots = Path(SHOTS) if SHOTS else None

    def look(app, where):
        assert not app.crashes, app.crashes
        if shots is not None:
            shots.mkdir(parents=True, exist_ok=True)
            pygame.image.save(app.screen, str(shots / f"{where}.png"))

    try:
        run(tour, make_app, tmp_path, look)
    finally:
        i18n.set_language(i18n.DEFAULT)


def test_key_names_and_help_in_french(make_app):
    french()
    try:
        assert keymap.current.label("end_turn") == "E / Entrée / Entrée (pavé num.)"
        assert keymap.current.label("save") == "Ctrl+S / F6"
        assert keymap.current.label("cursor_north") == "Maj+↑"
        assert keymap.current.short("skip") == "Espace"
        rows = dict(r for _, group in keymap.help_rows() for r in group)
        assert rows["F1 / ?"] == "cette aide"
        groups = [g for g, _ in keymap.help_rows()] + [keymap.mouse_rows()[0]]
        assert groups == ["Carte", "Curseur", "Ordres", "Partie", "Souris"]
        clash = keymap.current.rebind("end_turn", keymap.Binding(pygame.K_g))
        assert clash == "G est déjà la touche de «\u00a0grille des hex\u00a0»"
    finally:
        i18n.set_language(i18n.DEFAULT)
    assert keymap.current.label("end_turn") == "E / Enter / Keypad Enter"


def test_cached_pictures_follow_the_language(make_app):
    """The hint card, the battle report and the counters are drawn once and kept: a change of
    language must draw them again."""
    app = make_app()
    world = app.world
    scene = start(app, "white", "hot-seat")
    card = scene.hints.card
    english = app.screen.subsurface(card).copy()
    french()
    try:
        app.step(0.016, [])
        assert scene.hints.card.size and scene.hints.card.topleft == card.topleft
        again = app.screen.subsurface(scene.hints.card)
        assert pygame.image.tobytes(again, "RGB") != pygame.image.tobytes(english, "RGB")
        marks = dict(zip(world.side_ids, palette.side_initials(world), strict=True))
        assert marks == {"red": "R", "white": "B"}  # Rouges, Blancs
    finally:
        i18n.set_language(i18n.DEFAULT)
    marks = dict(zip(world.side_ids, palette.side_initials(world), strict=True))
    assert marks == {"red": "R", "white": "W"}
