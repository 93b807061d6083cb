"""The end of the game: the victory level and an after-action report set beside history.

The report's series come from replaying the game's command log from its seed (`collect`): the
log is the game, so a game loaded from a save gets its whole history too, not only the part
played since loading, and nothing has to be recorded while playing. Replaying costs well under a
second; the screen shows its header first and fills the charts in on the next frame.

Charts: the strength of each side over time, the men each side has lost, who held each
objective turn by turn, and the score against the score the real campaign earns under the same
rules; the biggest battles in a table; the victory levels on a scale with this game and 1921.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np
import pygame

from game.engine import victory
from game.engine.game import Game
from game.engine.world import World
from game.i18n import _, format_date, format_number
from game.ui import charts, palette, theme
from game.ui.replay_model import outcome_text
from game.ui.scenes import WidgetScene
from game.ui.widgets import text, wrap

if TYPE_CHECKING:
    from game.ui.app import App

MAIN_BATTLES = 8
LEVEL_COLOURS = {  # by winner side position and grade, so any scenario gets readable bands
    "draw": (120, 120, 120),
}


@dataclass
class Aftermath:
    """Per-turn series of a finished (or unfinished) game; index 0 is the start."""

    dates: list[dt.date]  # the first day of each turn (written out where drawn)
    strength: np.ndarray  # (T, S) men present (bayonets and sabres)
    losses: np.ndarray  # (T, S) men lost so far
    score: np.ndarray  # (T,) the score side's points minus the other's, if the game ended then
    objectives: list[tuple[str, np.ndarray]]  # name, (T,) holder: side, -1 nobody, 2 both
    battles: list[dict] = field(default_factory=list)  # the biggest, by men lost
    complete: bool = True  # False when the log could not be replayed to the end


def _holder(world: World, state, obj) -> int:
    held = victory.holder(world, state, obj)
    return held[0] if len(held) == 1 else (-1 if not held else 2)


def collect(world: World, game: Game) -> Aftermath:
    """Replay `game`'s log from its seed and measure each turn."""
    from game import saves  # here, not at the top: the report is the only user

    replay = saves.new_game(world, game.seed, game.start)
    objectives = world.scenario.victory.objectives
    score_side = world.side_index[world.scenario.victory.score_side]
    rows: list[tuple] = []
    battles: list[dict] = []

    def measure(state) -> None:
        men = [
            int(state.men[state.units_of(s, world), :2].sum()) for s in range(len(world.side_ids))
        ]
        lost = [int(state.losses[s, :2].sum()) for s in range(len(world.side_ids))]
        vp = victory.final_points(world, state)
        date = world.date_of(min(state.turn, world.turns))
        held = [_holder(world, state, o) for o in objectives]
        rows.append((date, men, lost, float(vp[score_side] - vp[1 - score_side]), held))

    measure(replay.state)
    complete = True
    for cmd in game.log:
        turn = replay.state.turn
        out = replay.submit(cmd)
        if not out.ok:
            complete = False
            break
        for e in out.events:
            if e.kind == "battle":
                d = dict(e.data)
                d["side"] = turn_side(world, d)
                battles.append(d)
        if replay.state.turn != turn or replay.over:
            measure(replay.state)
    if replay.state.state_hash() != game.state.state_hash():
        complete = False
        measure(game.state)
    battles.sort(key=lambda b: -(sum(b["att_loss"][:2]) + sum(b["def_loss"][:2])))
    return Aftermath(
        dates=[r[0] for r in rows],
        strength=np.array([r[1] for r in rows], dtype=np.int64),
        losses=np.array([r[2] for r in rows], dtype=np.int64),
        score=np.array([r[3] for r in rows]),
        objectives=[
            (o.name, np.array([r[4][k] for r in rows], dtype=np.int64))
            for k, o in enumerate(objectives)
        ],
        battles=battles[:MAIN_BATTLES],
        complete=complete,
    )


def turn_side(world: World, report: dict) -> int:
    """The attacking side of a battle report, from its first attacker."""
    attackers = report.get("attackers") or []
    if attackers and attackers[0] in world.unit_index:
        return int(world.unit_side[world.unit_index[attackers[0]]])
    return -1


def battle_place(world: World, report: dict, within: int = 3) -> tuple[str, bool]:
    """The battle's place, or the closest named place for a battle in open country, and
    whether it is that closest place (the battle was fought near it)."""
    target = report.get("target")
    label = str(report.get("place", "?"))
    places = np.asarray(world.place_hex)
    if not isinstance(target, int | np.integer) or len(places) == 0 or (places == target).any():
        return label, False
    dist = world.grid.distance(places, int(target))
    k = int(np.argmin(dist))
    if dist[k] > within:
        return label, False
    return world.scenario.map.places[k].name, True


def place_name(world: World, report: dict, within: int = 3) -> str:
    """The battle's place, or "near" the closest named place for a battle in open country."""
    name, near = battle_place(world, report, within)
    # TRANSLATORS: a battle in open country, named by the closest place
    return _("near {place}").format(place=name) if near else name


def historical_level(world: World):
    """The level the real campaign earns: margin 0 by definition."""
    levels = sorted(world.scenario.victory.levels, key=lambda lv: lv.min_margin, reverse=True)
    return next((lv for lv in levels if lv.min_margin <= 0), levels[-1])


class AarScene(WidgetScene):
    def __init__(self, app: App, session):
        self.session = session
        self.world = session.world
        self.result = session.state.result or {}
        self.data: Aftermath | None = None
        self.error = ""
        self._frames = 0
        super().__init__(app)

    # ------------------------------------------------------------------ layout
    def build(self, size) -> None:
        w, h = size
        px = theme.px
        bw = px(220)
        self.menu_button = self.button(
            (w // 2 - bw - px(10), h - px(58), bw, px(44)),
            _("Main menu"),
            self.app.to_menu,
            object_id="@menu_button",
        )
        self.again_button = self.button(
            (w // 2 + px(10), h - px(58), bw, px(44)),
            _("New campaign"),
            self.app.to_menu,
            tooltip=_("Back to the menu to choose a side and an opponent"),
            object_id="@menu_button",
        )

    def process_event(self, event) -> None:
        if event.type == pygame.KEYDOWN and event.key in (
            pygame.K_RETURN,
            pygame.K_KP_ENTER,
            pygame.K_ESCAPE,
        ):
            self.app.defer(self.app.to_menu)

    def update(self, dt: float) -> None:
        self._frames += 1
        if self.data is None and not self.error and self._frames >= 2:
            try:
                self.data = collect(self.world, self.session.game)
            except Exception as exc:  # the report is a bonus: its failure must not hide the result
                self.error = _("The report could not be prepared ({error}).").format(
                    error=f"{type(exc).__name__}: {exc}"
                )

    # -------------------------------------------------------------------- draw
    def side_colour(self, s: int) -> tuple[int, int, int]:
        return palette.side_colour(self.world, s)

    def side_name(self, s: int) -> str:
        return self.world.scenario.sides[self.world.side_ids[s]].name

    def draw(self, surface) -> None:
        surface.fill(theme.BG)
        w, h = surface.get_size()
        px = theme.px
        r = self.result
        world = self.world
        v = world.scenario.victory
        t = text(_("The campaign is over"), 24, theme.TEXT_DIM)
        surface.blit(t, t.get_rect(midtop=(w // 2, px(12))))
        name = victory.level_name(world, r) if r.get("name") else _("Game over")
        t = text(name, 52, theme.ACCENT, True)
        surface.blit(t, t.get_rect(midtop=(w // 2, px(36))))
        y = px(36) + t.get_height() + px(4)
        hist = historical_level(world)
        parts = []
        if r.get("reason"):
            reason = victory.reason_text(world, str(r["reason"]))
            parts.append(reason[:1].upper() + reason[1:])
        if r.get("date"):
            parts.append(
                _("ended {date} (turn {turn})").format(
                    date=_day(r["date"], "long"), turn=r.get("turn", "?")
                )
            )
        if parts:
            t = text(" · ".join(parts), 20, theme.TEXT)
            surface.blit(t, t.get_rect(midtop=(w // 2, y)))
            y += t.get_height() + px(2)
        if "score" in r:
            line = _("Score {score} against {history} in 1921 ({level}): margin {margin}").format(
                score=victory.signed(r["score"]),
                history=victory.signed(v.historical_score),
                level=hist.name,
                margin=victory.signed(r.get("margin", 0)),
            )
            t = text(line, 20, theme.TEXT_DIM)
            surface.blit(t, t.get_rect(midtop=(w // 2, y)))
            y += t.get_height()
        # the levels, with 1921 and this game on them
        scale = pygame.Rect(px(60), y + px(26), w - px(120), px(44))
        if "margin" in r:
            bands = [(lv.min_margin, lv.name, self.level_colour(lv)) for lv in v.levels]
            charts.level_scale(
                surface,
                scale,
                bands,
                [(0.0, "1921", theme.TEXT), (float(r["margin"]), _("this game"), theme.ACCENT)],
            )
        top = scale.bottom + px(30)
        bottom = h - px(70)
        if self.error:
            t = text(self.error, 20, theme.TEXT_WARN)
            surface.blit(t, t.get_rect(midtop=(w // 2, top)))
            return
        if self.data is None:
            t = text(_("Preparing the after-action report…"), 22, theme.TEXT_DIM)
            surface.blit(t, t.get_rect(midtop=(w // 2, top + px(40))))
            return
        self.draw_report(surface, pygame.Rect(px(16), top, w - px(32), max(px(120), bottom - top)))

    def level_colour(self, lv) -> tuple[int, int, int]:
        if lv.winner in self.world.side_index:
            base = np.array(self.side_colour(self.world.side_index[lv.winner]), dtype=float)
            strong = lv.level == "decisive"
            mix = 0.95 if strong else 0.55
            grey = np.array((70, 74, 84), dtype=float)
            return tuple(int(c) for c in grey + (base - grey) * mix)
        return LEVEL_COLOURS["draw"]

    def draw_report(self, surface, area: pygame.Rect) -> None:
        d = self.data
        px = theme.px
        gap = px(12)
        table_w = max(px(300), area.w // 3)
        grid = pygame.Rect(area.x, area.y, area.w - table_w - gap, area.h)
        cw, ch = (grid.w - gap) // 2, (grid.h - gap) // 2
        cells = [
            pygame.Rect(grid.x + i * (cw + gap), grid.y + j * (ch + gap), cw, ch)
            for j in (0, 1)
            for i in (0, 1)
        ]
        sides = range(len(self.world.side_ids))
        colours = [self.side_colour(s) for s in sides]
        short_names = [short_side_name(self.side_name(s)) for s in sides]
        dates = [format_date(day, "short") for day in d.dates]
        charts.line_chart(
            surface,
            cells[0],
            _("Strength (men)"),
            [(short_names[s], colours[s], d.strength[:, s]) for s in sides],
            dates,
            dashed=range(1, len(sides)),
        )
        charts.line_chart(
            surface,
            cells[1],
            _("Men lost"),
            [(short_names[s], colours[s], d.losses[:, s]) for s in sides],
            dates,
            dashed=range(1, len(sides)),
        )
        charts.strips(
            surface,
            cells[2],
            _("Ground held"),
            d.objectives,
            {s: colours[s] for s in sides},
            dates,
            hatched=range(1, len(sides)),
        )
        v = self.world.scenario.victory
        scorer = short_side_name(self.side_name(self.world.side_index[v.score_side]))
        charts.line_chart(
            surface,
            cells[3],
            # TRANSLATORS: the title of the score chart: the scoring side's points minus the other's
            _("Score ({side} − other)").format(side=scorer),
            [(_("this game"), theme.ACCENT, d.score)],
            dates,
            hline=(v.historical_score, f"1921: {victory.signed(v.historical_score)}"),
            lo=None,
        )
        self.draw_battles(surface, pygame.Rect(grid.right + gap, area.y, table_w, area.h), colours)

    def draw_battles(self, surface, rect: pygame.Rect, colours) -> None:
        px = theme.px
        pygame.draw.rect(surface, theme.PANEL_BG, rect, border_radius=6)
        pygame.draw.rect(surface, theme.PANEL_LINE, rect, 1, border_radius=6)
        t = text(_("Main battles"), 19, theme.ACCENT, True)
        surface.blit(t, (rect.x + px(10), rect.y + px(6)))
        y = rect.y + px(12) + t.get_height()
        battles = self.data.battles
        if not battles:
            t = text(_("No battle was fought."), 17, theme.TEXT_DIM)
            surface.blit(t, (rect.x + px(10), y))
        for b in battles:
            if y > rect.bottom - px(40):
                break
            side = b.get("side", -1)
            colour = colours[side] if 0 <= side < len(colours) else theme.TEXT
            head = f"{_day(b.get('date', ''), 'short')}  {place_name(self.world, b)}"
            t = text(head, 17, theme.TEXT, True)
            tab = pygame.Rect(rect.x + px(8), y + px(1), px(14), t.get_height() - px(2))
            pygame.draw.rect(surface, colour, tab, border_radius=2)
            if 0 <= side < len(colours):  # the attacker's initial too, as on the counters
                mark = text(palette.side_initials(self.world)[side], 13, theme.ink_on(colour), True)
                surface.blit(mark, mark.get_rect(center=tab.center))
            surface.blit(t, (rect.x + px(26), y))
            y += t.get_height()
            att, dfn = sum(b["att_loss"][:2]), sum(b["def_loss"][:2])
            outcome = outcome_text(str(b.get("outcome", "")), capital=True)
            summary = _("{outcome}; losses {attacking} attacking, {defending} defending").format(
                outcome=outcome, attacking=format_number(att), defending=format_number(dfn)
            )
            for line in wrap(summary, rect.w - px(34), 15):
                t = text(line, 15, theme.TEXT_DIM)
                surface.blit(t, (rect.x + px(24), y))
                y += t.get_height()
            y += px(6)
        if not self.data.complete:
            t = text(_("(the log could not be replayed in full)"), 14, theme.TEXT_WARN)
            surface.blit(t, (rect.x + px(10), rect.bottom - px(22)))


def short_side_name(name: str) -> str:
    """A side's name without its allies, for legends: "Red Army and allies" → "Red Army"."""
    # TRANSLATORS: the word between a side's own name and "allies" in the scenario's side names
    # ("Red Army and allies"); the charts' legends keep what comes before it. Spaces count.
    joiner = _(" and ")
    return name.split(joiner)[0] if joiner.strip() else name


def _day(value, form: str) -> str:
    """An ISO date of the result or a battle report, written out ("" stays "")."""
    try:
        return format_date(dt.date.fromisoformat(str(value)), form)
    except ValueError:
        return str(value)
