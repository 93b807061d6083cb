"""The small table that sets the player's campaign beside history on the same date (the H toggle).

The numbers come from `game.history.compare.compare_with_history`; this module only lays them out
as a card drawn in the corner of the map, rebuilt once per turn.
"""

from __future__ import annotations

import pygame

from game.ui import palette, theme
from game.ui.widgets import text

PAD = 10
ROW = 19
SIZE = 15
COLS = (170, 95, 95)  # label, this game, 1921


def _holder(world, side_id: str | None) -> tuple[str, tuple[int, int, int]]:
    if side_id is None:
        return "—", theme.TEXT_DIM
    s = world.side_index[side_id]
    return world.scenario.sides[side_id].name.split()[0], palette.side_colour(world, s)


def render(world, state) -> pygame.Surface | None:
    """The comparison card for `state`, or None when the scenario has no history."""
    try:
        from game.history.compare import compare_with_history

        cmp = compare_with_history(world, state)
    except Exception:  # no history, or a date outside it: the ghosts say so in the log
        return None
    rows: list[tuple[str, tuple[str, tuple], tuple[str, tuple]]] = []
    for p in cmp["places"]:
        rows.append((p["name"], _holder(world, p["game"]), _holder(world, p["history"])))
    rows.append(("", ("", theme.TEXT), ("", theme.TEXT)))
    for side_id, s in cmp["sides"].items():
        name = world.scenario.sides[side_id].name.split()[0]
        colour = palette.side_colour(world, world.side_index[side_id])
        rows.append(
            (
                f"{name}: units in the field",
                (str(s["units_game"]), colour),
                (str(s["units_history"]), colour),
            )
        )
        rows.append(
            (
                f"{name}: men lost in battle",
                (f"{s['losses_game']:,}", colour),
                (f"{s['losses_history_battles']:,}", colour),
            )
        )
    for c in cmp["commanders"]:
        if c["game"] == c["history"] == "active":
            continue
        rows.append((c["name"].split()[-1], (c["game"], theme.TEXT), (c["history"], theme.TEXT)))
    w = PAD * 2 + sum(COLS)
    h = PAD * 2 + ROW * (len(rows) + 2) + 4
    card = pygame.Surface((w, h), pygame.SRCALPHA)
    card.fill((*theme.PANEL_BG, 245))
    pygame.draw.rect(card, theme.PANEL_LINE, card.get_rect(), 1)
    y = PAD
    card.blit(text(f"Beside history · {cmp['date']}", SIZE + 1, theme.ACCENT, True), (PAD, y))
    y += ROW + 2
    x1, x2 = PAD + COLS[0], PAD + COLS[0] + COLS[1]
    for label, x in (("this game", x1), ("1921", x2)):
        card.blit(text(label, SIZE, theme.TEXT_DIM, True), (x, y))
    y += ROW + 2
    for label, (g, gc), (hst, hc) in rows:
        if label:
            card.blit(text(label, SIZE, theme.TEXT), (PAD, y))
            card.blit(text(g, SIZE, gc, True), (x1, y))
            card.blit(text(hst, SIZE, hc, True), (x2, y))
        y += ROW if label else ROW // 2
    return card


class HistoryTable:
    """The card, cached per world and turn."""

    def __init__(self) -> None:
        self._key = None
        self._card: pygame.Surface | None = None

    def card(self, world, state) -> pygame.Surface | None:
        key = (id(world), int(state.turn), int(state.phase), palette.mode)
        if key != self._key:
            self._key, self._card = key, render(world, state)
        return self._card

    def draw(self, surface: pygame.Surface, world, state, view) -> None:
        """In the map's top-right corner (`view` is the map area's x, y, w, h)."""
        card = self.card(world, state)
        if card is None:
            return
        vx, vy, vw, vh = view
        if card.get_width() + 20 > vw or card.get_height() + 20 > vh:
            return  # a window too small for it: the ghosts alone still show
        surface.blit(card, (vx + vw - card.get_width() - 10, vy + 10))
