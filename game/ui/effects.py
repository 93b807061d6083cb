"""What moves on the map for a moment: an opponent's counter sliding along its path, and the mark a
battle leaves (a ring that spreads, then crossed sabres with the outcome and losses).

Pure timing and drawing: the session says what happened (`Fx`), these only show it. A marker
stays until the side that fought it is to move again, so the player sees every battle of the
opponent's phase on the map when their own phase begins.
"""

from __future__ import annotations

import pygame

from game.i18n import N_, _, format_number, language
from game.ui.session import BattleReport, Fx
from game.ui.widgets import text

SECONDS_PER_HEX = 0.09
MOVE_MIN, MOVE_MAX = 0.25, 0.8  # seconds a move takes on screen
RING_SECONDS = 0.7
LABEL_SECONDS = 6.0  # the outcome label stays this long, then fades over FADE_SECONDS
FADE_SECONDS = 1.5
GOOD, BAD, EVEN = (120, 220, 120), (240, 90, 70), (235, 205, 110)
SHORT_OUTCOME = {  # the outcome on a battle's marker on the map
    # TRANSLATORS: a battle's outcome on its map marker: the defenders are routed
    "defender_routed": N_("routed"),
    # TRANSLATORS: a battle's outcome on its map marker: the defenders fell back
    "defender_retreats": N_("fell back"),
    # TRANSLATORS: a battle's outcome on its map marker: the defenders held
    "held": N_("held"),
    # TRANSLATORS: a battle's outcome on its map marker: the attack was repulsed
    "attacker_repulsed": N_("repulsed"),
    "attacker_routed": N_("attack routed"),
}


class MoveAnim:
    """A counter travelling along a path; `position()` is None while it crosses unseen hexes."""

    def __init__(self, fx: Fx, cx, cy):
        self.unit = fx.unit
        self.path = fx.path
        self.shown = fx.shown
        self.cx, self.cy = cx, cy
        steps = max(1, len(self.path) - 1)
        self.duration = min(MOVE_MAX, max(MOVE_MIN, steps * SECONDS_PER_HEX))
        self.t = 0.0

    @property
    def done(self) -> bool:
        return self.t >= self.duration or len(self.path) < 2

    def update(self, dt: float) -> None:
        self.t += dt

    def position(self) -> tuple[float, float] | None:
        if len(self.path) < 2:
            return None
        f = min(1.0, self.t / self.duration) * (len(self.path) - 1)
        i = min(int(f), len(self.path) - 2)
        a, b = self.path[i], self.path[i + 1]
        k = f - i
        if not (self.shown[i] if k < 0.5 else self.shown[i + 1]):
            return None
        return (
            float(self.cx[a] + (self.cx[b] - self.cx[a]) * k),
            float(self.cy[a] + (self.cy[b] - self.cy[a]) * k),
        )


class BattleMarker:
    def __init__(self, report: BattleReport, viewer: int):
        self.report = report
        self.hex = report.hex
        self.age = 0.0
        att_is_viewer = report.attacker.side == viewer
        if report.outcome == "held":
            self.colour = EVEN
        else:
            self.colour = GOOD if report.attacker_won == att_is_viewer else BAD
        self._label_pic: tuple[str, pygame.Surface] | None = None  # by language

    def update(self, dt: float) -> None:
        self.age += dt

    def expired(self, turn: int, phase: int) -> bool:
        """Gone when the side that fought it is to move again (a full round later)."""
        return (turn, phase) >= (self.report.turn + 1, self.report.phase)

    def draw(self, surface: pygame.Surface, pos: tuple[float, float], hex_px: float) -> None:
        """At screen `pos` (the hex centre); `hex_px` is a hex's width in pixels."""
        x, y = pos
        r = max(6.0, min(13.0, hex_px * 0.16))
        if self.age < RING_SECONDS:
            k = self.age / RING_SECONDS
            ring = r + k * hex_px * 0.8
            size = int(ring * 2 + 8)
            over = pygame.Surface((size, size), pygame.SRCALPHA)
            pygame.draw.circle(
                over, (*self.colour, int(255 * (1 - k))), (size / 2, size / 2), ring, 4
            )
            surface.blit(over, (x - size / 2, y - size / 2))
        cx, cy = x + hex_px * 0.38, y - hex_px * 0.36  # beside the counter's top-right corner
        pygame.draw.circle(surface, (20, 20, 20), (cx, cy), r + 2)
        pygame.draw.circle(surface, self.colour, (cx, cy), r)
        _sabres(surface, (cx, cy), r * 0.7)
        fade = 1.0
        if self.age > LABEL_SECONDS:
            fade = max(0.0, 1.0 - (self.age - LABEL_SECONDS) / FADE_SECONDS)
        if fade > 0 and hex_px >= 28:
            pill = self._pill()
            pill.set_alpha(int(255 * fade))
            surface.blit(pill, pill.get_rect(midbottom=(x, y - hex_px * 0.45)))

    @property
    def label(self) -> str:
        outcome = self.report.outcome
        return _(SHORT_OUTCOME[outcome]) if outcome in SHORT_OUTCOME else outcome

    @property
    def losses(self) -> str:
        r = self.report
        return f"−{format_number(sum(r.att_loss[:2]))} / −{format_number(sum(r.def_loss[:2]))}"

    def _pill(self) -> pygame.Surface:
        """The outcome and the losses (attacker / defender) on a dark label, drawn once."""
        if self._label_pic is None or self._label_pic[0] != language():
            a = text(self.label, 17, self.colour, True)
            b = text(f"  {self.losses}", 17, (235, 235, 225))
            w, h = a.get_width() + b.get_width() + 12, max(a.get_height(), b.get_height()) + 4
            pic = pygame.Surface((w, h), pygame.SRCALPHA)
            pygame.draw.rect(pic, (15, 18, 24, 225), pic.get_rect(), border_radius=5)
            pygame.draw.rect(pic, self.colour, pic.get_rect(), 1, border_radius=5)
            pic.blit(a, (6, 2))
            pic.blit(b, (6 + a.get_width(), 2))
            self._label_pic = (language(), pic)
        return self._label_pic[1]


def _sabres(surface, centre, r) -> None:
    """Two crossed sabres, the map sign of a battle."""
    x, y = centre
    ink = (25, 20, 15)
    w = max(2, int(r / 4))
    for s in (1, -1):
        a = (x - s * r, y + r)
        b = (x + s * r, y - r)
        pygame.draw.line(surface, ink, a, b, w)
        # hilt across the blade near its lower end
        hx, hy = x - s * r * 0.55, y + r * 0.55
        d = r * 0.3
        pygame.draw.line(surface, ink, (hx - d, hy - s * d), (hx + d, hy + s * d), w)
