"""Unit counters in the wargame convention, drawn once per look and size and then blitted.

A counter is a tile in the faction's colour with the NATO frame of its arm (infantry ×, cavalry
one diagonal, artillery a dot, armoured train an oval over a rail, partisans a diagonal with G),
the strength in men below, and corner marks: a gold star when a commander is with the unit, a red
S when it is out of supply, an orange ! when its morale is low. Stacks are drawn offset. An enemy
out of sight is drawn where it was last seen, with "?" for its strength, fainter the older the
sighting.

Colour is never the only way to tell the sides apart: each side's counters have their own outline
(square, cut corners, round) and carry the side's initial in a tab at the bottom left, so a player
who cannot tell the colours apart still reads whose unit it is. Colours come from `palette.py`
(the scenario's, or the colour-blind-safe set); the counter grows with the UI scale.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pygame

from game.engine.state import GameState
from game.engine.world import World
from game.i18n import _, format_number, language
from game.ui import palette, theme

LOW_MORALE = 0.4
STACK_OFFSET = 0.14  # share of the counter size each stacked counter is shifted by
GHOST_ALPHA = (165, 130, 105, 85, 70, 60)  # last known positions, by turns since the sighting


class Symbol:
    INFANTRY = "infantry"
    CAVALRY = "cavalry"
    ARTILLERY = "artillery"
    TRAIN = "train"
    PARTISAN = "partisan"


@dataclass(frozen=True)
class Look:
    """Everything a counter shows; the cache key of its picture."""

    symbol: str
    colour: tuple[int, int, int]
    strength: str
    commander: bool
    unsupplied: bool
    low_morale: bool
    spent: bool
    side: int = 0  # index of the side: the counter's outline
    mark: str = ""  # the side's initial, in the tab at the bottom left


SHAPES = ("square", "cut", "round")
TAB_MIN_SIZE = 24  # pixels: below this the outline alone tells the side  # the outline of each side's counters, by side index


def symbol_of(world: World, u: int) -> str:
    utype = world.scenario.unit_types[int(world.unit_type[u])]
    if utype.rail_only:
        return Symbol.TRAIN
    if "partisan" in utype.id:
        return Symbol.PARTISAN
    return (Symbol.INFANTRY, Symbol.CAVALRY, Symbol.ARTILLERY)[
        int(world.type_arm[world.unit_type[u]])
    ]


def strength_text(men: np.ndarray) -> str:
    """Men (bayonets + sabres), or guns for a unit that has only guns."""
    n = int(men[0] + men[1])
    if n == 0:
        # TRANSLATORS: a counter's strength when the unit has only guns: "6g" (6 guns)
        return _("{n}g").format(n=int(men[2]))
    if n >= 1000:
        # TRANSLATORS: a counter's strength in thousands of men: "1.2k"
        return _("{n}k").format(n=format_number(n / 1000, 1))
    return str(n)


def ghost_alpha(age_turns: int) -> int:
    """How opaque a last known position is: the older the sighting, the fainter."""
    return GHOST_ALPHA[min(max(0, age_turns), len(GHOST_ALPHA) - 1)]


def unit_look(
    world: World,
    u: int,
    strength: str,
    commander: bool = False,
    unsupplied: bool = False,
    low_morale: bool = False,
    spent: bool = False,
) -> Look:
    """The look of unit `u` with what is known of it: colour, outline and initial of its side."""
    side = int(world.unit_side[u])
    return Look(
        symbol=symbol_of(world, u),
        colour=palette.faction_colour(world, int(world.unit_faction[u])),
        strength=strength,
        commander=commander,
        unsupplied=unsupplied,
        low_morale=low_morale,
        spent=spent,
        side=side,
        mark=palette.side_initials(world)[side],
    )


def ghost_look(world: World, u: int) -> Look:
    """A unit out of sight: its arm and colour as last seen, strength and marks unknown."""
    return unit_look(world, u, "?")


def look_of(world: World, state: GameState, u: int, own_phase: bool) -> Look:
    spent = own_phase and bool(state.attacked[u] or state.mp[u] <= 0)
    return unit_look(
        world,
        u,
        strength_text(state.men[u]),
        commander=state.commander_of(u) >= 0,
        unsupplied=not bool(state.supplied[u]),
        low_morale=float(state.morale[u]) < LOW_MORALE,
        spent=spent,
    )


class CounterArt:
    """Renders and caches counter pictures by (look, size, alpha)."""

    def __init__(self) -> None:
        self._cache: dict[tuple[Look, int, int], pygame.Surface] = {}

    def get(self, look: Look, size: int, alpha: int = 255) -> pygame.Surface:
        key = (look, size, alpha, language())  # the marks' letters are translated
        surf = self._cache.get(key)
        if surf is None:
            surf = draw_counter(look, size)
            if alpha < 255:
                surf = surf.copy()
                surf.set_alpha(alpha)
            if len(self._cache) > 2000:
                self._cache.clear()
            self._cache[key] = surf
        return surf


def outline(shape: str, s: int) -> list[tuple[float, float]] | int:
    """The counter's outline: a polygon, or the corner radius of a rounded square."""
    if shape == "cut":
        c = max(4, round(s * 0.24))
        e = s - 1
        return [(c, 0), (e - c, 0), (e, c), (e, e - c), (e - c, e), (c, e), (0, e - c), (0, c)]
    if shape == "round":
        return max(4, s * 2 // 5)
    return max(2, s // 10)


def draw_counter(look: Look, size: int) -> pygame.Surface:
    s = size
    surf = pygame.Surface((s, s), pygame.SRCALPHA)
    body = look.colour if not look.spent else tuple(int(c * 0.7 + 60) for c in look.colour)
    ink = theme.ink_on(body)
    edge = outline(SHAPES[look.side % len(SHAPES)], s)
    width = max(1, s // 22)
    if isinstance(edge, list):
        pygame.draw.polygon(surf, body, edge)
        pygame.draw.polygon(surf, (15, 15, 15), edge, width + 1)
    else:
        pygame.draw.rect(surf, body, (0, 0, s, s), border_radius=edge)
        pygame.draw.rect(surf, (15, 15, 15), (0, 0, s, s), width, border_radius=edge)
    # NATO frame
    bw, bh = int(s * 0.62), int(s * 0.38)
    bx, by = (s - bw) // 2, int(s * 0.14)
    frame = pygame.Rect(bx, by, bw, bh)
    line = max(1, s // 24)
    pygame.draw.rect(surf, ink, frame, line)
    sym = look.symbol
    if sym in (Symbol.INFANTRY, Symbol.CAVALRY, Symbol.PARTISAN):
        pygame.draw.line(surf, ink, frame.bottomleft, frame.topright, line)
    if sym == Symbol.INFANTRY:
        pygame.draw.line(surf, ink, frame.topleft, frame.bottomright, line)
    if sym == Symbol.ARTILLERY:
        pygame.draw.circle(surf, ink, frame.center, max(2, bh // 4))
    if sym == Symbol.TRAIN:
        oval = frame.inflate(-bw * 0.3, -bh * 0.45)
        pygame.draw.ellipse(surf, ink, oval, line)
        y = frame.bottom - max(2, bh // 6)
        pygame.draw.line(surf, ink, (frame.left + 2, y), (frame.right - 3, y), line)
    if sym == Symbol.PARTISAN and s >= 22:
        # TRANSLATORS: the letter on a partisan counter (G for guerrilla)
        g = _font(max(10, int(bh * 0.8)), bold=True).render(_("G"), True, ink)
        surf.blit(g, (frame.left + 2, frame.top + 1))
    # the side's initial in an inked tab at the bottom left, the strength beside it (between the
    # tab and the low-morale mark, in a smaller font when it would not fit there)
    m = max(3, s // 7)
    base = s - max(1, s // 14)
    left, right = 0, s
    if look.mark and s >= TAB_MIN_SIZE:
        tab = _side_tab(look.mark, ink, body, s)
        r = surf.blit(tab, tab.get_rect(bottomleft=(max(1, s // 14), base + 1)))
        left = r.right
    if look.low_morale:
        right = s - 2 * m - 1
    size = max(11, int(s * 0.42))
    txt = _font(size, bold=s >= 30).render(look.strength, True, ink)
    while txt.get_width() > right - left - 2 and size > 8:
        size -= 1
        txt = _font(size, bold=s >= 30).render(look.strength, True, ink)
    surf.blit(txt, txt.get_rect(midbottom=((left + right) // 2, base)))
    # marks
    if look.commander:
        _star(surf, (m + 1, m + 1), m, theme.ACCENT)
    if look.unsupplied:
        r = pygame.Rect(s - 2 * m - 1, 1, 2 * m, 2 * m)
        pygame.draw.rect(surf, (200, 30, 30), r)
        if s >= 26:
            # TRANSLATORS: the letter on a counter that is out of supply
            t = _font(max(9, int(2.4 * m)), bold=True).render(_("S"), True, (255, 255, 255))
            surf.blit(t, t.get_rect(center=r.center))
    if look.low_morale:
        r = pygame.Rect(s - 2 * m - 1, s - 2 * m - 1, 2 * m, 2 * m)
        pygame.draw.rect(surf, (240, 140, 20), r)
        if s >= 26:
            t = _font(max(9, int(2.4 * m)), bold=True).render("!", True, (0, 0, 0))
            surf.blit(t, t.get_rect(center=r.center))
    return surf


def _font(pixels: float, bold: bool = False) -> pygame.font.Font:
    """A font sized for the counter itself (whose size already has the UI scale in it)."""
    return theme.font(max(6, round(pixels / theme.UI_SCALE)), bold)


def _side_tab(mark: str, ink, body, s: int) -> pygame.Surface:
    """The side's initial, in the body colour on an ink tab (reads as a shape, not a colour)."""
    letter = _font(max(9, int(s * 0.3)), bold=True).render(mark, True, body)
    w, h = letter.get_width() + max(2, s // 12), max(letter.get_height() - 2, s // 4)
    tab = pygame.Surface((w, h), pygame.SRCALPHA)
    pygame.draw.rect(tab, ink, tab.get_rect(), border_radius=max(1, s // 16))
    tab.blit(letter, letter.get_rect(center=(w / 2, h / 2)))
    return tab


def _star(surf, centre, r, colour) -> None:
    pts = []
    for i in range(10):
        a = -math.pi / 2 + i * math.pi / 5
        rr = r if i % 2 == 0 else r * 0.45
        pts.append((centre[0] + rr * math.cos(a), centre[1] + rr * math.sin(a)))
    pygame.draw.polygon(surf, colour, pts)
    pygame.draw.polygon(surf, (40, 30, 0), pts, 1)


def counter_size(zoom: float, hex_km: float) -> int:
    """Counter side in pixels for a zoom: most of a hex, never unreadably small. A larger UI
    scale means larger counters, up to the whole hex at 200 %."""
    k = theme.UI_SCALE
    return int(min(64 * k, max(20 * k, zoom * hex_km * min(1.0, 0.74 * k**0.5))))
