"""Scenes on a stack: each takes events, advances with time and draws itself (Tuxemon's model).

The app gives every event to the top scene's `handle`: pygame_gui's own events (a button pressed,
a slider moved) go to `on_ui`, the rest first to the scene's widgets (`self.ui`, a pygame_gui
manager with the game's theme) and, when no widget took them, to `process_event`. Each frame the
app calls `update(dt)` and `draw(surface)`, then updates and draws the widgets on top. A window
resize reaches every scene on the stack through `resize`, so a scene uncovered later is laid out
for the current size. Drawing never changes game state.

Scenes: the main menu (`menu.py`), settings (`settings.py`), saved games (`load_screen.py`),
scenarios and mods (`mods_screen.py`), the map (`map_scene.py`), the after-action report
(`aar.py`) and the crash dialog (`crash.py`).
"""

from __future__ import annotations

import contextlib
import gc
import time
from typing import TYPE_CHECKING

import pygame
import pygame_gui
from pygame_gui.core import UIElement
from pygame_gui.elements import UIButton, UILabel

from game.ui import theme

if TYPE_CHECKING:
    from game.ui.app import App

# pygame_gui's event types (a button pressed, a slider moved …): routed to `Scene.on_ui`
UI_EVENTS = frozenset(
    getattr(pygame_gui, name)
    for name in dir(pygame_gui)
    if name.startswith("UI_") and isinstance(getattr(pygame_gui, name), int)
)


GC_INTERVAL = 0.25  # seconds between two collections triggered by leaving screens
_last_collect = 0.0


class TipButton(UIButton):
    """A button whose tooltip shows while it is disabled too: there it says why."""

    def can_hover(self) -> bool:
        if not self.is_enabled:
            return self.alive() and not self.held
        return super().can_hover()

    def on_hovered(self) -> None:
        if self.is_enabled:
            super().on_hovered()
        else:  # keep the disabled look; only start the tooltip's clock
            UIElement.on_hovered(self)


class Scene:
    def __init__(self, app: App):
        self.app = app
        self.ui = theme.make_manager(app.screen.get_size())
        self.fitted = (app.screen.get_size(), getattr(app, "ui_version", 0))  # laid out for

    # ---------------------------------------------------------- called by the app
    def handle(self, event: pygame.event.Event) -> None:
        if event.type in UI_EVENTS:
            element = getattr(event, "ui_element", None)
            if element is None or getattr(element, "ui_manager", self.ui) is self.ui:
                self.on_ui(event)
            return
        if event.type == pygame.USEREVENT and hasattr(event, "user_type"):
            return  # pygame_gui's old-style duplicate of a UI event
        if self.ui.process_events(event):
            return
        self.process_event(event)

    def relayout(self, size: tuple[int, int]) -> None:
        """The window changed size (or the UI scale changed): new widgets, then `resize`."""
        self.ui.set_window_resolution(size)
        self.resize(size)

    def leave(self) -> None:
        """The scene is off the stack for good: free its widgets."""
        self.ui.clear_and_reset()

    # ------------------------------------------------------------ widget helpers
    def button(
        self,
        rect,
        text: str,
        action=None,
        *,
        tooltip: str | None = None,
        object_id: str | None = None,
        enabled: bool = True,
        container=None,
    ) -> UIButton:
        """A themed button whose `action` runs after the frame's events (never mid-dispatch)."""

        def pressed() -> None:
            self.app.play_sound("click")
            if action is not None:
                self.app.defer(action)

        b = TipButton(
            pygame.Rect(rect),
            text,
            self.ui,
            container=container,
            tool_tip_text=tooltip,
            object_id=object_id,
            command=pressed,
        )
        if not enabled:
            b.disable()
        return b

    def label(self, rect, text: str, object_id: str | None = None, container=None) -> UILabel:
        return UILabel(pygame.Rect(rect), text, self.ui, container=container, object_id=object_id)

    # ------------------------------------------------------------- to override
    def process_event(self, event: pygame.event.Event) -> None:
        pass

    def on_ui(self, event: pygame.event.Event) -> None:
        pass

    def update(self, dt: float) -> None:
        pass

    def draw(self, surface: pygame.Surface) -> None:
        pass

    def resize(self, size: tuple[int, int]) -> None:
        pass


class WidgetScene(Scene):
    """A screen built from widgets: `build(size)` creates them, and is run again on a resize."""

    def __init__(self, app: App):
        super().__init__(app)
        self.build(app.screen.get_size())

    def resize(self, size) -> None:
        self.ui.clear_and_reset()
        self.build(size)

    def build(self, size: tuple[int, int]) -> None:
        pass


class SceneStack:
    def __init__(self) -> None:
        self.scenes: list[Scene] = []

    @property
    def top(self) -> Scene | None:
        return self.scenes[-1] if self.scenes else None

    def push(self, scene: Scene) -> None:
        self.scenes.append(scene)

    def pop(self) -> Scene | None:
        scene = self.scenes.pop() if self.scenes else None
        if scene is not None:
            _leave(scene)
        return scene

    def replace(self, scene: Scene) -> None:
        if self.scenes:
            _leave(self.scenes.pop())
        self.scenes.append(scene)

    def clear(self) -> None:
        while self.scenes:
            _leave(self.scenes.pop())


def _leave(scene: Scene) -> None:
    leave = getattr(scene, "leave", None)
    if leave is not None:
        with contextlib.suppress(Exception):  # freeing widgets must never stop a scene change
            leave()
    # widgets hold their surfaces in reference cycles: free them soon, not when the cycle
    # collector next happens to run, or a few hundred screens later the process is 3× larger
    # (at most four times a second: a full collection costs 20-50 ms)
    global _last_collect
    now = time.monotonic()
    if now - _last_collect >= GC_INTERVAL:
        _last_collect = now
        gc.collect()


def __getattr__(name: str):
    """The menu and the end screen moved to their own modules; old imports keep working."""
    if name == "MenuScene":
        from game.ui.menu import MenuScene

        return MenuScene
    if name == "EndScene":
        from game.ui.aar import AarScene

        return AarScene
    raise AttributeError(name)
