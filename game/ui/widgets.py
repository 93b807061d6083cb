"""Text helpers and the one hand-drawn widget the map screen keeps.

Menus, dialogs and tooltips are pygame_gui widgets (see `scenes.Scene.ui`); what is drawn by hand —
the map, its side panel, charts — uses these helpers. Text is cached by content, because font
rendering is the slowest thing a panel does. A `Button` reports a click from `handle(event)`; a
disabled button shows its `note` instead.
"""

from __future__ import annotations

import re
from collections.abc import Callable

import pygame

from game.i18n import CLOSE, OPEN
from game.ui import theme

_TEXT_CACHE: dict[tuple, pygame.Surface] = {}
_SPACES = re.compile(r"[ \t\n\r]+")


def text(s: str, size: int = 18, colour=theme.TEXT, bold: bool = False) -> pygame.Surface:
    """Rendered text, cached by content (panels redraw the same lines every frame)."""
    key = (s, size, colour, bold)
    surf = _TEXT_CACHE.get(key)
    if surf is None:
        if len(_TEXT_CACHE) > 4000:
            _TEXT_CACHE.clear()
        surf = theme.font(size, bold).render(s, True, colour)
        _TEXT_CACHE[key] = surf
    return surf


def clear_text_cache() -> None:
    """Forget rendered text (after the UI scale or the fonts change)."""
    _TEXT_CACHE.clear()


def wrap(s: str, width: int, size: int = 18) -> list[str]:
    """Split `s` into lines no wider than `width` pixels."""
    f = theme.font(size)
    words, lines, cur = _SPACES.split(s.strip()), [], ""  # no-break spaces hold words together
    for w in words:
        trial = f"{cur} {w}".strip()
        if f.size(trial)[0] <= width or not cur:
            cur = trial
        else:
            lines.append(cur)
            cur = w
    if cur:
        lines.append(cur)
    return _balanced(lines) if OPEN in s else (lines or [""])


def _balanced(lines: list[str]) -> list[str]:
    """Close the pseudo-language's ⟦ at each line end and reopen it on the next line, so every
    wrapped line of a translated text still reads as translated (the untranslated-string test)."""
    out, depth = [], 0
    for line in lines:
        opened = OPEN * depth
        depth += line.count(OPEN) - line.count(CLOSE)
        out.append(opened + line + CLOSE * max(depth, 0))
    return out


def shadow_text(surface: pygame.Surface, s: str, pos, size=16, colour=(250, 250, 240)) -> None:
    """Text with a dark halo, readable over any terrain (place names on the map)."""
    fg = text(s, size, colour, True)
    bg = text(s, size, (20, 20, 20), True)
    x, y = pos
    for dx, dy in ((-1, 0), (1, 0), (0, -1), (0, 1)):
        surface.blit(bg, (x + dx, y + dy))
    surface.blit(fg, (x, y))


class Button:
    def __init__(
        self,
        label: str,
        rect: pygame.Rect,
        on_click: Callable[[], None] | None = None,
        enabled: bool = True,
        note: str = "",
        size: int = 24,
    ):
        self.label = label
        self.rect = pygame.Rect(rect)
        self.on_click = on_click
        self.enabled = enabled
        self.note = note
        self.size = size
        self.hover = False
        self.selected = False

    def handle(self, event: pygame.event.Event) -> bool:
        """True when this event clicked the button (its callback has then run)."""
        if event.type == pygame.MOUSEMOTION:
            self.hover = self.rect.collidepoint(event.pos)
        elif (
            event.type == pygame.MOUSEBUTTONUP
            and event.button == 1
            and self.enabled
            and self.rect.collidepoint(event.pos)
        ):
            if self.on_click:
                self.on_click()
            return True
        return False

    def draw(self, surface: pygame.Surface) -> None:
        if not self.enabled:
            bg = theme.BUTTON_DISABLED
        elif self.selected:
            bg = (110, 92, 40)
        else:
            bg = theme.BUTTON_HOVER if self.hover else theme.BUTTON
        pygame.draw.rect(surface, bg, self.rect, border_radius=6)
        edge = theme.ACCENT if self.selected else theme.PANEL_LINE
        pygame.draw.rect(surface, edge, self.rect, 2, border_radius=6)
        colour = theme.TEXT if self.enabled else theme.TEXT_DIM
        label = text(self.label, self.size, colour, bold=self.enabled)
        if not self.enabled and self.note:
            note = text(self.note, max(14, self.size - 8), theme.TEXT_DIM)
            total = label.get_height() + note.get_height()
            top = self.rect.centery - total // 2
            surface.blit(label, label.get_rect(midtop=(self.rect.centerx, top)))
            surface.blit(note, note.get_rect(midtop=(self.rect.centerx, top + label.get_height())))
        else:
            surface.blit(label, label.get_rect(center=self.rect.center))
