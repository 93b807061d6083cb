"""The window and its loop: events → top scene → update(dt) → draw, on a stack of scenes.

`run(path)` is what `python main.py play` calls. `App` can also be driven without a loop (tests,
screenshots, the frame benchmark): post or pass events, call `step(dt)`, read `screen`.
"""

from __future__ import annotations

import os
import time

import pygame

from game.engine.world import World
from game.ui import theme
from game.ui.layers import MapLayers
from game.ui.scenes import EndScene, MenuScene, SceneStack
from game.ui.session import Session

FPS = 60


def _has_ai(world: World) -> bool:
    """Whether this build has an AI player (`make_player("ai", ...)` works), checked at run time."""
    from game.players import make_player

    try:
        make_player("ai", world, world.side_ids[0], 0)
    except (ValueError, ImportError):
        return False
    return True


class App:
    def __init__(self, world: World, size=theme.WINDOW_SIZE, seed: int | None = None):
        pygame.display.init()
        pygame.font.init()
        theme.reset_fonts()
        pygame.display.set_caption(world.scenario.meta.title)
        self.screen = pygame.display.set_mode(size, pygame.RESIZABLE)
        self.world = world
        self.seed = seed if seed is not None else int(time.time()) % 1_000_000
        self.has_ai = _has_ai(world)
        self.running = True
        self.stack = SceneStack()
        self._layers: MapLayers | None = None
        self.stack.push(MenuScene(self))

    @property
    def layers(self) -> MapLayers:
        """The map's cached drawings, built on first use and kept across games."""
        if self._layers is None:
            self._layers = MapLayers(self.world)
        return self._layers

    # ------------------------------------------------------------- navigation
    def new_campaign(self, side: str, opponent: str) -> None:
        from game.ui.map_scene import MapScene

        session = Session.new(self.world, self.seed, side, opponent)
        self.stack.replace(MapScene(self, session, self.layers))

    def show_end(self, session: Session) -> None:
        result = session.state.result or {"name": "Game over"}
        losses = session.state.losses
        summary = [
            f"{self.world.scenario.sides[sid].name} lost {int(losses[i][0] + losses[i][1]):,} men and {int(losses[i][2])} guns"
            for i, sid in enumerate(self.world.side_ids)
        ]
        self.stack.replace(EndScene(self, result, summary))

    def to_menu(self) -> None:
        self.stack.scenes.clear()
        self.stack.push(MenuScene(self))

    def quit(self) -> None:
        self.running = False

    # ------------------------------------------------------------------- loop
    def handle(self, event: pygame.event.Event) -> None:
        if event.type == pygame.QUIT:
            self.quit()
            return
        if event.type == pygame.VIDEORESIZE:
            self.screen = pygame.display.get_surface()
            for scene in self.stack.scenes:
                scene.resize(self.screen.get_size())
            return
        top = self.stack.top
        if top is not None:
            top.process_event(event)

    def step(self, dt: float, events: list[pygame.event.Event] | None = None) -> None:
        """One frame: the given events (or the queue's), update, draw."""
        for event in pygame.event.get() if events is None else events:
            self.handle(event)
            if not self.running:
                return
        top = self.stack.top
        if top is None:
            self.running = False
            return
        top.update(dt)
        top = self.stack.top
        top.draw(self.screen)

    def loop(self) -> None:
        clock = pygame.time.Clock()
        while self.running:
            dt = clock.tick(FPS) / 1000.0
            self.step(min(dt, 0.1))
            pygame.display.flip()


def run(scenario_path: str) -> int:
    """Open the window on a scenario; 0 on a normal quit, 1 if the scenario is invalid."""
    from game.cli import _load_world

    world = _load_world(scenario_path)
    if world is None:
        return 1
    os.environ.setdefault("SDL_AUDIODRIVER", "dummy")  # the game has no sound yet
    app = App(world)
    try:
        app.loop()
    finally:
        pygame.quit()
    return 0
