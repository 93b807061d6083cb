"""The replay's side panel: the date and the clock, then the current entry — caption, date,
place, confidence, forces, sources — and for a battle what the engine predicted (the chance of
each outcome and the losses to expect, from the resolver's Monte Carlo) beside what happened.

Drawn by hand like the map's side panel; it reads the replay's `Item` and never changes it.
"""

from __future__ import annotations

import pygame

from game.ui import theme
from game.ui.encyclopedia import LinkMap, entry_key, place_key
from game.ui.panels import OUTCOME_LABELS
from game.ui.replay_model import Forecast, Item, SideView, men_text
from game.ui.widgets import text, wrap

PAD = 12
CONFIDENCE_COLOURS = {
    "sure": (140, 220, 140),
    "disputed": (240, 160, 80),
    "inferred": (150, 180, 235),
}
OUTCOME_COLOURS = {
    "defender_routed": (215, 80, 60),
    "defender_retreats": (235, 150, 80),
    "held": (200, 200, 150),
    "attacker_repulsed": (110, 170, 220),
    "attacker_routed": (70, 120, 210),
}
KIND_LABELS = {
    "battle": "Battle",
    "capture": "Taken",
    "commander": "Commander",
    "movement": "Movement",
    "politics": "Politics",
    "other": "Event",
}


class EventPanel:
    """The panel; the entry's part scrolls with the wheel when it is taller than the window."""

    def __init__(self, rect):
        self.rect = pygame.Rect(rect)
        self.scroll = 0
        self._overflow = 0  # how many pixels of the entry did not fit at the last draw
        self._key: str | None = None
        self.links = LinkMap()  # the entry's title and place open their encyclopedia pages
        self._pages: tuple[str | None, str | None] = (None, None)

    def scroll_by(self, dy: int) -> None:
        self.scroll = min(max(0, self.scroll + dy), self._overflow + self.scroll)

    def draw(
        self,
        surface: pygame.Surface,
        world,
        date,
        clock: str,
        status: str,
        item: Item | None,
        under_way: bool,
        notice: tuple[str, tuple[int, int, int]] | None = None,
    ) -> None:
        r = self.rect
        surface.fill(theme.PANEL_BG, r)
        pygame.draw.line(surface, theme.PANEL_LINE, r.topleft, r.bottomleft, 2)
        old = surface.get_clip()
        surface.set_clip(r)
        x, w = r.x + PAD, r.width - 2 * PAD
        y = r.y + 10
        surface.blit(text(f"{date.day} {date:%B %Y}", 28, theme.TEXT, True), (x, y))
        y += 30
        surface.blit(text(clock, 18, theme.ACCENT), (x, y))
        y += 20
        if status:
            surface.blit(text(status, 17, theme.TEXT_DIM), (x, y))
            y += 20
        if notice is not None:
            msg, colour = notice
            for ln in wrap(msg, w, 15)[:6]:
                surface.blit(text(ln, 15, colour), (x, y))
                y += 17
        y = _rule(surface, r, y + 4)
        key = item.key if item is not None else None
        if key != self._key:
            self._key, self.scroll = key, 0
        top = y
        surface.set_clip(pygame.Rect(r.x, top, r.width, r.bottom - top))
        self.links.clear()
        self.links.clip = pygame.Rect(r.x, top, r.width, r.bottom - top)
        if item is not None:
            place = place_key(world, item.place) if item.place else None
            self._pages = (entry_key(world, item.key), place)
        y -= self.scroll
        if item is None:
            for ln in wrap("Nothing recorded yet. Press Space to play, or → for the next day.", w):
                surface.blit(text(ln, 18, theme.TEXT_DIM), (x, y))
                y += 20
            surface.set_clip(old)
            return
        y = self._head(surface, item, under_way, x, y, w)
        for ln in wrap(item.caption, w, 17):
            surface.blit(text(ln, 17, theme.TEXT), (x, y))
            y += 19
        if item.note:
            y += 4
            for ln in wrap(item.note, w, 15)[:5]:
                surface.blit(text(ln, 15, theme.TEXT_DIM), (x, y))
                y += 17
        if item.sources:
            y += 4
            for ln in wrap("Sources: " + "; ".join(item.sources), w, 15):
                surface.blit(text(ln, 15, (176, 168, 140)), (x, y))
                y += 17
        if item.is_battle and item.attacker is not None:
            y = _rule(surface, r, y + 4)
            y = self._battle(surface, item, x, y, w)
        self._overflow = max(0, y + 8 - r.bottom)
        if self._overflow or self.scroll:
            hint = text("wheel: more ▾" if self._overflow else "wheel: back ▴", 14, theme.ACCENT)
            box = hint.get_rect(bottomright=(r.right - 6, r.bottom - 4)).inflate(8, 2)
            surface.fill(theme.PANEL_BG, box)
            surface.blit(hint, hint.get_rect(center=box.center))
        self.links.underline(surface)
        surface.set_clip(old)

    # ------------------------------------------------------------------ parts
    def _head(self, surface, item: Item, under_way: bool, x: int, y: int, w: int) -> int:
        kind = KIND_LABELS.get(item.kind, item.kind.title())
        chip = text(kind.upper(), 14, (20, 20, 20), True)
        box = chip.get_rect(topleft=(x, y)).inflate(10, 4)
        box.topleft = (x, y)
        pygame.draw.rect(surface, theme.ACCENT, box, border_radius=3)
        surface.blit(chip, chip.get_rect(center=box.center))
        cx = box.right + 8
        if item.confidence:
            colour = CONFIDENCE_COLOURS.get(item.confidence, theme.TEXT_DIM)
            conf = text(item.confidence, 14, colour, True)
            cbox = conf.get_rect().inflate(10, 4)
            cbox.topleft = (cx, y)
            pygame.draw.rect(surface, colour, cbox, 1, border_radius=3)
            surface.blit(conf, conf.get_rect(center=cbox.center))
            cx = cbox.right + 8
        if not under_way:
            surface.blit(text("(earlier)", 14, theme.TEXT_DIM), (cx, y + 1))
        y += box.height + 6
        for ln in wrap(item.title, w, 22):
            self.links.add(surface.blit(text(ln, 22, theme.TEXT, True), (x, y)), self._pages[0])
            y += 24
        where = item.date_text() + (f" · {item.place}" if item.place else "")
        for ln in wrap(where, w, 17):
            self.links.add(surface.blit(text(ln, 17, theme.TEXT_DIM), (x, y)), self._pages[1])
            y += 19
        return y + 4

    def _battle(self, surface, item: Item, x: int, y: int, w: int) -> int:
        fc = item.forecast()
        for label, side in (("Attackers", item.attacker), ("Defenders", item.defender)):
            y = _force(surface, label, side, x, y, w)
        y += 2
        happened = dict(OUTCOME_LABELS).get(item.outcome, item.outcome)
        surface.blit(text("What happened", 16, theme.TEXT_DIM, True), (x, y))
        y += 18
        colour = OUTCOME_COLOURS.get(item.outcome, theme.TEXT)
        surface.blit(text(happened, 19, colour, True), (x, y))
        y += 21
        losses = [
            f"{who} −{s.losses}"
            for who, s in (("attackers", item.attacker), ("defenders", item.defender))
            if s is not None and s.losses
        ]
        if losses:
            for ln in wrap("Lost: " + " · ".join(losses), w, 15):
                surface.blit(text(ln, 15, theme.TEXT), (x, y))
                y += 17
        y += 6
        if fc is None:
            surface.blit(text("No prediction for this battle.", 15, theme.TEXT_DIM), (x, y))
            return y + 18
        return _forecast(surface, fc, item, x, y, w)


def _rule(surface, r: pygame.Rect, y: int) -> int:
    pygame.draw.line(surface, theme.PANEL_LINE, (r.x + PAD, y), (r.right - PAD, y), 1)
    return y + 8


def _force(surface, label: str, side: SideView, x: int, y: int, w: int) -> int:
    colour = theme.TEXT_DIM
    surface.blit(text(f"{label}: {side.name}", 16, colour, True), (x, y))
    y += 18
    units = ", ".join(side.units)
    for ln in wrap(units, w - 10, 15)[:3]:
        surface.blit(text(ln, 15, theme.TEXT), (x + 10, y))
        y += 16
    line = men_text(side.men) + (f" · led by {side.commander}" if side.commander else "")
    for ln in wrap(line, w - 10, 15):
        surface.blit(text(ln, 15, theme.TEXT_DIM), (x + 10, y))
        y += 16
    return y + 2


def _forecast(surface, fc: Forecast, item: Item, x: int, y: int, w: int) -> int:
    surface.blit(text("The engine's prediction", 16, theme.TEXT_DIM, True), (x, y))
    odds = text(f"odds {fc.odds:.1f}:1 · {fc.samples:,} runs", 14, theme.TEXT_DIM)
    surface.blit(odds, odds.get_rect(topright=(x + w, y + 2)))
    y += 20
    # one bar: the share of each outcome, the one that happened outlined
    bar = pygame.Rect(x, y, w, 16)
    pygame.draw.rect(surface, (50, 55, 68), bar)
    left = bar.x
    for name, _ in OUTCOME_LABELS:
        share = fc.p_outcome.get(name, 0.0)
        width = round(share * bar.width)
        if width <= 0:
            continue
        seg = pygame.Rect(left, bar.y, width, bar.height)
        pygame.draw.rect(surface, OUTCOME_COLOURS[name], seg)
        if name == item.outcome:
            pygame.draw.rect(surface, (255, 255, 255), seg, 2)
        left += width
    y += 20
    for name, label in OUTCOME_LABELS:
        p = fc.p_outcome.get(name, 0.0)
        here = name == item.outcome
        colour = theme.TEXT if here else theme.TEXT_DIM
        pygame.draw.rect(surface, OUTCOME_COLOURS[name], (x, y + 4, 10, 10))
        surface.blit(text(label + ("  ◀ happened" if here else ""), 15, colour, here), (x + 16, y))
        pct = text(f"{p:.0%}", 15, colour, here)
        surface.blit(pct, pct.get_rect(topright=(x + w, y)))
        y += 17
    y += 4
    for who, (mean, lo, hi) in (("Attackers", fc.att_loss), ("Defenders", fc.def_loss)):
        msg = f"{who} lose about {mean:,.0f} men ({lo:,.0f}–{hi:,.0f})"
        surface.blit(text(msg, 15, theme.TEXT), (x, y))
        y += 17
    won = item.outcome in ("defender_retreats", "defender_routed")
    p_winner = fc.p_attacker_wins if won else 1.0 - fc.p_attacker_wins
    right = p_winner > 0.5
    verdict = (
        f"The engine favoured the side that won ({p_winner:.0%})."
        if right
        else f"The engine gave the side that won only {p_winner:.0%}."
    )
    y += 2
    for ln in wrap(verdict, w, 16):
        surface.blit(text(ln, 16, theme.TEXT_GOOD if right else theme.TEXT_WARN, True), (x, y))
        y += 18
    return y
