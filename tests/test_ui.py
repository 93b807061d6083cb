"""The game window driven headless with synthetic events, through the real scenes."""

from __future__ import annotations

import os

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")

import numpy as np  # noqa: E402
import pygame  # noqa: E402
import pytest  # noqa: E402

from game.engine.world import build_world  # noqa: E402
from game.paths import DEFAULT_SCENARIO  # noqa: E402
from game.scenario.loader import load_scenario  # noqa: E402
from game.ui import screenshot  # noqa: E402
from game.ui.app import App  # noqa: E402
from game.ui.map_scene import MapScene  # noqa: E402
from game.ui.scenes import EndScene, MenuScene  # noqa: E402


@pytest.fixture(scope="module")
def world():
    return build_world(load_scenario(DEFAULT_SCENARIO))


@pytest.fixture
def app(world):
    a = App(world, seed=3)
    yield a
    pygame.display.quit()


def ev(kind, **attrs):
    return pygame.event.Event(kind, attrs)


def left_click(app, pos, shift=False):
    app.step(
        0.016,
        [
            ev(pygame.MOUSEMOTION, pos=pos, rel=(0, 0), buttons=(0, 0, 0)),
            ev(pygame.MOUSEBUTTONDOWN, pos=pos, button=1),
            ev(pygame.MOUSEBUTTONUP, pos=pos, button=1, shift=shift),
        ],
    )


def press(app, key):
    app.step(0.016, [ev(pygame.KEYDOWN, key=key, mod=0), ev(pygame.KEYUP, key=key, mod=0)])


def start_game(app, side="white", opponent="ai"):
    menu = app.stack.top
    assert isinstance(menu, MenuScene)
    # click the side and opponent buttons, then New campaign, as a player would
    for sid, b in menu.side_buttons:
        if sid == side:
            left_click(app, b.rect.center)
    for kind, b in menu.opp_buttons:
        if kind == opponent:
            left_click(app, b.rect.center)
    new = next(b for b in menu.buttons if b.text == "New campaign")
    left_click(app, new.rect.center)
    scene = app.stack.top
    assert isinstance(scene, MapScene)
    return scene


def test_menu_draws_and_lists_disabled_entries(app):
    app.step(0.016, [])
    menu = app.stack.top
    assert isinstance(menu, MenuScene)
    replay = next(b for b in menu.buttons if b.text == "Historical replay")
    assert replay.is_enabled == menu.replay_available
    quit_button = next(b for b in menu.buttons if b.text == "Quit")
    left_click(app, quit_button.rect.center)
    assert not app.running


def test_whole_flow_select_move_end_turn_opponent_plays(app, world, tmp_path):
    scene = start_game(app, "white", "ai")
    s = scene.session
    assert s.human_to_move() and s.opponent is not None
    u = int(s.state.units_of(s.state.side, world)[0])
    screenshot.centre_on_hex(scene, int(s.state.hex[u]))
    app.step(0.016, [])
    left_click(app, screenshot.hex_pos(scene, int(s.state.hex[u])))
    assert s.selected == [u]
    stops = np.array(sorted(s.reach(u).stops))
    on_screen = stops[scene.view.in_view(stops)]
    target = int(on_screen[len(on_screen) // 2])
    pos = screenshot.hex_pos(scene, target)
    assert scene.hex_under(pos) == target
    before = s.state.state_hash()
    left_click(app, pos)
    assert s.state.state_hash() != before
    assert int(s.state.hex[u]) == target
    assert s.game.log[-1].kind == "move"

    turn, side = s.state.turn, s.state.side
    press(app, pygame.K_e)
    assert s.state.side != side or s.state.turn != turn
    press(app, pygame.K_SPACE)  # skip: the opponent plays its whole phase
    for _ in range(20):
        app.step(0.05, [])
        if s.human_to_move():
            break
    assert s.human_to_move()
    assert s.state.turn == turn + 1 and s.state.side == side
    assert any(line.kind == "phase" for line in s.log)
    out = tmp_path / "after.png"
    pygame.image.save(app.screen, str(out))
    assert out.stat().st_size > 10_000


def test_illegal_click_is_refused_and_changes_nothing(app, world):
    scene = start_game(app, "white", "hot-seat")
    s = scene.session
    u = int(s.state.units_of(s.state.side, world)[0])
    screenshot.centre_on_hex(scene, int(s.state.hex[u]), zoom=1.0)
    app.step(0.016, [])
    left_click(app, screenshot.hex_pos(scene, int(s.state.hex[u])))
    assert s.selected == [u]
    # a hex far outside the unit's reach, in view
    found = s.reach(u)
    hexes = np.arange(world.grid.size)
    far = hexes[scene.view.in_view(hexes) & ~np.isin(hexes, list(found.cost))]
    far = far[world.grid.distance(far, int(s.state.hex[u])) > 12]
    target = int(far[0])
    scene.camera.centre_on(float(scene.layers.cx[target]), float(scene.layers.cy[target]))
    app.step(0.016, [])
    before, log_len = s.state.state_hash(), len(s.game.log)
    left_click(app, screenshot.hex_pos(scene, target))
    assert s.state.state_hash() == before and len(s.game.log) == log_len
    assert s.log[-1].kind == "refused" and "cannot reach" in s.log[-1].text


def test_pan_and_zoom_keys_move_the_camera(app):
    scene = start_game(app)
    cam = scene.camera
    x, y, z = cam.cx, cam.cy, cam.zoom
    press(app, pygame.K_RIGHT)
    assert cam.cx > x
    press(app, pygame.K_s)
    assert cam.cy > y
    press(app, pygame.K_MINUS)
    assert cam.zoom < z
    for _ in range(40):
        press(app, pygame.K_EQUALS)
    assert cam.zoom == pytest.approx(10.0)  # clamped
    for _ in range(40):
        app.step(0.016, [ev(pygame.MOUSEWHEEL, x=0, y=-1, flipped=False)])
    assert cam.zoom == pytest.approx(cam.min_zoom)
    # drag pans
    cx = cam.cx
    cam.zoom = 3.0
    cam.clamp()
    cx = cam.cx
    app.step(
        0.016,
        [
            ev(pygame.MOUSEBUTTONDOWN, pos=(400, 400), button=1),
            ev(pygame.MOUSEMOTION, pos=(500, 400), rel=(100, 0), buttons=(1, 0, 0)),
            ev(pygame.MOUSEBUTTONUP, pos=(500, 400), button=1),
        ],
    )
    assert cam.cx < cx
    # the minimap recentres the view
    mini = scene.view.minimap_rect
    left_click(app, mini.topleft)
    assert cam.cx <= cx


def test_attack_preview_and_attack_through_clicks(app, world):
    scene = start_game(app, "white", "hot-seat")
    s = scene.session
    contact = screenshot.stage_contact(s)
    assert contact is not None
    u, to, enemy = contact
    if to >= 0:
        s.select(u)
        assert s.move_selected(to).ok
    screenshot.centre_on_hex(scene, enemy)
    app.step(0.016, [])
    left_click(app, screenshot.hex_pos(scene, int(s.state.hex[u])))
    assert u in s.selected
    app.step(
        0.016,
        [
            ev(
                pygame.MOUSEMOTION,
                pos=screenshot.hex_pos(scene, enemy),
                rel=(0, 0),
                buttons=(0, 0, 0),
            )
        ],
    )
    p = s.preview(enemy)
    assert p is not None and sum(p.p_outcome.values()) == pytest.approx(1.0)
    assert p.att_loss[1] <= p.att_loss[0] <= p.att_loss[2] + 1e-9
    battles = s.state.combat_count
    left_click(app, screenshot.hex_pos(scene, enemy))
    assert s.state.combat_count == battles + 1
    assert any(line.kind == "battle" for line in s.log)


def test_game_over_shows_end_screen(app, world):
    scene = start_game(app, "white", "ai")
    s = scene.session
    while not s.game.over:
        if s.human_to_move():
            s.end_turn()
        else:
            s.step_opponent()
    app.step(0.016, [])
    assert isinstance(app.stack.top, EndScene)
    assert "name" in app.stack.top.result
    app.step(0.016, [])


def test_screenshot_command_writes_pngs(tmp_path):
    from game.cli import main

    assert main(["screenshot", "--out", str(tmp_path)]) == 0
    names = {p.name for p in tmp_path.iterdir()}
    assert {"menu.png", "map_start.png", "unit_selected.png", "after_turn.png", "end.png"} <= names


def test_window_resize_relayouts_the_map(app):
    scene = start_game(app)
    pygame.display.set_mode((1000, 700), pygame.RESIZABLE)
    app.step(0.016, [ev(pygame.VIDEORESIZE, size=(1000, 700), w=1000, h=700)])
    assert scene.camera.view[2] == 1000 - scene.panel.rect.width
    assert scene.panel.rect.right == 1000
    assert app.screen.get_size() == (1000, 700)


def test_grid_toggle_and_hover_panel(app, world):
    scene = start_game(app)
    assert not scene.layers.show_grid
    press(app, pygame.K_g)
    assert scene.layers.show_grid
    centre = pygame.Rect(scene.camera.view).center
    app.step(0.016, [ev(pygame.MOUSEMOTION, pos=centre, rel=(0, 0), buttons=(0, 0, 0))])
    assert scene.hover == scene.hex_under(centre) >= 0
    press(app, pygame.K_g)
    assert not scene.layers.show_grid
