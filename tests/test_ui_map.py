"""The map screen driven headless through whole flows with synthetic mouse and keyboard events:
select, move, undo, attack, end turn while the opponent plays, save, load, hot reload with a
broken file, the hot-seat hand-over and the help. Every flow goes through `App.step`, as a
player's input would; the pictures of the new screens are written to MAP_SHOTS when it is set.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")

import numpy as np  # noqa: E402
import pygame  # noqa: E402
import pytest  # noqa: E402

from game import userdata  # noqa: E402
from game.engine import fog  # noqa: E402
from game.engine.commands import Move  # noqa: E402
from game.engine.world import build_world  # noqa: E402
from game.paths import DEFAULT_SCENARIO  # noqa: E402
from game.scenario.loader import load_scenario  # noqa: E402
from game.ui import keymap, theme  # noqa: E402
from game.ui.app import App  # noqa: E402
from game.ui.map_scene import MapScene  # noqa: E402
from game.ui.overlays import HandOverOverlay, HelpOverlay, ReloadErrors  # noqa: E402
from game.ui.saveload import LoadDialog, SaveDialog  # noqa: E402

SHOTS = os.environ.get("MAP_SHOTS")


@pytest.fixture(scope="module")
def world():
    return build_world(load_scenario(DEFAULT_SCENARIO))


@pytest.fixture
def data_dir(tmp_path, monkeypatch):
    monkeypatch.setenv(userdata.ENV_VAR, str(tmp_path / "data"))
    return tmp_path / "data"


@pytest.fixture
def make_app(world, data_dir):
    apps = []

    def make(scenario_path=None, w=world):
        app = App(w, seed=5, scenario_path=scenario_path)
        apps.append(app)
        app.step(0.016, [])
        return app

    yield make
    pygame.display.quit()


# ---------------------------------------------------------------------- input helpers
def ev(kind, **attrs):
    return pygame.event.Event(kind, attrs)


def click(app, pos, shift=False, button=1):
    app.step(
        0.016,
        [
            ev(pygame.MOUSEMOTION, pos=pos, rel=(0, 0), buttons=(0, 0, 0)),
            ev(pygame.MOUSEBUTTONDOWN, pos=pos, button=button),
            ev(pygame.MOUSEBUTTONUP, pos=pos, button=button, shift=shift),
        ],
    )


def hover(app, pos):
    app.step(0.016, [ev(pygame.MOUSEMOTION, pos=pos, rel=(0, 0), buttons=(0, 0, 0))])


def press(app, key, mod=0, dt=0.016):
    app.step(
        dt, [ev(pygame.KEYDOWN, key=key, mod=mod, unicode=""), ev(pygame.KEYUP, key=key, mod=mod)]
    )


def type_text(app, s):
    app.step(0.016, [ev(pygame.TEXTINPUT, text=c) for c in s])


def shot(app, name):
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        pygame.image.save(app.screen, str(Path(SHOTS) / name))


def start(app, side="white", opponent="ai") -> MapScene:
    app.new_campaign(side, opponent)
    app.step(0.016, [])
    scene = app.stack.top
    assert isinstance(scene, MapScene)
    return scene


def settle(app, session, frames=200):
    """Let the opponent finish its phase (skipping), until the human is to move."""
    for _ in range(frames):
        if session.human_to_move() or session.game.over:
            return
        press(app, pygame.K_SPACE)
    raise AssertionError("the opponent never finished its phase")


def centre(scene, h, zoom=4.5):
    scene.camera.zoom = zoom
    scene.camera.centre_on(float(scene.layers.cx[h]), float(scene.layers.cy[h]))
    scene.app.step(0.016, [])


def pos_of(scene, h):
    x, y = scene.view.hex_screen(h)
    return int(round(x)), int(round(y))


def quiet_stop(session, u):
    """A hex the unit can reach without sighting any enemy (so the move can be undone)."""
    world, st = session.world, session.state
    side = int(st.side)
    from game.engine import rules

    for h in sorted(session.reach(u).stops):
        out = rules.apply(world, st, Move(world.unit_ids[u], h))
        if out.ok and np.array_equal(out.state.seen_turn[side], st.seen_turn[side]):
            return h
    return None


def stage_contact(session, turns=15):
    """Walk the side to move toward the enemy, turn after turn, until one unit can attack."""
    world = session.world
    for _ in range(turns):
        st = session.state
        vis = session.visible_units()
        enemy = {int(st.hex[u]) for u in np.flatnonzero(vis) if world.unit_side[u] != st.side}
        for u in st.units_of(st.side, world).tolist():
            for nb in world.grid.neighbours[st.hex[u]].tolist():
                if nb in enemy and not st.attacked[u]:
                    return u, nb
        foes = st.units_of(1 - st.side, world)
        for u in st.units_of(st.side, world).tolist():
            stops = np.array(sorted(session.reach(u).stops), dtype=np.int64)
            if stops.size and foes.size:
                st = session.state
                d = world.grid.distance(stops[:, None], st.hex[foes][None]).min(axis=1)
                session.submit(Move(world.unit_ids[u], int(stops[int(np.argmin(d))])))
        session.end_turn()
        while session.opponent_to_move():
            session.step_opponent()
        if session.hotseat:
            session.end_turn()
    return None


# ------------------------------------------------------------------------------ flows
def test_select_move_undo_through_clicks_and_keys(make_app, world):
    app = make_app()
    scene = start(app)
    s = scene.session
    assert s.autosave and s.source.path == str(DEFAULT_SCENARIO)
    u = next(v for v in s.state.units_of(s.state.side, world).tolist() if quiet_stop(s, v))
    to = quiet_stop(s, u)
    centre(scene, int(s.state.hex[u]))
    click(app, pos_of(scene, int(s.state.hex[u])))
    assert s.selected == [u]
    before = s.state.state_hash()
    centre(scene, to)
    click(app, pos_of(scene, to))
    assert int(s.state.hex[u]) == to and len(s.game.log) == 1
    assert scene.undo_button.enabled or app.step(0.016, []) is None
    app.step(0.016, [])
    assert scene.undo_button.enabled
    press(app, pygame.K_u)
    assert s.state.state_hash() == before and s.game.log == []
    assert s.selected == [u] and s.log[-1].kind == "undo"
    press(app, pygame.K_z, mod=pygame.KMOD_CTRL)  # nothing left: refused with the reason
    assert s.log[-1].kind == "refused" and "nothing to undo" in s.log[-1].text
    assert s.state.state_hash() == before


def test_attack_marks_the_map_and_opens_the_report(make_app, world):
    app = make_app()
    scene = start(app, "white", "hot-seat")
    s = scene.session
    contact = stage_contact(s)
    assert contact is not None
    u, enemy = contact
    scene.overlays.clear()
    centre(scene, enemy)
    click(app, pos_of(scene, int(s.state.hex[u])))
    assert u in s.selected
    hover(app, pos_of(scene, enemy))
    assert s.preview(enemy) is not None
    press(app, pygame.K_j)  # every ready unit next to the enemy joins
    joined = set(s.selected)
    assert u in joined and joined == set(s.ready_neighbours(enemy))
    shot(app, "map_attack_preview.png")
    battles = s.state.combat_count
    click(app, pos_of(scene, enemy))
    assert s.state.combat_count == battles + 1
    report = s.reports[-1]
    assert report.hex == enemy and report.attacker.men[0] + report.attacker.men[1] > 0
    assert {n for n, _ in report.attacker.units} == {world.scenario.units[v].name for v in joined}
    assert scene.markers and scene.markers[-1].hex == enemy
    assert scene.report_open
    app.step(0.3, [])
    shot(app, "map_battle_report.png")
    assert any(line.kind == "battle" for line in s.visible_log())
    press(app, pygame.K_b)
    assert not scene.report_open
    press(app, pygame.K_b)
    assert scene.report_open
    # undo after a battle is refused
    press(app, pygame.K_u)
    assert "battle cannot be undone" in s.log[-1].text


class Walker:
    """An opponent that moves up to four of its units the viewer can see, each to a hex the
    viewer can see, then ends its phase: a phase with something to watch, every time."""

    def __init__(self, viewer: int):
        self.viewer = viewer
        self.phase = None
        self.done: set[int] = set()

    def next_command(self, world, state):
        from game.engine import movement
        from game.engine.commands import EndTurn

        if self.phase != (state.turn, state.phase):
            self.phase, self.done = (state.turn, state.phase), set()
        seen_units = fog.visible_units(world, state, self.viewer)
        seen_hexes = fog.visible_hexes(world, state, self.viewer)
        for u in state.units_of(state.side, world).tolist():
            if len(self.done) >= 4:
                break
            if u in self.done or not seen_units[u] or state.mp[u] <= 0:
                continue
            self.done.add(u)
            stops = [h for h in sorted(movement.reach(world, state, u).stops) if seen_hexes[h]]
            if stops:
                return Move(world.unit_ids[u], stops[-1])
        return EndTurn()


def test_end_turn_the_opponent_plays_visibly_and_space_skips(make_app, world, data_dir):
    app = make_app()
    scene = start(app, "white", "ai")
    s = scene.session
    assert stage_contact(s) is not None  # the armies in sight of each other
    s.opponent = Walker(s.viewer())  # an opponent sure to move where the player can see
    app.step(0.016, [])
    turn = s.state.turn
    scene.camera.fit()
    press(app, pygame.K_e)
    assert s.opponent_to_move()
    frames, watched, banner = 0, 0, False
    while s.opponent_to_move() and frames < 2000:
        app.step(0.03, [])
        frames += 1
        banner |= s.opponent_to_move() and scene.status().endswith("(Space: skip)")
        if scene.anim is not None:
            watched += 1
            if scene.anim.position() is not None and watched == 3:
                shot(app, "map_opponent_moving.png")
    assert not s.opponent_to_move(), "the opponent's phase should end"
    assert watched > 3  # its moves in sight were shown over several frames, not jumped over
    assert frames > watched and banner
    assert s.state.turn == turn + 1 and s.human_to_move()
    assert any(line.kind == "phase" for line in s.visible_log())
    # autosave every turn, in the player's folder
    autos = list((data_dir / "saves" / "autosave").glob("autosave-*.json"))
    assert autos
    # later phases: Space, then Esc, skip the rest of the opponent's phase at once
    for skip in (pygame.K_SPACE, pygame.K_ESCAPE):
        press(app, pygame.K_e)
        assert s.opponent_to_move() and scene.anim is not None
        press(app, skip)
        app.step(0.016, [])
        assert s.human_to_move() and scene.anim is None
    assert not scene.overlays  # Esc skipped; it did not ask to leave


def test_opponent_moves_out_of_sight_are_not_told(make_app, world):
    app = make_app()
    scene = start(app, "white", "ai")
    s = scene.session
    press(app, pygame.K_e)
    press(app, pygame.K_SPACE)
    for _ in range(20):
        app.step(0.016, [])
    viewer = s.viewer()
    lines = s.visible_log()
    hidden_moves = [
        ln
        for ln in s.log
        if ln.kind == "move" and ln.readers is not None and viewer not in ln.readers
    ]
    assert all(ln not in lines for ln in hidden_moves)
    if hidden_moves:
        assert any("out of your sight" in ln.text for ln in lines)
    # the enemies drawn are those the viewer sees
    vis = fog.visible_units(world, s.state, viewer)
    assert (s.visible_units() == vis).all()


def test_save_and_load_in_game(make_app, world, data_dir):
    app = make_app()
    scene = start(app, "red", "ai")
    s = scene.session
    settle(app, s)
    u = next(v for v in s.state.units_of(s.state.side, world).tolist() if quiet_stop(s, v))
    s.select(u)
    s.move_selected(quiet_stop(s, u))
    saved_hash = s.state.state_hash()
    press(app, pygame.K_s, mod=pygame.KMOD_CTRL)
    dialog = scene.overlays[-1]
    assert isinstance(dialog, SaveDialog)
    dialog.entry.set_text("")
    type_text(app, "Before the Selenga")
    app.step(0.016, [])
    shot(app, "map_save_dialog.png")
    press(app, pygame.K_RETURN)
    assert not scene.overlays
    path = data_dir / "saves" / "before-the-selenga.json"
    assert path.is_file()
    assert "Saved as" in s.log[-1].text
    # play on, then load it back with F9
    press(app, pygame.K_e)
    settle(app, s)
    assert s.state.state_hash() != saved_hash
    press(app, pygame.K_F9)
    dialog = scene.overlays[-1]
    assert isinstance(dialog, LoadDialog)
    assert dialog.entries[0].name == "Before the Selenga"
    shot(app, "map_load_dialog.png")
    press(app, pygame.K_RETURN)
    assert not scene.overlays
    loaded = scene.session
    assert loaded is not s and loaded.state.state_hash() == saved_hash
    assert loaded.humans == s.humans and loaded.opponent is not None
    assert loaded.game.log == s.game.log[: len(loaded.game.log)]


def test_load_list_reports_a_damaged_save_and_keeps_the_game(make_app, data_dir):
    app = make_app()
    scene = start(app)
    before = scene.session
    folder = data_dir / "saves"
    folder.mkdir(parents=True)
    (folder / "broken.json").write_text('{"format": "mongolia1921-save", "vers', encoding="utf-8")
    press(app, pygame.K_F9)
    dialog = scene.overlays[-1]
    assert not dialog.entries[0].ok
    press(app, pygame.K_RETURN)
    assert scene.overlays and "Cannot be loaded" in dialog.info.html_text
    press(app, pygame.K_ESCAPE)
    assert not scene.overlays and scene.session is before


def test_hot_reload_with_a_broken_file_keeps_the_old_game(make_app, world, tmp_path):
    path = tmp_path / "scenario.yaml"
    shutil.copy(DEFAULT_SCENARIO, path)
    app = make_app(scenario_path=path)
    scene = start(app)
    s = scene.session
    u = int(s.state.units_of(s.state.side, world)[0])
    s.select(u)
    s.move_selected(next(iter(sorted(s.reach(u).stops))))
    state = s.state.state_hash()
    good = path.read_text(encoding="utf-8")
    path.write_text(good.replace("days_per_turn: 3", "days_per_turn: three", 1), encoding="utf-8")
    press(app, pygame.K_F5)
    overlay = scene.overlays[-1]
    assert isinstance(overlay, ReloadErrors)
    assert any(ln.startswith(f"{path}:") and "days_per_turn" in ln for ln in overlay.lines)
    line = good.splitlines().index(next(ln for ln in good.splitlines() if "days_per_turn:" in ln))
    assert f"{path}:{line + 1}:" in overlay.lines[0]
    shot(app, "map_reload_errors.png")
    assert scene.session is s and s.state.state_hash() == state  # the old game runs on
    press(app, pygame.K_ESCAPE)
    assert not scene.overlays
    app.step(0.016, [])
    assert s.state.state_hash() == state
    # fixed: F5 restarts at turn 1 on the same camera
    path.write_text(
        good.replace("Ungern's brigade (main body)", "Ungern's own brigade"), encoding="utf-8"
    )
    cam = (scene.camera.cx, scene.camera.cy, scene.camera.zoom)
    press(app, pygame.K_F5)
    assert not scene.overlays
    new = scene.session
    assert new is not s and new.state.turn == 1 and new.game.log == []
    assert (scene.camera.cx, scene.camera.cy, scene.camera.zoom) == pytest.approx(cam)
    assert any(u.name == "Ungern's own brigade" for u in new.world.scenario.units)
    assert app.world is new.world and new.humans == s.humans
    assert "Reloaded" in new.log[-1].text


def test_hot_seat_hand_over_hides_the_map(make_app, world):
    app = make_app()
    scene = start(app, "white", "hot-seat")
    s = scene.session
    first = s.viewer()
    press(app, pygame.K_e)
    cover = scene.overlays[-1]
    assert isinstance(cover, HandOverOverlay) and cover.hides_map
    app.step(0.016, [])
    shot(app, "map_hand_over.png")
    # not one pixel of the map or the panel: the screen is the card on the background colour
    view = pygame.Rect(scene.camera.view)
    pixels = pygame.surfarray.pixels3d(app.screen)
    corner = pixels[view.x + 5 : view.x + 200, view.bottom - 200 : view.bottom - 5]  # minimap spot
    assert (corner == np.array(theme.BG)).all()
    panel = pixels[view.right + 5 :, 5:300]
    assert (panel == np.array(theme.BG)).all()
    del pixels
    # a click on the hidden map does nothing but reveal it
    h = int(s.state.hex[s.state.units_of(s.state.side, world)[0]])
    click(app, pos_of(scene, h))
    assert not scene.overlays and s.selected == []
    assert s.viewer() != first
    app.step(0.016, [])
    hidden = ~fog.visible_hexes(world, s.state, s.viewer())
    assert (scene.layers.hidden == hidden).all()  # the fog is the new player's


def test_help_lists_every_shortcut_and_every_action_exists(make_app):
    app = make_app()
    scene = start(app)
    for sc in keymap.SHORTCUTS:
        assert callable(getattr(scene, f"do_{sc.action}", None)), sc.action
    rows = [r for _, group in keymap.help_rows() for r in group]
    labels = " ".join(k for k, _ in rows)
    for key in ("F1", "F5", "F6", "F9", "Ctrl+S", "Ctrl+Z", "Space", "Esc", "Tab", "Home"):
        assert key in labels
    press(app, pygame.K_F1)
    assert isinstance(scene.overlays[-1], HelpOverlay)
    app.step(0.016, [])
    shot(app, "map_help.png")
    cam = scene.camera.cx
    press(app, pygame.K_LEFT)  # closes the help; the map does not pan under it
    assert not scene.overlays and scene.camera.cx == cam


def test_keyboard_orders_tab_centre_home_and_leaving(make_app, world):
    app = make_app()
    scene = start(app)
    s = scene.session
    press(app, pygame.K_TAB)
    assert len(s.selected) == 1 and s.selected[0] in s.ready_units()
    first = s.selected[0]
    press(app, pygame.K_TAB)
    assert s.selected[0] != first
    h = int(s.state.hex[s.selected[0]])
    assert (scene.camera.cx, scene.camera.cy) == pytest.approx(
        (float(scene.layers.cx[h]), float(scene.layers.cy[h])), abs=scene.layers.hex_km * 8
    )
    press(app, pygame.K_HOME)
    assert scene.camera.zoom == pytest.approx(scene.camera.min_zoom)
    press(app, pygame.K_h)  # the ghosts of history, where the scenario records them
    if scene.view.has_history(world):
        assert scene.history and scene.view.history_ghosts(s)
        card = scene.view._history_table.card(world, s.state)  # the campaign beside 1921
        assert card is not None and card.get_height() > 100
        vx, vy, vw, vh = scene.camera.view
        corner = app.screen.get_at((vx + vw - 20, vy + 14))[:3]
        assert corner != app.screen.get_at((vx + vw - 20, vy + card.get_height() + 40))[:3]
        shot(app, "map_history.png")
        press(app, pygame.K_h)
        assert not scene.history
    else:
        assert not scene.history and "no historical positions" in s.log[-1].text
    press(app, pygame.K_ESCAPE)  # clears the selection
    assert s.selected == [] and not scene.overlays
    press(app, pygame.K_ESCAPE)  # asks before leaving
    assert scene.overlays
    press(app, pygame.K_ESCAPE)  # no: keep playing
    assert not scene.overlays and app.stack.top is scene
    press(app, pygame.K_ESCAPE)
    press(app, pygame.K_RETURN)
    assert not isinstance(app.stack.top, MapScene)


def test_last_known_positions_fade_with_age():
    from game.ui.counters import GHOST_ALPHA, ghost_alpha

    alphas = [ghost_alpha(a) for a in range(10)]
    assert alphas == sorted(alphas, reverse=True) and alphas[0] < 255
    assert alphas[-1] == GHOST_ALPHA[-1] > 0


def test_hot_reload_rereads_the_mods_and_points_into_a_broken_one(make_app, tmp_path):
    from game.scenario.mods import load_with_mods

    mod = tmp_path / "kaz" / "mod.yaml"
    mod.parent.mkdir()
    text = (Path(DEFAULT_SCENARIO).parent.parent / "mods" / "kazagrandi" / "mod.yaml").read_text(
        encoding="utf-8"
    )
    mod.write_text(text, encoding="utf-8")
    w = build_world(load_with_mods(str(DEFAULT_SCENARIO), [str(mod)]))
    app = App(w, seed=5, scenario_path=DEFAULT_SCENARIO, mods=[str(mod)])
    app.step(0.016, [])
    scene = start(app)
    s = scene.session
    assert s.source.mods == (str(mod),)
    mod.write_text(text.replace("extends:", "extends:\n  - oops\nextendz:", 1), encoding="utf-8")
    press(app, pygame.K_F5)
    overlay = scene.overlays[-1]
    assert isinstance(overlay, ReloadErrors)
    assert all(ln.startswith(str(mod)) for ln in overlay.lines), overlay.lines
    assert scene.session is s
    press(app, pygame.K_ESCAPE)
    mod.write_text(text, encoding="utf-8")
    press(app, pygame.K_F5)
    assert not scene.overlays and scene.session is not s
    assert scene.session.source.mods == (str(mod),)


def test_loading_a_save_of_another_scenario_opens_its_map(make_app, world, data_dir):
    from game.scenario.mods import load_with_mods

    modded = build_world(load_with_mods(str(DEFAULT_SCENARIO), ["kazagrandi"]))
    app = App(modded, seed=5, scenario_path=DEFAULT_SCENARIO, mods=["kazagrandi"])
    scene = start(app)
    scene.session.save("With Kazagrandi")
    pygame.display.quit()
    app = make_app()  # the plain campaign
    scene = start(app)
    press(app, pygame.K_F9)
    dialog = scene.overlays[-1]
    i = next(i for i, e in enumerate(dialog.entries) if e.name == "With Kazagrandi")
    dialog.choose(i)
    press(app, pygame.K_RETURN)
    app.step(0.016, [])
    top = app.stack.top
    assert isinstance(top, MapScene) and top is not scene
    assert top.session.source.mods == ("kazagrandi",) and app.mods == ["kazagrandi"]
    assert len(top.session.world.scenario.units) == len(modded.scenario.units)


def test_pointer_at_the_window_edge_pans(make_app, monkeypatch):
    app = make_app()
    scene = start(app)
    scene.camera.zoom = 4.0
    scene.camera.centre_on(scene.layers.world_w / 2, scene.layers.world_h / 2)
    monkeypatch.setattr(pygame.mouse, "get_focused", lambda: True)
    x0, y0 = scene.camera.cx, scene.camera.cy
    hover(app, (1, 300))  # the left edge: the view moves west
    app.step(0.1, [])
    assert scene.camera.cx < x0 and scene.camera.cy == pytest.approx(y0)
    x1 = scene.camera.cx
    hover(app, (400, app.screen.get_height() - 1))  # the bottom edge: south
    app.step(0.1, [])
    assert scene.camera.cy > y0 and scene.camera.cx == pytest.approx(x1)
    monkeypatch.setattr(pygame.mouse, "get_focused", lambda: False)  # the pointer left
    y1 = scene.camera.cy
    app.step(0.1, [])
    assert scene.camera.cy == pytest.approx(y1)
