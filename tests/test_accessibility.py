"""Accessibility and the first game, driven through the real screens with synthetic events:
rebinding a key on the Controls page and using it on the map (and in the F1 help), a clashing
key refused, the keys kept across a new window, the colour-blind palette changing the counters
(which differ by outline and initial too), the UI scale reaching the map's panel and counters,
the first-game hints (shown, done, dismissed, never again, back on request), the sounds of the
map, and a whole keyboard-only flow from the menu to the end of a turn."""

from __future__ import annotations

import os

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")

import pygame  # noqa: E402
import pytest  # noqa: E402

from game import userdata  # noqa: E402
from game.engine.world import build_world  # noqa: E402
from game.paths import DEFAULT_SCENARIO  # noqa: E402
from game.scenario.loader import load_scenario  # noqa: E402
from game.ui import counters, hints, keymap, palette, theme  # noqa: E402
from game.ui.app import App  # noqa: E402
from game.ui.controls_screen import ControlsScene  # noqa: E402
from game.ui.map_scene import MapScene  # noqa: E402
from game.ui.menu import MenuScene  # noqa: E402
from game.ui.overlays import HelpOverlay  # noqa: E402
from game.ui.settings import Settings  # noqa: E402
from game.ui.settings_screen import SettingsScene  # noqa: E402

SHIFT = pygame.KMOD_SHIFT


@pytest.fixture(scope="module")
def world():
    return build_world(load_scenario(DEFAULT_SCENARIO))


@pytest.fixture(scope="module", autouse=True)
def _quiet_afterwards():
    """Stop SDL's audio and timer threads when done: later tests fork worker processes, and
    a fork beside a live audio thread can hang."""
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
        app = App(world, seed=3, settings=Settings.load(home / "settings.json"))
        app.autosave = False
        app.step(0.016, [])
        return app

    yield make
    theme.set_ui_scale(1.0)
    palette.use("scenario")
    keymap.use({})
    pygame.display.quit()


# ---------------------------------------------------------------------------- input
def ev(kind, **attrs):
    return pygame.event.Event(kind, attrs)


def press(app, key, mod=0):
    app.step(0.016, [ev(pygame.KEYDOWN, key=key, mod=mod), ev(pygame.KEYUP, key=key, mod=mod)])


def focus_to(app, name, limit=30):
    """Press ↓ in the top screen until its keyboard focus is on `name`."""
    ring = app.stack.top.focus
    for _ in range(limit):
        if ring.focused() is not None and ring.focused().name == name:
            return
        press(app, pygame.K_DOWN)
    raise AssertionError(f"the focus never reached {name!r}")


def to_map(app, side="white", opponent="random") -> MapScene:
    app.new_campaign(side, opponent)
    app.step(0.016, [])
    scene = app.stack.top
    assert isinstance(scene, MapScene)
    return scene


def open_controls(app) -> ControlsScene:
    press(app, pygame.K_s)  # the menu's Settings
    assert isinstance(app.stack.top, SettingsScene)
    press(app, pygame.K_k)  # the settings' Controls page
    scene = app.stack.top
    assert isinstance(scene, ControlsScene)
    return scene


def choose(app, scene: ControlsScene, action: str) -> None:
    target = [a.name for a in keymap.ACTIONS].index(action)
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
    """Esc until the menu (Enter when the map asks whether to leave)."""
    for _ in range(6):
        top = app.stack.top
        if isinstance(top, MenuScene):
            return
        asking = isinstance(top, MapScene) and top.overlays
        asking = asking and type(top.overlays[-1]).__name__ == "ConfirmLeave"
        press(app, pygame.K_RETURN if asking else pygame.K_ESCAPE)
    assert isinstance(app.stack.top, MenuScene)


# ------------------------------------------------------------------------------ keys
def test_rebound_key_works_on_the_map_and_in_the_help(make_app, home):
    app = make_app()
    open_controls(app)
    scene = rebind(app, "end_turn", pygame.K_n)
    assert not scene.message_bad and scene.message.endswith(": N")
    assert keymap.current.label("end_turn") == "N"
    assert app.settings.keys == {"end_turn": ["K_n"]}
    assert Settings.load(home / "settings.json").keys == {"end_turn": ["K_n"]}
    back_to_menu(app)

    game = to_map(app)
    s = game.session
    turn, side = s.state.turn, s.state.side
    press(app, pygame.K_e)  # the old key does nothing now
    assert (s.state.turn, s.state.side) == (turn, side)
    press(app, pygame.K_n)
    assert (s.state.turn, s.state.side) != (turn, side)
    assert game.end_button.label == "End turn (N)"

    rows = dict(r for _, group in keymap.help_rows() for r in group)
    assert rows["N"] == "end your phase"
    press(app, pygame.K_SPACE)  # skip the opponent
    for _ in range(50):
        app.step(0.05, [])
        if s.human_to_move():
            break
    press(app, pygame.K_F1)
    assert isinstance(game.overlays[-1], HelpOverlay)
    app.step(0.016, [])  # the help draws with the rebound key
    assert not app.crashes


def test_a_key_in_use_is_refused_with_its_action(make_app):
    app = make_app()
    open_controls(app)
    before = keymap.current.keys_of("end_turn")
    scene = rebind(app, "end_turn", pygame.K_g)
    assert scene.message_bad and "already the key of" in scene.message
    assert "grid" in scene.message
    assert keymap.current.keys_of("end_turn") == before
    assert app.settings.keys == {}
    # Ctrl+S saves: refused for another action; plain S pans, also taken
    scene = rebind(app, "help", pygame.K_s, pygame.KMOD_CTRL)
    assert scene.message_bad and "save" in scene.message
    # a modifier alone waits for its key; Esc while capturing changes nothing
    choose(app, scene, "help")
    press(app, pygame.K_RETURN)
    press(app, pygame.K_LSHIFT, SHIFT)
    assert scene.capturing
    press(app, pygame.K_ESCAPE)
    assert not scene.capturing and keymap.current.label("help") == "F1 / ?"


def test_keys_persist_across_a_new_window_and_reset(make_app, home):
    app = make_app()
    open_controls(app)
    rebind(app, "toggle_grid", pygame.K_F2)
    rebind(app, "save", pygame.K_w, pygame.KMOD_CTRL)
    pygame.display.quit()

    again = make_app()
    assert keymap.current.label("toggle_grid") == "F2"
    assert keymap.current.label("save") == "Ctrl+W"
    game = to_map(again)
    grid = game.layers.show_grid
    press(again, pygame.K_F2)
    assert game.layers.show_grid != grid
    press(again, pygame.K_w, pygame.KMOD_CTRL)  # the save dialog
    assert game.overlays and type(game.overlays[-1]).__name__ == "SaveDialog"
    press(again, pygame.K_ESCAPE)
    back_to_menu(again)

    scene = open_controls(again)
    press(again, pygame.K_r)  # reset all
    assert "default" in scene.message
    assert keymap.current.label("toggle_grid") == "G"
    assert Settings.load(home / "settings.json").keys == {}


def test_damaged_key_table_keeps_the_defaults(home, make_app):
    (home / "settings.json").write_text(
        '{"keys": {"end_turn": ["K_nonsense"], "nothing": ["K_a"], "help": ["K_g"]}}'
    )
    make_app()
    assert keymap.current.label("end_turn") == "E / Enter / Keypad Enter"
    assert keymap.current.label("help") == "F1 / ?"  # G is the grid's: the clash is ignored
    assert set(keymap.current.ignored) == {"end_turn", "nothing", "help"}


# --------------------------------------------------------------------------- colours
def test_palette_switch_changes_counter_colours(make_app, world):
    app = make_app()
    game = to_map(app)
    st = game.session.state
    red = next(
        u for u in range(len(world.unit_ids)) if world.unit_side[u] == world.side_index["red"]
    )
    white = next(
        u for u in range(len(world.unit_ids)) if world.unit_side[u] == world.side_index["white"]
    )
    before = counters.look_of(world, st, red, False)
    assert before.colour == theme.hex_colour(
        world.scenario.factions[int(world.unit_faction[red])].colour
    )
    back_to_menu(app)

    press(app, pygame.K_s)
    focus_to(app, "palette:safe")
    press(app, pygame.K_RETURN)
    assert app.settings.palette == "colour-blind" and palette.mode == "colour-blind"
    after_red = counters.look_of(world, st, red, False)
    after_white = counters.look_of(world, st, white, False)
    assert after_red.colour != before.colour
    assert after_red.colour in palette.SAFE_FAMILIES[0]  # the Reds stay warm (vermilion)
    assert after_white.colour in palette.SAFE_FAMILIES[1]  # the Whites turn blue
    assert palette.side_colour(world, world.side_index["white"]) == (0, 114, 178)
    # the pictures differ, and by more than colour: outline and initial
    assert after_red.mark == "R" and after_white.mark == "W"
    a = counters.draw_counter(after_red, 40)
    b = counters.draw_counter(after_white, 40)
    assert pygame.mask.from_surface(a).count() != pygame.mask.from_surface(b).count()
    assert a.get_at((20, 20)) != counters.draw_counter(before, 40).get_at((20, 20))
    assert Settings.load(app.settings.path).palette == "colour-blind"


def test_counters_tell_the_sides_apart_in_grey(world):
    """Drawn in one colour, a Red and a White counter still differ (outline and initial)."""
    grey = (128, 128, 128)
    looks = []
    for side in ("red", "white"):
        u = next(
            u for u in range(len(world.unit_ids)) if world.unit_side[u] == world.side_index[side]
        )
        look = counters.unit_look(world, u, "350")
        looks.append(counters.Look(**{**look.__dict__, "colour": grey}))
    a, b = (counters.draw_counter(look, 44) for look in looks)
    assert pygame.image.tobytes(a, "RGBA") != pygame.image.tobytes(b, "RGBA")


# ---------------------------------------------------------------------------- scale
def test_ui_scale_reaches_the_map_panel_and_counters(make_app):
    app = make_app()
    game = to_map(app)
    width, size = game.panel.rect.width, counters.counter_size(game.camera.zoom, 8.0)
    back_to_menu(app)
    press(app, pygame.K_s)
    focus_to(app, "scale")
    for _ in range(3):  # → → →: 1.0, 1.15, 1.3, 1.5
        press(app, pygame.K_RIGHT)
    assert app.settings.ui_scale == 1.5 and theme.UI_SCALE == 1.5
    back_to_menu(app)
    game = to_map(app)
    assert game.panel.rect.width > width
    assert counters.counter_size(game.camera.zoom, 8.0) > size
    app.step(0.016, [])
    assert not app.crashes
    app.settings.update(ui_scale=2.0)
    app.apply_settings(scale=True)
    app.step(0.016, [])
    assert not app.crashes and game.panel.rect.width <= app.screen.get_width() * 0.45
    app.settings.update(ui_scale=0.75)
    app.apply_settings(scale=True)
    app.step(0.016, [])
    assert theme.UI_SCALE == 0.75 and not app.crashes


# ---------------------------------------------------------------------------- hints
def test_hints_on_a_first_game_and_never_after_dismissal(make_app, home):
    app = make_app()
    game = to_map(app)
    h = game.hints
    assert h.hint is not None and h.hint.id == "goal"
    app.step(0.016, [])
    assert h.card.width > 0 and h.close_rect.width > 0
    press(app, pygame.K_x)  # dismiss the goal
    assert h.hint.id == "select"
    press(app, pygame.K_TAB)  # selecting a unit is what the hint asked: it is done
    app.step(0.016, [])
    assert h.hint.id == "move" and "select" in app.settings.hints_dismissed
    app.step(
        0.016,
        [
            ev(pygame.MOUSEMOTION, pos=h.close_rect.center, rel=(0, 0), buttons=(0, 0, 0)),
            ev(pygame.MOUSEBUTTONDOWN, pos=h.close_rect.center, button=1),
            ev(pygame.MOUSEBUTTONUP, pos=h.close_rect.center, button=1),
        ],
    )  # the × of the card
    assert h.hint.id == "end_turn"
    for _ in range(len(hints.HINTS)):
        press(app, pygame.K_x)
    assert h.hint is None and h.card.width == 0
    assert set(Settings.load(home / "settings.json").hints_dismissed) == {x.id for x in hints.HINTS}
    pygame.display.quit()

    again = make_app()
    game = to_map(again)
    assert game.hints.hint is None
    back_to_menu(again)
    press(again, pygame.K_s)
    focus_to(again, "hints")
    press(again, pygame.K_RETURN)  # Show them again
    assert again.settings.hints_dismissed == [] and not again.settings.hints_done
    back_to_menu(again)
    assert to_map(again).hints.hint.id == "goal"


def test_hints_end_with_the_first_turns(make_app, home):
    app = make_app()
    game = to_map(app, opponent="random")
    s = game.session
    assert game.hints.hint is not None
    while s.state.turn <= hints.HINT_TURNS:
        press(app, pygame.K_e)
        while s.opponent_to_move():
            s.step_opponent()
        app.step(0.016, [])
    assert game.hints.hint is None and app.settings.hints_done
    assert Settings.load(home / "settings.json").hints_done


# ---------------------------------------------------------------------------- sound
def test_map_sounds_follow_moves_and_clicks_at_the_settings_volume(make_app, monkeypatch):
    app = make_app()
    played: list[str] = []
    monkeypatch.setattr(app, "play_sound", played.append)
    game = to_map(app)
    s = game.session
    moved = keyboard_move(app, game)
    assert moved
    app.step(0.016, [])
    assert "march" in played
    played.clear()
    pos = game.end_button.rect.center
    app.step(
        0.016,
        [
            ev(pygame.MOUSEMOTION, pos=pos, rel=(0, 0), buttons=(0, 0, 0)),
            ev(pygame.MOUSEBUTTONDOWN, pos=pos, button=1),
            ev(pygame.MOUSEBUTTONUP, pos=pos, button=1),
        ],
    )
    assert played[:1] == ["click"] and not s.human_to_move()
    app.settings.update(volume=0.0)
    played.clear()
    for _ in range(30):  # the opponent moves in sight, silently
        app.step(0.05, [])
        if s.human_to_move():
            break
    assert played == []


# ------------------------------------------------------------------------- keyboard
def keyboard_move(app, game) -> bool:
    """Tab to a unit, Shift+arrows to a hex it can reach, Space: True when it moved."""
    s = game.session
    press(app, pygame.K_TAB)
    assert s.selected
    u = s.selected[0]
    start = int(s.state.hex[u])
    stops = s.reach(u).stops
    for arrow in (pygame.K_UP, pygame.K_DOWN, pygame.K_LEFT, pygame.K_RIGHT):
        press(app, arrow, SHIFT)  # the first press puts the cursor on the unit
        assert game.kb_cursor and game.hover >= 0
        press(app, arrow, SHIFT)
        if game.hover in stops and game.hover != start:
            target = game.hover
            press(app, pygame.K_SPACE)
            return int(s.state.hex[u]) == target
        press(app, pygame.K_TAB)  # back to a unit: the cursor starts over
        game.kb_cursor = False
    return False


def test_keyboard_only_from_the_menu_to_the_end_of_a_turn(make_app):
    app = make_app()
    menu = app.stack.top
    press(app, pygame.K_DOWN)
    assert menu.focus.focused().name != "New campaign" and menu.focus.shown
    focus_to(app, "side:white")
    press(app, pygame.K_RETURN)
    assert menu.side == "white"
    focus_to(app, "opponent:ai")
    press(app, pygame.K_RETURN)
    focus_to(app, "strength")
    kind = menu.ai_kind
    press(app, pygame.K_RIGHT)  # a weaker or stronger AI, from the keyboard
    menu = app.stack.top
    assert menu.ai_kind != kind
    app.settings.update(ai_kind="random")  # a quick opponent for the test
    menu.ai_kind = "random"
    focus_to(app, "start")
    press(app, pygame.K_RETURN)
    game = app.stack.top
    assert isinstance(game, MapScene)
    s = game.session
    assert keyboard_move(app, game)
    turn = s.state.turn
    press(app, pygame.K_e)
    assert not s.human_to_move()
    press(app, pygame.K_SPACE)  # skip the opponent's phase
    for _ in range(50):
        app.step(0.05, [])
        if s.human_to_move():
            break
    assert s.human_to_move() and s.state.turn == turn + 1
    press(app, pygame.K_ESCAPE)  # nothing selected: asks to leave
    press(app, pygame.K_RETURN)
    assert isinstance(app.stack.top, MenuScene)
    assert not app.crashes
