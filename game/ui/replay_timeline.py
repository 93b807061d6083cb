"""The replay's timeline bar: the campaign's days from left to right, a tick for every month and
week, a marker for every entry (battles, captures, commanders …), the part already shown filled
in, and the playhead. Click or drag anywhere on it to go to that day; a press on a marker goes to
that entry. Hovering shows the day and the entry under the cursor.

Drawn by hand (pygame_gui has no such widget); it only reads the replay and reports the moment
the player asked for through `on_seek(t, item)`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pygame

from game.i18n import format_date
from game.ui import theme
from game.ui.replay_model import Item, Replay
from game.ui.widgets import text

KIND_COLOURS = {
    "battle": (236, 96, 70),
    "capture": (236, 196, 90),
    "commander": (200, 130, 230),
    "movement": (110, 170, 235),
    "politics": (170, 176, 188),
    "other": (170, 176, 188),
}
SNAP_PX = 6  # a press this close to a marker goes to its entry
ROWS = 3  # markers of nearby days are stacked in up to this many rows


class TimelineBar:
    def __init__(self, rect, on_seek: Callable[[float, Item | None], None]):
        self.rect = pygame.Rect(rect)
        self.on_seek = on_seek
        self.replay: Replay | None = None
        self.dragging = False
        self.hover: tuple[int, int] | None = None
        self._slots: list[tuple[Item, pygame.Rect]] = []

    # ------------------------------------------------------------------ geometry
    @property
    def track(self) -> pygame.Rect:
        """The strip the days are drawn along (inside the bar's padding)."""
        r = self.rect
        pad = theme.px(14)
        return pygame.Rect(r.x + pad, r.y + r.height - theme.px(20), r.width - 2 * pad, theme.px(8))

    def x_of(self, t: float) -> float:
        tr = self.track
        days = self.replay.days if self.replay else 1.0
        return tr.x + tr.width * (min(max(t, 0.0), days) / max(days, 1e-9))

    def t_at(self, x: float) -> float:
        tr = self.track
        days = self.replay.days if self.replay else 1.0
        share = (x - tr.x) / max(1, tr.width)
        return min(max(share, 0.0), 1.0) * days

    def set_replay(self, replay: Replay) -> None:
        self.replay = replay
        self.layout()

    def set_rect(self, rect) -> None:
        self.rect = pygame.Rect(rect)
        self.layout()

    def layout(self) -> None:
        """Where each entry's marker sits: at its day, stacked upward when days crowd."""
        self._slots = []
        if self.replay is None:
            return
        size = theme.px(9)
        last_x = [-1e9] * ROWS
        base = self.track.y - theme.px(4)
        for item in self.replay.items:
            x = self.x_of(item.t0)
            row = next((r for r in range(ROWS) if x - last_x[r] >= size + 2), None)
            if row is None:
                row = min(range(ROWS), key=lambda r: last_x[r])
            last_x[row] = x
            y = base - (row + 1) * (size + 2)
            self._slots.append((item, pygame.Rect(round(x - size / 2), y, size, size)))

    # ------------------------------------------------------------------ input
    def marker_at(self, pos) -> Item | None:
        best, best_d = None, SNAP_PX + 1
        for item, r in self._slots:
            d = max(abs(pos[0] - r.centerx), abs(pos[1] - r.centery) - r.height // 2)
            if d <= SNAP_PX and d < best_d:
                best, best_d = item, d
        return best

    def handle(self, event: pygame.event.Event) -> bool:
        """True when the event was the bar's (a press, a drag, its release)."""
        if self.replay is None:
            return False
        t = event.type
        if t == pygame.MOUSEMOTION:
            pos = getattr(event, "pos", None)
            self.hover = pos if pos is not None and self.rect.collidepoint(pos) else None
            if self.dragging and pos is not None:
                self.on_seek(self.t_at(pos[0]), None)
                return True
            return False
        if t == pygame.MOUSEBUTTONDOWN and getattr(event, "button", 0) == 1:
            pos = getattr(event, "pos", None)
            if pos is None or not self.rect.collidepoint(pos):
                return False
            item = self.marker_at(pos)
            if item is not None:
                self.on_seek(item.t0, item)
            else:
                self.on_seek(self.t_at(pos[0]), None)
            self.dragging = True
            return True
        if t == pygame.MOUSEBUTTONUP and getattr(event, "button", 0) == 1 and self.dragging:
            self.dragging = False
            return True
        if t in (pygame.WINDOWLEAVE, pygame.WINDOWFOCUSLOST):
            self.dragging = False
            self.hover = None
        return False

    # ------------------------------------------------------------------ drawing
    def draw(self, surface: pygame.Surface, t: float, pinned: Item | None = None) -> None:
        r = self.rect
        surface.fill(theme.PANEL_BG, r)
        pygame.draw.line(surface, theme.PANEL_LINE, r.topleft, r.topright, 1)
        if self.replay is None:
            return
        tr = self.track
        start = self.replay.world.scenario.meta.start
        pygame.draw.rect(surface, (52, 58, 72), tr, border_radius=3)
        done = pygame.Rect(tr.x, tr.y, max(0, round(self.x_of(t) - tr.x)), tr.height)
        pygame.draw.rect(surface, (150, 124, 60), done, border_radius=3)
        # weeks and months
        days = int(self.replay.days)
        for d in range(0, days + 1):
            date = start + dt.timedelta(days=d)
            x = round(self.x_of(d))
            if date.day == 1 or d == 0:
                pygame.draw.line(surface, theme.TEXT_DIM, (x, tr.y - 3), (x, tr.bottom + 3), 1)
                label = text(format_date(date, "short"), 13, theme.TEXT_DIM)
                if x + label.get_width() < r.right:
                    surface.blit(label, (x + 3, tr.bottom + 1))
            elif date.weekday() == 0:
                pygame.draw.line(surface, (96, 104, 122), (x, tr.y), (x, tr.bottom), 1)
        # entries
        for item, mr in self._slots:
            colour = KIND_COLOURS.get(item.kind, KIND_COLOURS["other"])
            if item.kind == "battle":
                pts = [mr.midtop, mr.midright, mr.midbottom, mr.midleft]
                pygame.draw.polygon(surface, colour, pts)
                pygame.draw.polygon(surface, (20, 20, 20), pts, 1)
            else:
                pygame.draw.circle(surface, colour, mr.center, mr.width // 2)
                pygame.draw.circle(surface, (20, 20, 20), mr.center, mr.width // 2, 1)
            if item is pinned:
                pygame.draw.rect(surface, theme.TEXT, mr.inflate(6, 6), 1, border_radius=3)
        # the playhead
        x = round(self.x_of(t))
        pygame.draw.line(surface, theme.ACCENT, (x, r.y + 3), (x, tr.bottom + 2), 2)
        pygame.draw.circle(surface, theme.ACCENT, (x, tr.centery), theme.px(7))
        pygame.draw.circle(surface, (30, 30, 30), (x, tr.centery), theme.px(7), 1)
        if self.hover is not None:
            self._tooltip(surface, self.hover)

    def _tooltip(self, surface, pos) -> None:
        item = self.marker_at(pos)
        if item is not None:
            msg = f"{item.date_text()} · {item.title}"
        else:
            msg = format_date(self.replay.date_at(self.t_at(pos[0])), "long")
        label = text(msg, 15, theme.TEXT)
        box = label.get_rect().inflate(12, 6)
        box.midbottom = (pos[0], self.rect.y - 4)
        box.clamp_ip(surface.get_rect())
        pygame.draw.rect(surface, (15, 18, 24), box, border_radius=4)
        pygame.draw.rect(surface, theme.PANEL_LINE, box, 1, border_radius=4)
        surface.blit(label, label.get_rect(center=box.center))
