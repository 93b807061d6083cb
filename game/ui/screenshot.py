"""`python main.py screenshot --out DIR`: the screens rendered headless to PNG files.

Drives the real scenes with synthetic events, like a player would, so the pictures show what the
window shows: the menu, settings, the encyclopedia, the map at the start, a selected unit with its reach and an odds
preview, the map after the opponent's turn, the saved games (with a damaged one), the scenarios
and mods (a broken mod's located error), the after-action report and the crash dialog. Runs in a
throwaway player folder with demo saves and a demo broken mod.
"""

from __future__ import annotations

import contextlib
import importlib.util
import os
import tempfile
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


DEMO_BROKEN_MOD = """\
schema_version: 1
mod:
  id: broken_example
  title: "Broken example: a typo in a unit id"
extends: "1921"
units:
  update:
    - id: red_5th_kubann
      arrive: {date: "1921-05-20"}
"""


@contextlib.contextmanager
def demo_home():
    """A throwaway player folder (saves, mods, settings), so the pictures never show or touch
    the player's own files and come out the same on every machine."""
    from game import userdata

    keys = (userdata.ENV_VAR, "XDG_DATA_HOME", "XDG_CONFIG_HOME")
    old = {k: os.environ.get(k) for k in keys}
    with tempfile.TemporaryDirectory(prefix="mongolia1921-shots-") as tmp:
        root = Path(tmp)
        os.environ[userdata.ENV_VAR] = str(root / "data")
        os.environ["XDG_DATA_HOME"] = str(root / "xdg")
        os.environ["XDG_CONFIG_HOME"] = str(root / "config")
        try:
            yield root
        finally:
            for k, v in old.items():
                if v is None:
                    os.environ.pop(k, None)
                else:
                    os.environ[k] = v


def demo_content(app, session) -> None:
    """A named save, an autosave, a damaged save and a broken mod, for the load and mods lists."""
    from game import userdata
    from game.i18n import _
    from game.scenario.mods import user_mods_dir

    meta = app.save_meta()
    if callable(getattr(session, "players", None)):  # who played which side, as the map saves it
        meta["players"] = session.players()
    # TRANSLATORS: the name of a demo saved game in the screenshots
    userdata.write_slot(_("Before the Selenga crossing"), session.game, app.fingerprint, **meta)
    userdata.write_autosave(session.game, app.fingerprint, **meta)
    (userdata.saves_dir() / "copied-from-a-usb-stick.json").write_text(
        '{"format": "mongolia1921-save", "version": 1, "name": "half a file", "crea'
    )
    folder = user_mods_dir() / "broken_example"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "mod.yaml").write_text(DEMO_BROKEN_MOD)


def play_out(session) -> None:
    """Finish the campaign with a computer player on the human side too, so the report has
    battles to show."""
    from game.players import make_player
    from game.ui.menu import computer_kinds, default_kind

    world = session.world
    kind = default_kind(computer_kinds())
    players = {}
    for s in session.humans:
        try:
            players[s] = make_player(kind, world, world.side_ids[s], SEED + s)
        except (ValueError, ImportError):
            players[s] = make_player("random", world, world.side_ids[s], SEED + s)
    refused = 0
    while not session.game.over:
        if session.human_to_move():
            cmd = players[int(session.state.side)].next_command(world, session.state)
            out = session.submit(cmd)
            refused = refused + 1 if not out.ok else 0
            if refused > 20:
                session.end_turn()
                refused = 0
        else:
            session.step_opponent()


def settle(app, frames: int = 3) -> None:
    for _ in range(frames):
        app.step(0.016, [])


def render_all(scenario_path: str, out: str | Path, observe=None) -> list[Path]:
    """Write the screenshots into `out`; returns their paths. `observe(app, name)` is called
    before each picture is saved (the untranslated-string test reads the screen there)."""
    if not os.environ.get("DISPLAY") and not os.environ.get("WAYLAND_DISPLAY"):
        os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
    os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
    with demo_home():
        return _render_all(scenario_path, Path(out), observe)


def _render_all(scenario_path: str, out: Path, observe=None) -> list[Path]:
    import pygame

    from game.cli import _load_world
    from game.ui.app import App

    world = _load_world(scenario_path)
    if world is None:
        raise SystemExit(1)
    out.mkdir(parents=True, exist_ok=True)
    saved: list[Path] = []

    def save(name: str) -> None:
        if observe is not None:
            observe(app, name)
        path = out / name
        pygame.image.save(app.screen, str(path))
        saved.append(path)
        if app.crashes:  # a picture of a crash dialog nobody asked for is a failed run
            error, report = app.crashes[-1]
            raise RuntimeError(f"the screens crashed while rendering {name}: {error} ({report})")

    app = App(world, seed=SEED, scenario_path=scenario_path)
    menu = app.stack.top
    menu.set_side(world.side_ids[0])
    settle(app)
    save("menu.png")
    menu.open_settings()
    settle(app)
    save("settings.png")
    app.back()
    menu = app.stack.top
    if hasattr(menu, "open_encyclopedia"):  # the encyclopedia from the menu, on a commander
        menu.open_encyclopedia()
        settle(app)
        book = app.stack.top
        book.set_category("commanders")
        book.show("commanders/ungern")
        settle(app)
        save("encyclopedia.png")
        app.back()
        menu = app.stack.top
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

    # the load and mods screens, over the game in progress
    from game.ui.load_screen import LoadScene
    from game.ui.mods_screen import ModsScene

    demo_content(app, session)
    app.push(LoadScene(app))
    settle(app)
    save("load.png")
    app.back()
    app.push(ModsScene(app))
    settle(app)
    mods = app.stack.top
    broken = next((i for i, e in enumerate(mods.entries or []) if e.errors), None)
    if broken is not None:
        mods.choose(broken)
    settle(app)
    save("mods.png")
    app.back()

    play_out(session)
    app.show_end(session)
    settle(app)
    save("end.png")

    # the historical replay on a battle's day, its calibration view, and this game replayed
    # (when this build has the replay's pictures)
    if importlib.util.find_spec("game.ui.replay_shots") is not None:
        from game.ui.replay_shots import screenshots as replay_screenshots

        replay_screenshots(app, save, session.game)

    # an error nobody expected, injected: the crash dialog instead of a traceback
    def broken_update(dt: float) -> None:
        raise RuntimeError("an error injected for this picture")

    app.stack.top.update = broken_update
    app.quiet_crashes = True
    settle(app, 2)
    if observe is not None:
        observe(app, "crash.png")
    path = out / "crash.png"
    pygame.image.save(app.screen, str(path))
    saved.append(path)
    pygame.quit()
    return saved
