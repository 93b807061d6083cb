"""The small table that sets the player's campaign beside history on the same date (the H toggle).

The numbers come from `game.history.compare.compare_with_history`; this module only lays them out
as a card drawn in the corner of the map, rebuilt once per turn (and when the language changes).
The columns are as wide as their texts, so a longer language widens the card instead of
overlapping it.
"""

from __future__ import annotations

import datetime as dt

import pygame

from game.i18n import N_, _, format_date, format_number, language
from game.ui import palette, theme
from game.ui.widgets import text

PAD = 10
ROW = 19
SIZE = 15
GAP = 14  # between columns
INDENT = 10  # a side's rows under its name
FATES = {"active": N_("active"), "killed": N_("killed"), "captured": N_("captured")}


def _side_name(world, side_id: str) -> str:
    from game.ui.aar import short_side_name

    return short_side_name(world.scenario.sides[side_id].name)


def _holder(world, side_id: str | None) -> tuple[str, tuple[int, int, int]]:
    if side_id is None:
        return "—", theme.TEXT_DIM
    s = world.side_index[side_id]
    return _side_name(world, side_id), palette.side_colour(world, s)


def _fate(value: str) -> str:
    return _(FATES[value]) if value in FATES else value


def render(world, state) -> pygame.Surface | None:
    """The comparison card for `state`, or None when the scenario has no history."""
    try:
        from game.history.compare import compare_with_history

        cmp = compare_with_history(world, state)
    except Exception:  # no history, or a date outside it: the ghosts say so in the log
        return None
    # rows: (label, indent, label colour, this game, 1921); a label of None is a gap
    rows: list[tuple] = []
    for p in cmp["places"]:
        rows.append(
            (p["name"], 0, theme.TEXT, _holder(world, p["game"]), _holder(world, p["history"]))
        )
    for side_id, s in cmp["sides"].items():
        colour = palette.side_colour(world, world.side_index[side_id])
        rows.append((None,))
        rows.append((_side_name(world, side_id), 0, colour, ("", colour), ("", colour)))
        rows.append(
            (
                _("units in the field"),
                INDENT,
                theme.TEXT,
                (format_number(s["units_game"]), colour),
                (format_number(s["units_history"]), colour),
            )
        )
        rows.append(
            (
                _("men lost in battle"),
                INDENT,
                theme.TEXT,
                (format_number(s["losses_game"]), colour),
                (format_number(s["losses_history_battles"]), colour),
            )
        )
    fallen = [c for c in cmp["commanders"] if not c["game"] == c["history"] == "active"]
    if fallen:
        rows.append((None,))
    for c in fallen:
        rows.append(
            (
                c["name"],
                0,
                theme.TEXT,
                (_fate(c["game"]), theme.TEXT),
                (_fate(c["history"]), theme.TEXT),
            )
        )
    title = _("Beside history · {date}").format(
        date=format_date(dt.date.fromisoformat(cmp["date"]), "medium")
    )
    heads = (_("this game"), "1921")
    label_w = max((text(r[0], SIZE, bold=True).get_width() + r[1] for r in rows if r[0]), default=0)
    col_w = [
        max(
            [text(heads[k], SIZE, bold=True).get_width()]
            + [text(r[3 + k][0], SIZE, bold=True).get_width() for r in rows if r[0]]
        )
        for k in (0, 1)
    ]
    title_w = text(title, SIZE + 1, bold=True).get_width()
    w = PAD * 2 + max(title_w, label_w + 2 * GAP + sum(col_w))
    gaps = sum(1 for r in rows if r[0] is None)
    h = PAD * 2 + ROW * (len(rows) - gaps + 2) + (ROW // 2) * gaps + 4
    card = pygame.Surface((w, h), pygame.SRCALPHA)
    card.fill((*theme.PANEL_BG, 245))
    pygame.draw.rect(card, theme.PANEL_LINE, card.get_rect(), 1)
    y = PAD
    card.blit(text(title, SIZE + 1, theme.ACCENT, True), (PAD, y))
    y += ROW + 2
    x1 = PAD + label_w + GAP
    x2 = x1 + col_w[0] + GAP
    for label, x in ((heads[0], x1), (heads[1], x2)):
        card.blit(text(label, SIZE, theme.TEXT_DIM, True), (x, y))
    y += ROW + 2
    for row in rows:
        if row[0] is None:
            y += ROW // 2
            continue
        label, indent, colour, (g, gc), (hst, hc) = row
        card.blit(
            text(label, SIZE, colour, indent == 0 and colour != theme.TEXT), (PAD + indent, y)
        )
        card.blit(text(g, SIZE, gc, True), (x1, y))
        card.blit(text(hst, SIZE, hc, True), (x2, y))
        y += ROW
    return card


class HistoryTable:
    """The card, cached per world, turn and language."""

    def __init__(self) -> None:
        self._key = None
        self._card: pygame.Surface | None = None

    def card(self, world, state) -> pygame.Surface | None:
        key = (id(world), int(state.turn), int(state.phase), palette.mode, language())
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
