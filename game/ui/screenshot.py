"""`python main.py screenshot --out DIR`: the main screens rendered headless to PNG files.

Drives the real scenes with synthetic events, like a player would, so the pictures show what the
window shows: the menu, the map at the start, a selected unit with its reach and an odds preview,
the map after a full turn, and the end screen.
"""

from __future__ import annotations

import os
from pathlib import Path

os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")

import numpy as np

SEED = 7


def _event(kind, **attrs):
    import pygame

    return pygame.event.Event(kind, attrs)


def click(app, pos, shift: bool = False) -> None:
    import pygame

    app.step(
        0.016,
        [
            _event(pygame.MOUSEMOTION, pos=pos, rel=(0, 0), buttons=(0, 0, 0)),
            _event(pygame.MOUSEBUTTONDOWN, pos=pos, button=1),
            _event(pygame.MOUSEBUTTONUP, pos=pos, button=1, shift=shift),
        ],
    )


def hover(app, pos) -> None:
    import pygame

    app.step(0.016, [_event(pygame.MOUSEMOTION, pos=pos, rel=(0, 0), buttons=(0, 0, 0))])


def key(app, k) -> None:
    import pygame

    app.step(0.016, [_event(pygame.KEYDOWN, key=k, mod=0), _event(pygame.KEYUP, key=k, mod=0)])


def hex_pos(scene, h: int) -> tuple[int, int]:
    x, y = scene.view.hex_screen(h)
    return int(round(x)), int(round(y))


def find_contact(session) -> tuple[int, int, int] | None:
    """(unit, hex to move to, enemy hex next to it) for the side to move, or None."""
    world, st = session.world, session.state
    visible = session.visible_units()
    enemy_hexes = {int(st.hex[u]) for u in np.flatnonzero(visible) if world.unit_side[u] != st.side}
    for u in st.units_of(st.side, world).tolist():
        for nb in world.grid.neighbours[st.hex[u]].tolist():
            if nb in enemy_hexes:
                return u, -1, nb
    for u in st.units_of(st.side, world).tolist():
        found = session.reach(u)
        for h in sorted(found.stops, key=lambda h: found.cost[h]):
            for nb in world.grid.neighbours[h].tolist():
                if nb in enemy_hexes:
                    return u, h, nb
    return None


def approach(session) -> None:
    """Move every unit of the side to move toward the nearest enemy (to stage a battle)."""
    from game.engine.commands import Move

    world, st = session.world, session.state
    enemy = st.units_of(1 - st.side, world)
    if enemy.size == 0:
        return
    for u in st.units_of(st.side, world).tolist():
        st = session.state
        if st.status[u] != 1 or st.mp[u] <= 0:
            continue
        stops = np.array(sorted(session.reach(u).stops), dtype=np.int64)
        if stops.size == 0:
            continue
        dist = world.grid.distance(stops[:, None], st.hex[enemy][None]).min(axis=1)
        session.submit(Move(world.unit_ids[u], int(stops[int(np.argmin(dist))])))


def stage_contact(session, turns: int = 15):
    """Play the human side toward the enemy until one of its units can attack."""
    for _ in range(turns):
        contact = find_contact(session)
        if contact is not None or session.game.over:
            return contact
        approach(session)  # contact is looked for again next turn, with fresh movement points
        session.end_turn()
        while session.opponent_to_move():
            session.step_opponent()
    return None


def centre_on_hex(scene, h: int, zoom: float = 4.5) -> None:
    scene.camera.zoom = zoom
    scene.camera.centre_on(float(scene.layers.cx[h]), float(scene.layers.cy[h]))


def render_all(scenario_path: str, out: str | Path) -> list[Path]:
    """Write the five screenshots into `out`; returns their paths."""
    if not os.environ.get("DISPLAY") and not os.environ.get("WAYLAND_DISPLAY"):
        os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
    os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
    import pygame

    from game.cli import _load_world
    from game.ui.app import App

    world = _load_world(scenario_path)
    if world is None:
        raise SystemExit(1)
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    saved: list[Path] = []

    def save(name: str) -> None:
        path = out / name
        pygame.image.save(app.screen, str(path))
        saved.append(path)

    app = App(world, seed=SEED)
    menu = app.stack.top
    menu.set_side(world.side_ids[0])
    app.step(0.016, [])
    save("menu.png")
    menu.start()
    app.step(0.016, [])
    scene = app.stack.top
    hover(app, (scene.camera.view[2] // 2, scene.camera.view[3] // 2))
    save("map_start.png")

    session = scene.session
    contact = stage_contact(session)
    if contact is not None:
        u, to, enemy = contact
        if to >= 0:
            centre_on_hex(scene, to)
            app.step(0.016, [])
            click(app, hex_pos(scene, int(session.state.hex[u])))
            click(app, hex_pos(scene, to))
        centre_on_hex(scene, enemy)
        app.step(0.016, [])
        click(app, hex_pos(scene, int(session.state.hex[u])))
        hover(app, hex_pos(scene, enemy))
    else:
        u = int(session.state.units_of(session.state.side, world)[0])
        centre_on_hex(scene, int(session.state.hex[u]))
        app.step(0.016, [])
        click(app, hex_pos(scene, int(session.state.hex[u])))
        far = max(session.reach(u).stops, key=lambda h: session.reach(u).cost[h])
        hover(app, hex_pos(scene, far))
    save("unit_selected.png")

    key(app, pygame.K_e)
    key(app, pygame.K_SPACE)
    for _ in range(50):
        app.step(0.05, [])
        if session.human_to_move() or session.game.over:
            break
    scene.camera.fit()
    hover(app, (10, 10))
    save("after_turn.png")

    # play the campaign out: the human side ends each phase at once
    while not session.game.over:
        if session.human_to_move():
            session.end_turn()
        else:
            session.step_opponent()
    app.show_end(session)
    app.step(0.016, [])
    save("end.png")
    pygame.quit()
    return saved
