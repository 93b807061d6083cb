"""Keyboard focus for screens made of widgets: every button, choice and slider reachable without a
mouse.

A screen lists its widgets in reading order in a `FocusRing` when it builds them. ↑/↓ (and Tab,
Shift+Tab) move the focus, Enter or Space press the focused button, ←/→ change a drop-down or a
slider in place (elsewhere they move the focus too). The ring remembers the focused widget by name,
so it survives the rebuild that follows a resize or a change of UI scale. It draws an outline
over the widgets (`draw` is called after them) once the keyboard has been used, and hides it when
the mouse moves.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pygame
import pygame_gui

from game.ui import theme

NEXT = (pygame.K_DOWN, pygame.K_TAB)
PREVIOUS = (pygame.K_UP,)
PRESS = (pygame.K_RETURN, pygame.K_KP_ENTER, pygame.K_SPACE)
FOCUS = (250, 250, 250)  # white: apart from the gold of a chosen option


@dataclass
class Item:
    name: str
    element: object  # a pygame_gui element: its `rect` is outlined, `is_enabled` checked
    press: Callable[[], None] | None = None
    adjust: Callable[[int], None] | None = None  # ←/→: -1 or +1


def press_button(button) -> None:
    """Press a pygame_gui button as a click would (its command runs, its event is posted)."""
    button.on_self_event(pygame_gui.UI_BUTTON_PRESSED, {"mouse_button": 1})


class FocusRing:
    def __init__(self, first: str | None = None) -> None:
        self.items: list[Item] = []
        self.current = first  # the focused item's name
        self.shown = False  # the keyboard has been used: the outline shows

    def reset(self) -> None:
        """Forget the widgets (the screen is building new ones); the focus stays by name."""
        self.items = []

    def add(self, name: str, element, press=None, adjust=None) -> None:
        self.items.append(Item(name, element, press, adjust))
        if self.current is None:
            self.current = name

    def add_button(self, name: str, button) -> None:
        self.add(name, button, lambda: press_button(button))

    def focused(self) -> Item | None:
        usable = self._usable()
        for item in usable:
            if item.name == self.current:
                return item
        return usable[0] if usable else None

    def _usable(self) -> list[Item]:
        return [i for i in self.items if getattr(i.element, "is_enabled", True)]

    def focus(self, name: str) -> None:
        self.current = name

    def move(self, step: int) -> None:
        usable = self._usable()
        if not usable:
            return
        item = self.focused()
        k = usable.index(item) if item in usable else 0
        self.current = usable[(k + step) % len(usable)].name

    def handle(self, event: pygame.event.Event) -> bool:
        """Act on a key; True when the ring used it (the screen then ignores it)."""
        if event.type == pygame.MOUSEMOTION:
            self.shown = False
            return False
        if event.type != pygame.KEYDOWN or not self.items:
            return False
        key = event.key
        shift = bool(getattr(event, "mod", 0) & pygame.KMOD_SHIFT)
        item = self.focused()
        if key == pygame.K_TAB and shift:
            self.move(-1)
        elif key in NEXT:
            self.move(1)
        elif key in PREVIOUS:
            self.move(-1)
        elif key in (pygame.K_LEFT, pygame.K_RIGHT):
            step = 1 if key == pygame.K_RIGHT else -1
            if item is not None and item.adjust is not None:
                item.adjust(step)
            else:
                self.move(step)
        elif key in PRESS:
            if item is None or item.press is None:
                return False
            self.shown = True
            item.press()
            return True
        else:
            return False
        self.shown = True
        return True

    def draw(self, surface: pygame.Surface) -> None:
        if not self.shown:
            return
        item = self.focused()
        rect = getattr(item.element, "rect", None) if item is not None else None
        if rect is None:
            return
        r = pygame.Rect(rect).inflate(theme.px(8), theme.px(8))
        pygame.draw.rect(surface, (15, 15, 15), r.inflate(4, 4), 3, border_radius=8)
        pygame.draw.rect(surface, FOCUS, r, 3, border_radius=7)


def cycle(options: list, current, step: int):
    """The option `step` places after `current` in `options` (wrapping round)."""
    if not options:
        return current
    k = options.index(current) if current in options else 0
    return options[(k + step) % len(options)]
