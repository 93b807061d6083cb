"""The replay's side panel: the date and the clock, then the current entry — caption, date,
place, confidence, forces, sources — and for a battle what the engine predicted (the chance of
each outcome and the losses to expect, from the resolver's Monte Carlo) beside what happened.

Drawn by hand like the map's side panel; it reads the replay's `Item` and never changes it.
"""

from __future__ import annotations

import pygame

from game.i18n import N_, _, format_date, format_number
from game.ui import theme
from game.ui.encyclopedia import LinkMap, confidence_word, entry_key, place_key
from game.ui.replay_model import (
    OUTCOMES,
    Forecast,
    Item,
    SideView,
    men_count,
    men_text,
    outcome_text,
    percent,
)
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
KIND_LABELS = {  # the chip above an entry's title (shown in capitals)
    "battle": N_("Battle"),
    # TRANSLATORS: the kind of a replay entry: a place changes hands
    "capture": N_("Taken"),
    "commander": N_("Commander"),
    "movement": N_("Movement"),
    "politics": N_("Politics"),
    "other": N_("Event"),
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
        surface.blit(text(format_date(date, "long"), 28, theme.TEXT, True), (x, y))
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
            empty = _("Nothing recorded yet. Press Space to play, or → for the next day.")
            for ln in wrap(empty, w):
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
            sources = _("Sources: {sources}").format(sources="; ".join(item.sources))
            for ln in wrap(sources, w, 15):
                surface.blit(text(ln, 15, (176, 168, 140)), (x, y))
                y += 17
        if item.is_battle and item.attacker is not None:
            y = _rule(surface, r, y + 4)
            y = self._battle(surface, item, x, y, w)
        self._overflow = max(0, y + 8 - r.bottom)
        if self._overflow or self.scroll:
            more = _("wheel: more ▾") if self._overflow else _("wheel: back ▴")
            hint = text(more, 14, theme.ACCENT)
            box = hint.get_rect(bottomright=(r.right - 6, r.bottom - 4)).inflate(8, 2)
            surface.fill(theme.PANEL_BG, box)
            surface.blit(hint, hint.get_rect(center=box.center))
        self.links.underline(surface)
        surface.set_clip(old)

    # ------------------------------------------------------------------ parts
    def _head(self, surface, item: Item, under_way: bool, x: int, y: int, w: int) -> int:
        kind = _(KIND_LABELS[item.kind]) if item.kind in KIND_LABELS else item.kind.title()
        chip = text(kind.upper(), 14, (20, 20, 20), True)
        box = chip.get_rect(topleft=(x, y)).inflate(10, 4)
        box.topleft = (x, y)
        pygame.draw.rect(surface, theme.ACCENT, box, border_radius=3)
        surface.blit(chip, chip.get_rect(center=box.center))
        cx = box.right + 8
        if item.confidence:
            colour = CONFIDENCE_COLOURS.get(item.confidence, theme.TEXT_DIM)
            conf = text(confidence_word(item.confidence), 14, colour, True)
            cbox = conf.get_rect().inflate(10, 4)
            cbox.topleft = (cx, y)
            pygame.draw.rect(surface, colour, cbox, 1, border_radius=3)
            surface.blit(conf, conf.get_rect(center=cbox.center))
            cx = cbox.right + 8
        if not under_way:
            # TRANSLATORS: the entry shown began before the current moment and is over
            surface.blit(text(_("(earlier)"), 14, theme.TEXT_DIM), (cx, y + 1))
        y += box.height + 6
        for ln in wrap_bold(item.title, w, 22):
            self.links.add(surface.blit(text(ln, 22, theme.TEXT, True), (x, y)), self._pages[0])
            y += 24
        where = item.date_text() + (f" · {item.place}" if item.place else "")
        for ln in wrap(where, w, 17):
            self.links.add(surface.blit(text(ln, 17, theme.TEXT_DIM), (x, y)), self._pages[1])
            y += 19
        return y + 4

    def _battle(self, surface, item: Item, x: int, y: int, w: int) -> int:
        fc = item.forecast()
        heads = (_("Attackers: {side}"), _("Defenders: {side}"))
        for head, side in zip(heads, (item.attacker, item.defender), strict=True):
            y = _force(surface, head.format(side=side.name), side, x, y, w)
        y += 2
        happened = outcome_text(item.outcome, capital=True)
        surface.blit(text(_("What happened"), 16, theme.TEXT_DIM, True), (x, y))
        y += 18
        colour = OUTCOME_COLOURS.get(item.outcome, theme.TEXT)
        surface.blit(text(happened, 19, colour, True), (x, y))
        y += 21
        losses = [
            who.format(losses=s.losses)
            for who, s in (
                (_("attackers −{losses}"), item.attacker),
                (_("defenders −{losses}"), item.defender),
            )
            if s is not None and s.losses
        ]
        if losses:
            lost = _("Lost: {losses}").format(losses=" · ".join(losses))
            for ln in wrap(lost, w, 15):
                surface.blit(text(ln, 15, theme.TEXT), (x, y))
                y += 17
        y += 6
        if fc is None:
            none = text(_("No prediction for this battle."), 15, theme.TEXT_DIM)
            surface.blit(none, (x, y))
            return y + 18
        return _forecast(surface, fc, item, x, y, w)


def wrap_bold(s: str, width: int, size: int) -> list[str]:
    """Lines of bold text (`wrap` measures the regular face, about a tenth narrower)."""
    return wrap(s, width - width // 10, size)


def _rule(surface, r: pygame.Rect, y: int) -> int:
    pygame.draw.line(surface, theme.PANEL_LINE, (r.x + PAD, y), (r.right - PAD, y), 1)
    return y + 8


def _force(surface, head: str, side: SideView, x: int, y: int, w: int) -> int:
    colour = theme.TEXT_DIM
    for ln in wrap_bold(head, w, 16):
        surface.blit(text(ln, 16, colour, True), (x, y))
        y += 18
    units = ", ".join(side.units)
    for ln in wrap(units, w - 10, 15)[:3]:
        surface.blit(text(ln, 15, theme.TEXT), (x + 10, y))
        y += 16
    line = men_text(side.men)
    if side.commander:
        line = _("{men} · led by {commander}").format(men=line, commander=side.commander)
    for ln in wrap(line, w - 10, 15):
        surface.blit(text(ln, 15, theme.TEXT_DIM), (x + 10, y))
        y += 16
    return y + 2


def _forecast(surface, fc: Forecast, item: Item, x: int, y: int, w: int) -> int:
    title = text(_("The engine's prediction"), 16, theme.TEXT_DIM, True)
    surface.blit(title, (x, y))
    odds = text(
        # TRANSLATORS: the force ratio of a battle, then the number of Monte Carlo runs
        _("odds {odds}:1 · {runs} runs").format(
            odds=format_number(fc.odds, 1), runs=format_number(fc.samples)
        ),
        14,
        theme.TEXT_DIM,
    )
    if title.get_width() + odds.get_width() + 8 > w:  # no room beside the title: under it
        y += 18
        surface.blit(odds, (x, y))
    else:
        surface.blit(odds, odds.get_rect(topright=(x + w, y + 2)))
    y += 20
    # one bar: the share of each outcome, the one that happened outlined
    bar = pygame.Rect(x, y, w, 16)
    pygame.draw.rect(surface, (50, 55, 68), bar)
    left = bar.x
    for name in OUTCOMES:
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
    for name in OUTCOMES:
        p = fc.p_outcome.get(name, 0.0)
        here = name == item.outcome
        colour = theme.TEXT if here else theme.TEXT_DIM
        pygame.draw.rect(surface, OUTCOME_COLOURS[name], (x, y + 4, 10, 10))
        label = outcome_text(name, capital=True)
        if here:
            label = _("{outcome}  ◀ happened").format(outcome=label)
        surface.blit(text(label, 15, colour, here), (x + 16, y))
        pct = text(percent(p), 15, colour, here)
        surface.blit(pct, pct.get_rect(topright=(x + w, y)))
        y += 17
    y += 4
    for who, (mean, lo, hi) in (
        (_("Attackers lose about {men} ({low}–{high})"), fc.att_loss),
        (_("Defenders lose about {men} ({low}–{high})"), fc.def_loss),
    ):
        msg = who.format(men=men_count(mean), low=format_number(lo), high=format_number(hi))
        for ln in wrap(msg, w, 15):
            surface.blit(text(ln, 15, theme.TEXT), (x, y))
            y += 17
    won = item.outcome in ("defender_retreats", "defender_routed")
    p_winner = fc.p_attacker_wins if won else 1.0 - fc.p_attacker_wins
    right = p_winner > 0.5
    verdict = (
        _("The engine favoured the side that won ({chance}).")
        if right
        else _("The engine gave the side that won only {chance}.")
    ).format(chance=percent(p_winner))
    y += 2
    for ln in wrap_bold(verdict, w, 16):
        surface.blit(text(ln, 16, theme.TEXT_GOOD if right else theme.TEXT_WARN, True), (x, y))
        y += 18
    return y
