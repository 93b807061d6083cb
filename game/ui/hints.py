"""First-game hints: during the first turns of a player's first campaign, one short card at a
time on the map points at the controls and the goal.

A hint goes away for good when the player dismisses it (its × or the dismiss key) or does what it
shows (selects a unit, moves, ends the turn, attacks); the ids of those are kept in the settings
(`hints_dismissed`), and once a game has gone past `HINT_TURNS` the first game is over for the
hints too (`hints_done`). The settings screen can bring them all back. The texts name the keys
in force (`keymap.current`), so a rebound key is what the hint says, and the goal comes from the
scenario's victory section.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pygame

from game.i18n import N_, _, format_date, language
from game.ui import keymap, palette, theme
from game.ui.widgets import text, wrap

HINT_TURNS = 3  # the hints show while the game is at this turn or before
CARD_W = 430  # at UI scale 1


@dataclass(frozen=True)
class Hint:
    id: str
    title: str
    body: Callable[[object, keymap.KeyMap], str]  # (session, keys) -> the text
    done: Callable[[object, int], bool]  # (session, turn the screen began) -> shown what it asks


def _own_units(session) -> np.ndarray:
    return session.state.units_of(session.viewer(), session.world)


def _goal(session, keys: keymap.KeyMap) -> str:
    world = session.world
    side = world.side_ids[session.viewer()]
    v = world.scenario.victory
    worth = sorted(
        (o for o in v.objectives if o.points_per_turn.get(side, 0) > 0),
        key=lambda o: -o.points_per_turn[side],
    )
    names = ", ".join(o.name for o in worth[:3])
    fields = {
        "side": world.scenario.sides[side].name,
        "names": names,
        "end": format_date(world.scenario.meta.end, "day"),
    }
    if names:
        return _(
            "You command the {side}. Your side scores points each turn for what it holds — above "
            "all {names}. The result is measured against the real campaign of 1921, which ends "
            "on {end}."
        ).format(**fields)
    return _(
        "You command the {side}. The result is measured against the real campaign of 1921, "
        "which ends on {end}."
    ).format(**fields)


def _select(session, keys: keymap.KeyMap) -> str:
    world = session.world
    mark = palette.side_initials(world)[session.viewer()]
    return _(
        "Click one of your counters (those marked {mark}) or press {key} for the next unit that "
        "can still act. The hexes it can reach light up."
    ).format(mark=mark, key=keys.short("next_unit"))


def _move(session, keys: keymap.KeyMap) -> str:
    cursor = "/".join(
        keys.short(a) for a in ("cursor_north", "cursor_west", "cursor_south", "cursor_east")
    )
    return _(
        "Click a lit hex to move there; the path and its cost in movement points show first. "
        "From the keyboard: {cursor} move the map cursor and {act} acts. {undo} takes back a "
        "move that revealed nothing."
    ).format(cursor=cursor, act=keys.short("skip"), undo=keys.short("undo"))


def _end_turn(session, keys: keymap.KeyMap) -> str:
    return _(
        "When your units are done, press {key} (or End turn). The opponent then moves; {skip} "
        "skips to the end of its phase. {help} lists every key."
    ).format(key=keys.short("end_turn"), skip=keys.short("skip"), help=keys.short("help"))


def _attack(session, keys: keymap.KeyMap) -> str:
    return _(
        "Point at an enemy next to your unit: the side panel shows the odds and the likely "
        "losses. Click it (or {act}) to attack; {join} or Shift-click brings in more of your "
        "units."
    ).format(act=keys.short("skip"), join=keys.short("join_attack"))


HINTS: tuple[Hint, ...] = (  # titles marked here, translated when the card is drawn
    Hint("goal", N_("The goal"), _goal, lambda s, t0: False),
    Hint("select", N_("Select a unit"), _select, lambda s, t0: bool(s.selected)),
    Hint(
        "move",
        N_("Move"),
        _move,
        lambda s, t0: bool(s.state.moved[_own_units(s)].any()) or s.state.turn > t0,
    ),
    Hint("end_turn", N_("End the turn"), _end_turn, lambda s, t0: s.state.turn > t0),
    Hint(
        "attack",
        N_("Attack"),
        _attack,
        lambda s, t0: bool(s.state.attacked[_own_units(s)].any()),
    ),
)


class Hints:
    """Which hint the map shows now, and the card that shows it."""

    def __init__(self, settings, session) -> None:
        self.settings = settings
        self.start_turn = int(session.state.turn)
        self.shown = False  # a hint was shown in this game: passing HINT_TURNS ends the hints
        self.card = pygame.Rect(0, 0, 0, 0)
        self.close_rect = pygame.Rect(0, 0, 0, 0)
        self.hint: Hint | None = None  # on show since the last update
        self._pic: tuple[tuple, pygame.Surface] | None = None

    def update(self, session) -> Hint | None:
        self.hint = self.current(session)
        return self.hint

    def current(self, session) -> Hint | None:
        """The hint to show now (None: none), recording the ones the player has done."""
        s = self.settings
        if s.hints_done or session.game.over:
            return None
        if session.state.turn > HINT_TURNS:
            if self.shown:
                s.update(hints_done=True)
                s.save()
            return None
        if not session.human_to_move():
            return None
        for hint in HINTS:
            if hint.id in s.hints_dismissed:
                continue
            if hint.done(session, self.start_turn):
                self._record(hint.id)
                continue
            self.shown = True
            return hint
        return None

    def dismiss(self, session) -> bool:
        """Dismiss the hint on show; False when none was."""
        hint = self.current(session)
        if hint is None:
            return False
        self._record(hint.id)
        self.update(session)
        return True

    def _record(self, hint_id: str) -> None:
        s = self.settings
        if hint_id not in s.hints_dismissed:
            s.update(hints_dismissed=[*s.hints_dismissed, hint_id])
            s.save()

    # ------------------------------------------------------------------- draw
    def draw(self, surface, session, topleft, max_w: int) -> None:
        """The card of the hint found by the last `update` (drawing changes nothing)."""
        hint = self.hint
        if hint is None:
            self.card = self.close_rect = pygame.Rect(0, 0, 0, 0)
            return
        keys = keymap.current
        index = HINTS.index(hint) + 1
        body = hint.body(session, keys)
        key = (hint.id, body, keys.short("dismiss_hint"), theme.UI_SCALE, max_w, language())
        if self._pic is None or self._pic[0] != key:
            self._pic = (key, self._render(hint, body, index, keys, max_w))
        pic = self._pic[1]
        self.card = pic.get_rect(topleft=topleft)
        px = theme.px
        self.close_rect = pygame.Rect(self.card.right - px(30), self.card.y + px(8), px(22), px(22))
        surface.blit(pic, self.card)

    def _render(self, hint: Hint, body: str, index: int, keys, max_w: int) -> pygame.Surface:
        px = theme.px
        w = min(px(CARD_W), max_w)
        pad = px(12)
        inner = w - 2 * pad
        lines = wrap(body, inner, 18)
        title = _("{title} · hint {n} of {total}").format(
            title=_(hint.title), n=index, total=len(HINTS)
        )
        title = text(title, 20, theme.ACCENT, True)
        foot = _("{key} or ×: dismiss · Settings can show the hints again").format(
            key=keys.short("dismiss_hint")
        )
        foot = text(foot, 15, theme.TEXT_DIM)
        line_h = theme.font(18).get_height()
        h = pad + title.get_height() + px(6) + line_h * len(lines) + px(6) + foot.get_height() + pad
        pic = pygame.Surface((w, h), pygame.SRCALPHA)
        pic.fill((*theme.PANEL_BG, 236))
        pygame.draw.rect(pic, theme.ACCENT, pic.get_rect(), 2, border_radius=6)
        close = pygame.Rect(w - px(30), px(8), px(22), px(22))
        pygame.draw.rect(pic, theme.BUTTON, close, border_radius=4)
        x = text("×", 22, theme.TEXT, True)
        pic.blit(x, x.get_rect(center=close.center))
        y = pad
        pic.blit(title, (pad, y))
        y += title.get_height() + px(6)
        for ln in lines:
            pic.blit(text(ln, 18, theme.TEXT), (pad, y))
            y += line_h
        pic.blit(foot, (pad, y + px(6)))
        return pic
