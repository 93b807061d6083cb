"""What the replay screen lays over the map: the calibration view, the take-command (or
continue-from-here) dialog and the keyboard help.

Modal like the map screen's overlays (`overlays.Overlay`): while one is open the replay gets no
input and pauses. The calibration view is drawn by hand (a chart); the dialogs are pygame_gui (the list of saves
is the map screen's load dialog, relabelled).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
from collections.abc import Callable

import pygame
from pygame_gui.elements import UIButton, UILabel, UIPanel

from game.i18n import N_, _, format_date, format_number, ngettext
from game.ui import replay_keys, theme
from game.ui.overlays import Overlay, _card, _dim
from game.ui.replay_model import OUTCOMES, outcome_text, percent
from game.ui.replay_panel import OUTCOME_COLOURS
from game.ui.saveload import LoadDialog
from game.ui.widgets import text, wrap

# what the take-command dialog offers against the side played
OPPONENTS = (("ai", N_("Computer")), ("hot-seat", N_("Hot-seat")))
LOAD_HEADING = "Load a game"  # the load dialog's heading (saveload's), which WatchDialog replaces


# ------------------------------------------------------------------------------ calibration
HISTORY_BLOCK = 120  # the height of "How likely was history?" under the battles


class CalibrationView(Overlay):
    """Every historical battle: the engine's chance of each outcome beside what happened, and
    how many it calls right (its likelier winner is the side that won). A click on a battle's
    row goes to that battle in the replay."""

    def __init__(self, calibration, on_pick: Callable[[str], None] | None = None, odds=None):
        super().__init__()
        self.cal = calibration
        self.on_pick = on_pick
        self.odds = odds  # game.history.likelihood.HistoryOdds: how likely was history
        self.rows: list[tuple[pygame.Rect, str]] = []
        self.hover: tuple[int, int] | None = None

    def update(self, dt: float) -> None:
        if self.odds is not None:
            self.odds.poll()

    def process_event(self, event) -> None:
        if event.type == pygame.KEYDOWN and event.key in (
            pygame.K_ESCAPE,
            pygame.K_c,
            pygame.K_RETURN,
            pygame.K_KP_ENTER,
        ):
            self.close()
        elif event.type == pygame.MOUSEMOTION:
            self.hover = getattr(event, "pos", None)
        elif event.type == pygame.MOUSEBUTTONUP and getattr(event, "button", 0) in (1, 3):
            pos = getattr(event, "pos", (-1, -1))
            if event.button == 1:
                for rect, bid in self.rows:
                    if rect.collidepoint(pos):
                        self.close()
                        if self.on_pick is not None:
                            self.on_pick(bid)
                        return
            self.close()

    def draw(self, surface) -> None:
        _dim(surface)
        w, h = surface.get_size()
        preds = self.cal.predictions
        block = HISTORY_BLOCK if self.odds is not None else 0
        tall = 150 + 64 * max(1, len(preds)) + block
        rect = pygame.Rect(0, 0, min(1120, w - 40), min(tall, h - 40))
        rect.center = (w // 2, h // 2)
        _card(surface, rect)
        if block:
            self._draw_history(
                surface, pygame.Rect(rect.x + 24, rect.bottom - block, rect.width - 48, block - 12)
            )
        x0, y = rect.x + 24, rect.y + 16
        title = text(_("Calibration: the engine against 1921"), 30, theme.ACCENT, True)
        surface.blit(title, (x0, y))
        hint = text(
            _("click a battle to go there · any other click or Esc closes"), 16, theme.TEXT_DIM
        )
        if x0 + title.get_width() + 16 + hint.get_width() > rect.right - 24:  # under the title
            y += title.get_height()
            surface.blit(hint, hint.get_rect(topright=(rect.right - 24, y)))
            y += hint.get_height() - 30
        else:
            surface.blit(hint, hint.get_rect(topright=(rect.right - 24, y + 10)))
        y += 40
        n, k = self.cal.total, self.cal.called_right
        calls = ngettext(
            "The engine calls {right} of {n} battle right",
            "The engine calls {right} of {n} battles right",
            n,
        ).format(right=k, n=n)
        surface.blit(text(calls, 24, theme.TEXT, True), (x0, y))
        y += 30
        detail = _(
            "Right: the side the engine makes likelier to win is the side that won. "
            "Brier score {brier} (0 is perfect, 0.25 a coin toss every time); "
            "the exact outcome got {share} on average. Each battle is "
            "the resolver's Monte Carlo on the historical forces, ground and commanders."
        ).format(brier=format_number(self.cal.brier, 3), share=percent(self.cal.mean_p_actual))
        for ln in wrap(detail, rect.width - 48, 16):
            surface.blit(text(ln, 16, theme.TEXT_DIM), (x0, y))
            y += 18
        y += 8
        # legend
        lx = x0
        for name in OUTCOMES:
            pygame.draw.rect(surface, OUTCOME_COLOURS[name], (lx, y + 3, 12, 12))
            t = text(outcome_text(name, capital=True), 15, theme.TEXT_DIM)
            surface.blit(t, (lx + 16, y))
            lx += 16 + t.get_width() + 18
        y += 24
        self.rows = []
        avail = rect.bottom - 12 - block - y
        row_h = max(30, min(60, avail // max(1, len(preds))))
        shown = preds[: max(1, avail // row_h)]
        name_w = min(330, (rect.width - 48) * 30 // 100)
        bar_w = min(360, (rect.width - 48) * 33 // 100)
        for p in shown:
            row = pygame.Rect(x0 - 8, y, rect.width - 32, row_h - 4)
            if self.hover is not None and row.collidepoint(self.hover):
                pygame.draw.rect(surface, (52, 58, 74), row, border_radius=4)
            self.rows.append((row, p.id))
            surface.blit(text(format_date(p.date, "short"), 15, theme.TEXT_DIM), (x0, y + 2))
            name_lines = wrap(p.battle.name, name_w - 60, 17)[:2]
            for i, ln in enumerate(name_lines):
                surface.blit(text(ln, 17, theme.TEXT, True), (x0 + 56, y + 1 + 18 * i))
            bx = x0 + name_w
            bar = pygame.Rect(bx, y + 4, bar_w, 18)
            pygame.draw.rect(surface, (50, 55, 68), bar)
            left = bar.x
            for name in OUTCOMES:
                width = round(p.p_outcome.get(name, 0.0) * bar.width)
                if width <= 0:
                    continue
                seg = pygame.Rect(left, bar.y, width, bar.height)
                pygame.draw.rect(surface, OUTCOME_COLOURS[name], seg)
                if name == p.actual:
                    pygame.draw.rect(surface, (255, 255, 255), seg, 2)
                left += width
            mid = bar.x + bar.width // 2
            pygame.draw.line(surface, (20, 20, 20), (mid, bar.y - 2), (mid, bar.bottom + 2), 1)
            chance = percent(p.p_attacker_wins)
            att = text(_("attacker wins {chance}").format(chance=chance), 14, theme.TEXT_DIM)
            surface.blit(att, (bar.x, bar.bottom + 2))
            tx = bar.right + 16
            pred = _("predicted: {outcome}").format(outcome=outcome_text(p.predicted))
            surface.blit(text(pred, 15, theme.TEXT_DIM), (tx, y + 1))
            colour = OUTCOME_COLOURS.get(p.actual, theme.TEXT)
            happened = _("happened: {outcome}").format(outcome=outcome_text(p.actual))
            surface.blit(text(happened, 15, colour, True), (tx, y + 19))
            ok = p.called_right
            mark = text("✓" if ok else "✗", 26, theme.TEXT_GOOD if ok else theme.TEXT_WARN, True)
            surface.blit(mark, mark.get_rect(topright=(rect.right - 24, y)))
            winner = text(
                # TRANSLATORS: the chance the engine gave the side that won the battle
                _("winner {chance}").format(chance=percent(p.p_actual_winner)),
                14,
                theme.TEXT_GOOD if ok else theme.TEXT_WARN,
            )
            surface.blit(winner, winner.get_rect(topright=(rect.right - 56, y + 8)))
            y += row_h
        if len(shown) < len(preds):
            left = len(preds) - len(shown)
            more = ngettext("… and {n} more", "… and {n} more", left).format(n=left)
            more = text(more, 15, theme.TEXT_DIM)
            surface.blit(more, (x0, rect.bottom - 22 - block))

    def _draw_history(self, surface, area: pygame.Rect) -> None:
        """How likely was history: the campaign replayed with the orders of 1921, the engine
        deciding every fight, and the battles that swing the ending most."""
        odds = self.odds
        pygame.draw.line(surface, (70, 76, 92), area.topleft, area.topright, 1)
        x, y = area.x, area.y + 8
        surface.blit(text(_("How likely was history?"), 20, theme.ACCENT, True), (x, y))
        y += 26
        summary = odds.summary()
        if odds.error:
            lines = [
                _("The campaign could not be played again here: {error}").format(error=odds.error)
            ]
        elif summary is None:
            lines = [
                _(
                    "Playing the campaign again with the historical orders: {done} of {runs}…"
                ).format(done=odds.done, runs=odds.runs)
            ]
        else:
            lo, hi = summary["ci95"]
            lines = [
                ngettext(
                    "The real ending ({level}) came out in {share} of {n} campaign played with "
                    "the historical orders, the engine deciding every fight (95 % interval {lo}–{hi}).",
                    "The real ending ({level}) came out in {share} of {n} campaigns played with "
                    "the historical orders, the engine deciding every fight (95 % interval {lo}–{hi}).",
                    summary["runs"],
                ).format(
                    level=summary["level"]["name"],
                    share=percent(summary["p"]),
                    n=summary["runs"],
                    lo=percent(lo),
                    hi=percent(hi),
                )
            ]
            swings = [
                b for b in summary["battles"] if b["swing"] is not None and abs(b["swing"]) >= 0.01
            ]
            if swings:
                named = ", ".join(
                    _("{battle} ({swing} points)").format(
                        battle=b["name"],
                        swing=format_number(round(100 * b["swing"]), 0)
                        if b["swing"] < 0
                        else "+" + format_number(round(100 * b["swing"]), 0),
                    )
                    for b in swings[:3]
                )
                lines.append(_("Battles that swing it most: {battles}.").format(battles=named))
            elif odds.finished:
                lines.append(
                    _("No single battle swings it: the ending is the same whichever way they go.")
                )
        if not odds.finished and not odds.error:
            bar = pygame.Rect(area.right - 200, area.y + 12, 200, 10)
            pygame.draw.rect(surface, (50, 55, 68), bar)
            done = pygame.Rect(
                bar.x, bar.y, round(bar.width * odds.done / max(1, odds.runs)), bar.height
            )
            pygame.draw.rect(surface, theme.ACCENT, done)
            if summary is not None:
                still = _("still playing: {done} of {runs}").format(done=odds.done, runs=odds.runs)
                t = text(still, 14, theme.TEXT_DIM)
                surface.blit(t, t.get_rect(topright=(bar.x - 10, bar.y - 3)))
        for line in lines:
            for ln in wrap(line, area.width, 16):
                if y + 18 > area.bottom:
                    return
                surface.blit(text(ln, 16, theme.TEXT), (x, y))
                y += 19


class NoCalibration(Overlay):
    """The calibration key on a scenario without a history: say so."""

    def __init__(self, reason: str):
        super().__init__()
        self.reason = reason

    def process_event(self, event) -> None:
        if event.type in (pygame.KEYDOWN, pygame.MOUSEBUTTONUP):
            self.close()

    def draw(self, surface) -> None:
        _dim(surface, 120)
        w, h = surface.get_size()
        rect = pygame.Rect(0, 0, min(620, w - 40), 130)
        rect.center = (w // 2, h // 2)
        _card(surface, rect)
        y = rect.y + 18
        surface.blit(text(_("No calibration"), 26, theme.ACCENT, True), (rect.x + 20, y))
        y += 36
        for ln in wrap(self.reason, rect.width - 40, 17):
            surface.blit(text(ln, 17, theme.TEXT), (rect.x + 20, y))
            y += 20


# ------------------------------------------------------------------------------ take command
class CommandDialog(Overlay):
    """Choose a side (and the opponent) to play from a moment of the replay; the game starts
    at once on the map screen. (Commands are `functools.partial`s: pygame_gui hands the event
    to a callback that takes an argument, such as a lambda with a default.)"""

    def __init__(
        self,
        manager,
        size,
        world,
        title: str,
        detail: str,
        opponent: str,
        on_start: Callable[[str, str], None],
    ):
        super().__init__()
        self.manager = manager
        self.world = world
        self.title = title
        self.detail = detail
        self.opponent = opponent if opponent in ("ai", "hot-seat") else "ai"
        self.on_start = on_start
        self.panel: UIPanel | None = None
        self.build(size)

    def build(self, size) -> None:
        if self.panel is not None:
            self.panel.kill()
        m, px = self.manager, theme.px
        rect = pygame.Rect(0, 0, min(px(640), size[0] - 40), min(px(300), size[1] - 40))
        rect.center = (size[0] // 2, size[1] // 2)
        self.panel = UIPanel(rect, starting_height=5, manager=m)
        inner = rect.width - px(32)
        UILabel(
            pygame.Rect(px(16), px(8), inner, px(36)),
            self.title,
            m,
            container=self.panel,
            object_id="@heading",
        )
        UILabel(
            pygame.Rect(px(16), px(44), inner, px(26)),
            self.detail,
            m,
            container=self.panel,
            object_id="@dim",
        )
        UILabel(
            pygame.Rect(px(16), px(80), px(120), px(36)), _("Opponent"), m, container=self.panel
        )
        half = (inner - px(130)) // 2
        self.opp_buttons = {}
        for i, (kind, label) in enumerate(OPPONENTS):
            self.opp_buttons[kind] = UIButton(
                pygame.Rect(px(140) + i * (half + px(6)), px(80), half, px(36)),
                _(label),
                m,
                container=self.panel,
                object_id="@option",
                command=functools.partial(self.set_opponent, kind),
            )
        UILabel(pygame.Rect(px(16), px(128), inner, px(26)), _("Play as"), m, container=self.panel)
        sides = list(self.world.side_ids)
        bw = (inner - px(12) * (len(sides) - 1)) // len(sides)
        self.side_buttons = {}
        for i, sid in enumerate(sides):
            self.side_buttons[sid] = UIButton(
                pygame.Rect(px(16) + i * (bw + px(12)), px(158), bw, px(48)),
                self.world.scenario.sides[sid].name,
                m,
                container=self.panel,
                object_id="@menu_button",
                command=functools.partial(self.start, sid),
            )
        UIButton(
            pygame.Rect(rect.width - px(152), rect.height - px(58), px(136), px(42)),
            _("Cancel (Esc)"),
            m,
            container=self.panel,
            command=self.close,
        )
        self._sync()

    def _sync(self) -> None:
        for kind, b in self.opp_buttons.items():
            b.select() if kind == self.opponent else b.unselect()

    def set_opponent(self, kind: str) -> None:
        self.opponent = kind
        self._sync()

    def start(self, side: str) -> None:
        self.close()
        self.on_start(side, self.opponent)

    def process_event(self, event) -> None:
        if event.type == pygame.KEYDOWN and event.key == pygame.K_ESCAPE:
            self.close()
        elif event.type == pygame.KEYDOWN and getattr(event, "unicode", "") in ("1", "2"):
            sides = list(self.world.side_ids)
            i = int(event.unicode) - 1
            if i < len(sides):
                self.start(sides[i])

    def resize(self, size) -> None:
        self.build(size)

    def draw(self, surface) -> None:
        _dim(surface, 110)

    def close(self) -> None:
        if self.panel is not None:
            self.panel.kill()
            self.panel = None
        super().close()


def command_detail(world, date: dt.date) -> str:
    turn = world.turn_of(date)
    return _("A new game from the positions history records for that day (turn {turn}).").format(
        turn=turn
    )


# ------------------------------------------------------------------------------ played games
class WatchDialog(LoadDialog):
    """The load dialog's list of saves, autosaves and replays of finished games, to watch one."""

    include_replays = True

    def build(self, size) -> None:
        super().build(size)
        heading = LOAD_HEADING  # the load dialog's words, English or translated
        with contextlib.suppress(AttributeError):
            self.load_button.set_text(_("Watch (Enter)"))
            for element in self.panel.get_container().elements:
                if getattr(element, "text", None) in (heading, _(heading)):
                    element.set_text(_("Watch a played game"))


# ------------------------------------------------------------------------------ help
class ReplayHelp(Overlay):
    """Every shortcut with the replay's keys in force (`replay_keys.current`, rebound keys
    included) and the mouse; any key or click closes it."""

    def process_event(self, event) -> None:
        if event.type == pygame.KEYDOWN or (
            event.type == pygame.MOUSEBUTTONUP and getattr(event, "button", 0) in (1, 3)
        ):
            self.close()

    def draw(self, surface) -> None:
        _dim(surface)
        w, h = surface.get_size()
        rect = pygame.Rect(0, 0, min(1080, w - 40), min(740, h - 40))
        rect.center = (w // 2, h // 2)
        _card(surface, rect)
        x0, y = rect.x + 24, rect.y + 18
        title = text(_("Replay: keyboard and mouse"), 30, theme.ACCENT, True)
        surface.blit(title, (x0, y))
        hint = text(_("any key or click closes this help"), 18, theme.TEXT_DIM)
        if x0 + title.get_width() + 16 + hint.get_width() > rect.right - 24:
            y += title.get_height() - 8  # no room beside the title: under it
        surface.blit(hint, hint.get_rect(topright=(rect.right - 24, y + 8)))
        y += 44
        col_w = (rect.width - 72) // 2
        columns = [(x0, y), (x0 + col_w + 24, y)]
        key_w = 170
        sections = replay_keys.help_rows() + [(_("Mouse"), replay_keys.mouse_rows())]
        col = 0
        size = 17 if h >= 700 else 15
        step = size + 1
        for group, rows in sections:
            x, yy = columns[col]
            need = 26 + sum(step * len(wrap(d, col_w - key_w, size)) + 2 for _, d in rows)
            if col == 0 and yy + need > rect.bottom - 12:
                col = 1
                x, yy = columns[col]
            surface.blit(text(group, 22, theme.TEXT, True), (x, yy))
            yy += 26
            for keys, desc in rows:
                lines = wrap(desc, col_w - key_w, size)
                key_lines = wrap(keys, key_w - 8, size)
                for i, ln in enumerate(key_lines):
                    surface.blit(text(ln, size, theme.ACCENT, True), (x, yy + step * i))
                for i, ln in enumerate(lines):
                    surface.blit(text(ln, size, theme.TEXT), (x + key_w, yy + step * i))
                yy += step * max(len(lines), len(key_lines)) + 2
            yy += 8
            columns[col] = (x, yy)
