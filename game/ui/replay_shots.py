"""The replay's pictures for `python main.py screenshot`: the history on the day of a battle, the
calibration view, and the replay of the game the screenshot run has just played.

Driven like a player would drive the screen (the menu's entry, keys, the date box), so the
pictures show what the window shows.
"""

from __future__ import annotations

from collections.abc import Callable

import pygame

ODDS_WAIT = 60.0  # seconds the calibration picture waits for the first replayed campaigns


def battle_day(world) -> str:
    """The day the replay picture shows: the first battle fought for a victory objective (1921:
    the attack on Troitskosavsk, 6 June), else the first battle, else the history's first day."""
    from game.history import model

    if not model.has_history(world):
        return world.start.isoformat()
    battles = sorted(model.history_of(world).battles, key=lambda b: b.date)
    objectives = {o.place for o in world.scenario.victory.objectives if o.place}
    at_objective = (b for b in battles if getattr(b.place, "place", None) in objectives)
    first = next(at_objective, battles[0] if battles else None)
    return first.date.isoformat() if first is not None else world.start.isoformat()


def _key(app, k, mod: int = 0) -> None:
    app.step(
        0.016,
        [
            pygame.event.Event(pygame.KEYDOWN, key=k, mod=mod, unicode=""),
            pygame.event.Event(pygame.KEYUP, key=k, mod=mod),
        ],
    )


def _settle(app, seconds: float = 2.0) -> None:
    """Let the camera follow the action there (it eases toward it)."""
    for _ in range(round(seconds / 0.05)):
        app.step(0.05, [])


def screenshots(app, save: Callable[[str], None], game=None) -> None:
    """replay.png, replay_calibration.png and, with `game` (a finished game), replay_game.png."""
    from game.ui.replay_scene import ReplayScene, open_replay

    app.to_menu()
    app.step(0.016, [])
    open_replay(app)
    scene = app.stack.top
    assert isinstance(scene, ReplayScene)
    scene.jump_to(battle_day(scene.world))
    _settle(app)
    save("replay.png")
    _key(app, pygame.K_c)
    app.step(0.016, [])
    odds = getattr(scene, "_odds", None)
    if odds is not None:  # show the first replayed campaigns' figure, not only the progress bar
        import time

        t0 = time.monotonic()
        while odds.summary() is None and not odds.error and time.monotonic() - t0 < ODDS_WAIT:
            time.sleep(0.05)
            app.step(0.016, [])
    save("replay_calibration.png")
    _key(app, pygame.K_ESCAPE)
    if game is None:
        return
    from game import userdata

    path = userdata.write_slot(
        "Screenshot game", game, app.fingerprint, scenario_path=app.scenario_path
    )
    if scene.open_game(path):
        return
    app.step(0.016, [])
    battle = next((i for i in scene.replay.items if i.is_battle), None)
    if battle is not None:
        scene.seek(battle.t0, battle)
    _settle(app)
    save("replay_game.png")
