"""What the replay screen shows at any moment, from the history of 1921 or from a played game.

Both sources answer the same questions about a moment `t` (days since the campaign's first day;
fractions fall within the day): where each unit stands, which battles to mark, which entry to
caption and where the action is. The screen, its playback controls and its timeline bar talk only
to this interface, so the real campaign and a saved game are watched with the same controls.

* `HistoryReplay` reads the compiled `Timeline` of the scenario's `history` section (per-day
  snapshots, interpolated routes), and the engine's predictions of its battles.
* `GameReplay` re-runs a save's commands through the engine, checks the state hash after every
  turn against the save, and keeps the state after each command; a command is given a moment
  inside its side's half of its turn, and a unit that moves is shown along its path between the
  moments of two commands.

No pygame here.
"""

from __future__ import annotations

import bisect
import datetime as dt
import math
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from game.engine.world import MEASURES, World
from game.i18n import N_, _, format_date, format_number, ngettext

MARK_DAYS = 1.5  # a played game's battle stays marked on the map this long
TAIL_DAYS = 0.5  # after a played game's last command, the timeline runs on this long
OUTCOME_TEXT = {  # translated where shown (`outcome_text`)
    "defender_routed": N_("defenders routed"),
    "defender_retreats": N_("defenders fall back"),
    "held": N_("defenders hold"),
    "attacker_repulsed": N_("attack repulsed"),
    "attacker_routed": N_("attackers routed"),
}
OUTCOMES = tuple(OUTCOME_TEXT)  # worst for the defender first, the order of the charts
ITEM_KINDS = {  # engine event kind → the kind of timeline entry it makes in a played game
    "battle": "battle",
    "control": "capture",
    "commander": "commander",
    "scenario_event": "politics",
    "disband": "other",
    "game_over": "other",
}


# ---------------------------------------------------------------------------- pictures
@dataclass(frozen=True)
class Piece:
    """One unit on the map at a moment: where (km in the grid's plane) and what its counter says."""

    unit: int
    x: float
    y: float
    strength: str
    commander: bool = False
    unsupplied: bool = False
    low_morale: bool = False
    moving: bool = False
    label: str = ""  # the name of its group, written beside it on the map


@dataclass(frozen=True)
class Mark:
    """A battle on the map."""

    key: str
    x: float
    y: float
    winner: int  # side index, -1 when neither (the defenders held against a draw)
    label: str
    age: float  # days since it began


@dataclass
class SideView:
    """One side of a battle as the event panel lists it."""

    side: int
    name: str  # the side's name
    units: list[str]
    men: dict[str, int]  # bayonets, sabers, guns, machine_guns
    commander: str = ""
    losses: str = ""  # what it lost, as text ("" when unknown)


@dataclass
class Forecast:
    """The engine's Monte Carlo for a battle: chance of each outcome, losses to expect."""

    p_outcome: dict[str, float]
    att_loss: tuple[float, float, float]  # mean, p10, p90 men
    def_loss: tuple[float, float, float]
    odds: float
    samples: int

    @property
    def p_attacker_wins(self) -> float:
        return self.p_outcome.get("defender_retreats", 0.0) + self.p_outcome.get(
            "defender_routed", 0.0
        )


@dataclass
class Item:
    """An entry of the timeline: what the event panel shows and the bar marks."""

    key: str
    kind: str  # battle, capture, movement, commander, politics, other
    title: str
    t0: float
    t1: float  # end of its last day
    date: dt.date
    end: dt.date
    place: str
    x: float | None
    y: float | None
    caption: str
    sources: list[str] = field(default_factory=list)
    confidence: str = ""
    note: str = ""
    attacker: SideView | None = None
    defender: SideView | None = None
    outcome: str = ""  # what happened (a battle's outcome name)
    _forecast: Callable[[], Forecast | None] | None = field(default=None, repr=False)
    _cached: list = field(default_factory=list, repr=False)

    @property
    def is_battle(self) -> bool:
        return self.kind == "battle"

    def forecast(self) -> Forecast | None:
        """The engine's prediction, computed the first time it is asked for."""
        if self._forecast is None:
            return None
        if not self._cached:
            self._cached.append(self._forecast())
        return self._cached[0]

    def date_text(self) -> str:
        last = format_date(self.end, "long")
        if self.end != self.date:
            if self.end.month == self.date.month:
                return f"{self.date.day}–{last}"
            return f"{format_date(self.date, 'day')} – {last}"
        return last


@dataclass
class Picture:
    t: float
    date: dt.date
    pieces: list[Piece]
    marks: list[Mark]
    control: dict[int, int]  # place index → side index holding it
    current: list[Item]  # entries under way now, in order
    latest: Item | None  # the last entry begun by now
    focus: tuple[float, float] | None  # where the action is (km), None: nowhere in particular
    status: str = ""  # what the top of the panel says besides the date (a played game's turn)


class Replay:
    """The interface the screen uses; see the module docstring."""

    world: World
    days: float  # t runs from 0 to this
    items: list[Item]
    kind = "history"
    title = ""
    problem = ""  # for a played game: where the replay stopped agreeing with the save

    def picture(self, t: float) -> Picture:
        raise NotImplementedError

    def clamp(self, t: float) -> float:
        return min(max(float(t), 0.0), self.days)

    def date_at(self, t: float) -> dt.date:
        day = min(int(math.floor(self.clamp(t))), max(0, math.ceil(self.days) - 1))
        return self.world.scenario.meta.start + dt.timedelta(days=day)

    def t_of(self, date: dt.date) -> float:
        return self.clamp((date - self.world.scenario.meta.start).days)

    def item_index_at(self, t: float) -> int:
        """Index of the last entry begun by `t`, -1 before the first."""
        starts = [i.t0 for i in self.items]
        return bisect.bisect_right(starts, t + 1e-9) - 1


def _sources(world: World, ids) -> list[str]:
    from game.scenario.encyclopedia import cite

    by_id = {s.id: s for s in world.scenario.meta.sources}
    out: list[str] = []
    for sid in ids:
        s = by_id.get(sid)
        name = sid if s is None else cite(s.author, s.title)
        if name not in out:  # two editions of one work read the same here
            out.append(name)
    return out


def _men_dict(values) -> dict[str, int]:
    return {name: int(v) for name, v in zip(MEASURES, values, strict=True)}


def outcome_text(name: str, capital: bool = False) -> str:
    """A battle's outcome in a few words ("defenders hold"), in the language in use."""
    s = _(OUTCOME_TEXT[name]) if name in OUTCOME_TEXT else name.replace("_", " ")
    return s[:1].upper() + s[1:] if capital else s


def percent(p: float) -> str:
    """A probability as the language writes a percentage: 76% (76 % in French)."""
    # TRANSLATORS: a percentage; French puts a no-break space before %
    return _("{n}%").format(n=format_number(round(100 * p)))


def men_count(n: float) -> str:
    """`1,200 men`, for losses."""
    return ngettext("{n} man", "{n} men", int(round(n))).format(n=format_number(n))


def men_text(men: dict[str, int]) -> str:
    """`1,200 bayonets · 800 sabres · 4 guns · 12 MGs`, leaving out what is zero."""
    parts = []
    if n := men.get("bayonets"):
        parts.append(ngettext("{n} bayonet", "{n} bayonets", n).format(n=format_number(n)))
    if n := men.get("sabers"):
        parts.append(ngettext("{n} sabre", "{n} sabres", n).format(n=format_number(n)))
    if n := men.get("guns"):
        parts.append(ngettext("{n} gun", "{n} guns", n).format(n=format_number(n)))
    if n := men.get("machine_guns"):
        # TRANSLATORS: machine guns, abbreviated
        parts.append(ngettext("{n} MG", "{n} MGs", n).format(n=format_number(n)))
    # TRANSLATORS: a force with no men, guns or machine guns
    return " · ".join(parts) or _("none")


# ---------------------------------------------------------------------------- history
class HistoryReplay(Replay):
    """The real campaign, from the scenario's `history` section."""

    kind = "history"

    def __init__(self, world: World):
        from game.history.timeline import timeline_for

        self.world = world
        self.timeline = timeline_for(world)  # raises NoHistory when the scenario has none
        self.days = float(self.timeline.days)
        self.title = _("{title}: the campaign as it happened").format(
            title=world.scenario.meta.title
        )
        self.predictions = _predictions(world)
        self.items = [self._item(e) for e in self.timeline.entries]
        self._by_id = {i.key: i for i in self.items}
        self._side = {sid: k for k, sid in enumerate(world.side_ids)}
        full = world.unit_men.copy()
        self._full = full
        self._cmd_unit = world.commander_unit
        self._place_index = {p.id: k for k, p in enumerate(world.scenario.map.places)}

    # ------------------------------------------------------------------ entries
    def _item(self, e) -> Item:
        from game.history.model import place_name

        w = self.world
        record = e.battle if e.battle is not None else e.event
        place = place_name(w, record.place)  # the timeline is shared: named here, translated
        item = Item(
            key=e.id,
            kind=e.kind,
            title=e.battle.name if e.battle is not None else _event_title(e, place),
            t0=e.t0,
            t1=e.t1,
            date=e.date,
            end=e.end,
            place=place,
            x=e.x,
            y=e.y,
            caption=e.caption,
            sources=_sources(w, e.source),
            confidence=e.confidence,
            note=e.note,
        )
        if e.battle is not None:
            b = e.battle
            item.outcome = str(b.outcome)
            p = self.predictions.get(b.id)
            item.attacker = self._side_view(b.attacker, p.attacker if p else None)
            item.defender = self._side_view(b.defender, p.defender if p else None)
            if p is not None:
                item._forecast = lambda p=p: _history_forecast(p)
        return item

    def _side_view(self, spec, force=None) -> SideView:
        """A side as the record gives it, with the forces and commander the prediction used
        (the units' strength on the day, or the sources' count of the force engaged)."""
        w = self.world
        idx = [w.unit_index[u] for u in spec.units]
        side = int(w.unit_side[idx[0]])
        men = _men_dict(w.unit_men[idx].sum(axis=0))
        if spec.forces is not None:
            for name in MEASURES:
                v = getattr(spec.forces, name)
                if v is not None:
                    men[name] = int(v)
        losses = ""
        if spec.losses is not None:
            bits = []
            if spec.losses.men is not None:
                bits.append(men_count(spec.losses.men))
            if spec.losses.prisoners:
                n = spec.losses.prisoners
                # TRANSLATORS: men taken prisoner
                bits.append(ngettext("{n} taken", "{n} taken", n).format(n=format_number(n)))
            if spec.losses.guns:
                n = spec.losses.guns
                bits.append(ngettext("{n} gun", "{n} guns", n).format(n=n))
            losses = ", ".join(bits)
        return SideView(
            side=side,
            name=w.scenario.sides[w.side_ids[side]].name,
            units=[w.scenario.units[u].name for u in idx],
            men=dict(force.men) if force is not None else men,
            commander=_commander_name(w, force.commander) if force is not None else "",
            losses=losses,
        )

    # ------------------------------------------------------------------ pictures
    def picture(self, t: float) -> Picture:
        w = self.world
        t = min(self.clamp(t), self.days - 1e-6)
        frame = self.timeline.frame(t)
        fates = frame.commanders
        led = {
            int(self._cmd_unit[c])
            for c, cid in enumerate(w.commander_ids)
            if fates.get(cid, "active") == "active"
        }
        arm = w.unit_arm
        pieces = []
        for u, pos in enumerate(frame.units):
            if pos.status != "present" or pos.x is None:
                continue
            men = self._full[u].copy()
            men[arm[u]] = pos.strength
            pieces.append(
                Piece(
                    unit=u,
                    x=pos.x,
                    y=pos.y,
                    strength=_strength_text(men),
                    commander=u in led,
                    moving=pos.moving,
                    label=pos.label,
                )
            )
        marks = []
        for e in frame.current:
            if e.kind == "battle" and e.x is not None:
                item = self._by_id[e.id]
                marks.append(
                    Mark(e.id, e.x, e.y, _winner(item), _mark_label(item), max(0.0, t - e.t0))
                )
        control = {
            self._place_index[pid]: self._side[side]
            for pid, side in frame.control.items()
            if side is not None and pid in self._place_index
        }
        current = [self._by_id[e.id] for e in frame.current]
        latest = self._by_id[frame.events[-1].id] if frame.events else None
        return Picture(
            t=t,
            date=frame.date,
            pieces=pieces,
            marks=marks,
            control=control,
            current=current,
            latest=latest,
            focus=frame.focus,
        )


def _predictions(world: World) -> dict[str, object]:
    """The engine's prediction of every historical battle by id ({} if it cannot make them)."""
    from game.history.battles import cached_predictions

    try:
        return {p.id: p for p in cached_predictions(world)}
    except (KeyError, ValueError, IndexError) as exc:  # a modded history the model cannot read
        import sys

        print(f"warning: no battle predictions for the replay: {exc}", file=sys.stderr)
        return {}


def _history_forecast(p) -> Forecast:
    return Forecast(
        p_outcome=dict(p.p_outcome),
        att_loss=(p.attacker_loss.mean, p.attacker_loss.p10, p.attacker_loss.p90),
        def_loss=(p.defender_loss.mean, p.defender_loss.p10, p.defender_loss.p90),
        odds=p.odds,
        samples=p.samples,
    )


EVENT_TITLES = {  # kind of a history entry → its title alone, and with the place
    "capture": (N_("Taken"), N_("Taken: {place}")),
    "commander": (N_("Commander"), N_("Commander: {place}")),
    "movement": (N_("On the move"), N_("On the move: {place}")),
    "politics": (N_("Politics"), N_("Politics: {place}")),
    "other": (N_("Event"), N_("Event: {place}")),
}


def _event_title(e, place: str) -> str:
    alone, at = EVENT_TITLES.get(e.kind, EVENT_TITLES["other"])
    return _(at).format(place=place) if place else _(alone)


def _commander_name(world: World, cid: str | None) -> str:
    if not cid:
        return ""
    return next((c.name for c in world.scenario.commanders if c.id == cid), cid)


def _winner(item: Item) -> int:
    if item.attacker is None:
        return -1
    if item.outcome in ("defender_retreats", "defender_routed"):
        return item.attacker.side
    if item.outcome in ("attacker_repulsed", "attacker_routed"):
        return item.defender.side
    return -1


def _mark_label(item: Item) -> str:
    # TRANSLATORS: the label of a battle on the replay's map: "Troitskosavsk: attack repulsed"
    return _("{place}: {outcome}").format(place=item.place, outcome=outcome_text(item.outcome))


def _strength_text(men) -> str:
    from game.ui.counters import strength_text  # counters imports pygame only to draw

    return strength_text(np.asarray(men))


# ---------------------------------------------------------------------------- played games
class ReplayError(Exception):
    """A save that cannot be replayed here, with the reason in plain words."""


@dataclass
class _Step:
    t: float  # when the command is shown done
    start: float  # when its motion begins (the moment of the command before)
    command: object
    events: list


class GameReplay(Replay):
    """A played game as the screen shows it. The re-run, the turn-by-turn hash check, the
    snapshots and "continue from here" are the history package's `gamereplay.GameReplay`; this
    gives each command a moment and turns the states into pictures."""

    kind = "game"

    def __init__(self, world: World, save, path: Path | str = "", changes: str = ""):
        from game.history.gamereplay import GameReplay as Rerun

        self.world = world
        self.save = save
        self.path = Path(path) if path else None
        name = save.name or (self.path.stem if self.path else _("played game"))
        self.title = _("Replay: {name}").format(name=name)
        self.changes = changes  # how the scenario differs from the one played, "" if it does not
        self.run = Rerun(world, save, keyframe_every=1)  # ~10 KB a state: keep them all
        self.seed = save.seed
        self.opening = list(self.run.opening_events)
        self.divergence = self.run.divergence
        self.turn_hashes = list(self.run.turn_hashes)
        self.steps = self._timed()
        self._times = [s.t for s in self.steps]
        last = self.steps[-1].t if self.steps else 0.0
        campaign = float(world.turns * world.days_per_turn)
        self.days = min(campaign, max(1.0, last + TAIL_DAYS))
        self.items = self._items()
        self.problem = self._problem()

    # ------------------------------------------------------------------ timing
    def _timed(self) -> list[_Step]:
        """A moment for each command: the commands of one side's phase spread evenly over its
        share of the turn's days (phases are told apart by the end-of-phase commands)."""
        dpt = float(self.world.days_per_turn)
        sides = len(self.world.side_ids)
        groups: list[list] = []
        key = None
        ended = 0
        for step in self.run.steps:
            if key is None or step.turn != key[0]:
                ended = 0
            if key != (step.turn, ended):
                key = (step.turn, ended)
                groups.append([key, []])
            groups[-1][1].append(step)
            if step.command.kind == "end_turn":
                ended += 1
        out: list[_Step] = []
        for (turn, phase), steps in groups:
            start = (turn - 1) * dpt + min(phase, sides - 1) * dpt / sides
            span = dpt / sides
            prev = start
            n = len(steps)
            for j, step in enumerate(steps):
                t = start + span * (j + 1) / (n + 1)
                out.append(_Step(t, prev, step.command, list(step.events)))
                prev = t
        return out

    def _problem(self) -> str:
        bits = []
        if self.changes:
            bits.append(_("{changes}.").format(changes=_capital(self.changes)))
        if self.divergence is not None:
            d = self.divergence
            said = d.message
            if _("turn {n}").format(n=d.turn) not in said:
                said = _("{message} (turn {n})").format(message=said, n=d.turn)
            bits.append(
                _("{what}; the replay shows the game up to there.").format(what=_capital(said))
            )
        return " ".join(bits)

    @property
    def verified(self) -> bool:
        return self.divergence is None

    @property
    def diverged(self) -> int | None:
        """The turn on which the replay stops agreeing with the save, None if it never does."""
        return None if self.divergence is None else self.divergence.turn

    def state(self, k: int):
        """The state after the first k commands (every one is kept: a seek is a lookup)."""
        return self.run.state_at(k)

    # ------------------------------------------------------------------ entries
    def _items(self) -> list[Item]:
        w = self.world
        out: list[Item] = []
        for k, step in enumerate(self.steps):
            for n, e in enumerate(step.events):
                kind = ITEM_KINDS.get(e.kind)
                if kind is None:
                    continue
                out.append(self._item(k, n, step, e, kind))
        named = [e.text for e in self.opening if e.kind == "scenario_event"]
        told = [e.text for e in self.opening if e.kind == "message"]
        if named or told:
            start = w.scenario.meta.start
            out.insert(
                0,
                Item(
                    key="opening",
                    kind="politics",
                    title=named[0] if named else _("The campaign opens"),
                    t0=0.0,
                    t1=float(w.days_per_turn),
                    date=start,
                    end=start,
                    place="",
                    x=None,
                    y=None,
                    caption=" ".join(told or named),
                ),
            )
        return sorted(out, key=lambda i: i.t0)

    def _item(self, k: int, n: int, step: _Step, e, kind: str) -> Item:
        w = self.world
        date = self.date_at(step.t)
        x = y = None
        place = ""
        data = e.data or {}
        h = data.get("target", data.get("hex", -1))
        if kind == "capture" and data.get("place") in w.place_index:
            h = int(w.place_hex[w.place_index[data["place"]]])
            place = w.place_name(data["place"])
        if isinstance(h, int | np.integer) and 0 <= int(h) < w.grid.size:
            x, y = float(w.grid.x[int(h)]), float(w.grid.y[int(h)])
        near = False
        if kind == "battle":
            from game.ui.aar import battle_place  # "near Selenginsk" for a battle in open country

            place, near = battle_place(w, data)
        turn = self.run.steps[k].turn
        item = Item(
            key=f"c{k}-{n}",
            kind=kind,
            title=_played_title(kind, e, place, near),
            t0=step.t,
            t1=step.t + MARK_DAYS,
            date=date,
            end=date,
            place=place,
            x=x,
            y=y,
            caption=e.text,
            sources=[
                _("replayed from {file}").format(file=self.path.name)
                if self.path
                else _("replayed save")
            ],
            confidence=_("turn {n}").format(n=turn),
        )
        if kind == "battle":
            item.outcome = str(data.get("outcome", ""))
            item.attacker, item.defender = self._battle_sides(data)
            item._forecast = lambda k=k: self._battle_forecast(k)
        return item

    def _battle_sides(self, data) -> tuple[SideView, SideView]:
        w = self.world
        out = []
        for who, forces, loss in (
            ("attackers", "att_forces", "att_loss"),
            ("defenders", "def_forces", "def_loss"),
        ):
            idx = [w.unit_index[u] for u in data.get(who, []) if u in w.unit_index]
            side = int(w.unit_side[idx[0]]) if idx else -1
            men = _men_dict(data.get(forces) or [0, 0, 0, 0])
            lost = data.get(loss) or [0, 0, 0, 0]
            out.append(
                SideView(
                    side=side,
                    name=w.scenario.sides[w.side_ids[side]].name if side >= 0 else "",
                    units=[w.scenario.units[u].name for u in idx],
                    men=men,
                    losses=_losses(int(lost[0]) + int(lost[1]), int(lost[2])),
                )
            )
        return out[0], out[1]

    def _battle_forecast(self, k: int) -> Forecast | None:
        """The odds the player saw: the preview's Monte Carlo on the state before the attack."""
        from game.engine import battle, combat

        w = self.world
        cmd = self.steps[k].command
        before = self.state(k)
        try:
            atk = [w.unit_index[u] for u in cmd.units]
            eng = battle.build(w, before, atk, int(cmd.target), battle.engagement_key(before))[0]
        except (AttributeError, KeyError, IndexError, ValueError):
            return None
        samples = 1000
        p = combat.predict(eng, w.combat, samples)
        names = {o: o.name.lower() for o in combat.Outcome}
        return Forecast(
            p_outcome={names[o]: float(p.p_outcome[0, o]) for o in combat.Outcome},
            att_loss=(
                float(p.att_loss_mean[0]),
                float(p.att_loss_p10[0]),
                float(p.att_loss_p90[0]),
            ),
            def_loss=(
                float(p.def_loss_mean[0]),
                float(p.def_loss_p10[0]),
                float(p.def_loss_p90[0]),
            ),
            odds=float(p.odds[0]),
            samples=samples,
        )

    # ------------------------------------------------------------------ state at t
    def step_index(self, t: float) -> int:
        """How many commands have been applied by moment t."""
        return bisect.bisect_right(self._times, t + 1e-9)

    def state_at(self, t: float):
        return self.state(self.step_index(t))

    def picture(self, t: float) -> Picture:
        w = self.world
        t = self.clamp(t)
        k = self.step_index(t)
        st = self.state(k)
        nxt = self.steps[k] if k < len(self.steps) else None
        moving: dict[int, tuple[float, float]] = {}
        if nxt is not None and nxt.start < t < nxt.t:
            frac = (t - nxt.start) / (nxt.t - nxt.start)
            moving = self._in_motion(k, frac)
        gx, gy = w.grid.x, w.grid.y
        pieces = []
        active = np.flatnonzero(st.status == 1)
        for u in active.tolist():
            if u in moving:
                x, y = moving[u]
            else:
                h = int(st.hex[u])
                if h < 0:
                    continue
                x, y = float(gx[h]), float(gy[h])
            pieces.append(
                Piece(
                    unit=u,
                    x=x,
                    y=y,
                    strength=_strength_text(st.men[u]),
                    commander=st.commander_of(u) >= 0,
                    unsupplied=not bool(st.supplied[u]),
                    low_morale=float(st.morale[u]) < 0.4,
                    moving=u in moving,
                )
            )
        marks, current = [], []
        first = bisect.bisect_left([i.t0 for i in self.items], t - MARK_DAYS)
        for item in self.items[first:]:
            if item.t0 > t + 1e-9:
                break
            if item.t0 <= t < item.t1:
                current.append(item)
                if item.is_battle and item.x is not None:
                    marks.append(
                        Mark(
                            item.key, item.x, item.y, _winner(item), _mark_label(item), t - item.t0
                        )
                    )
        i = self.item_index_at(t)
        latest = self.items[i] if i >= 0 else None
        focus = None
        if marks:
            focus = (marks[-1].x, marks[-1].y)
        elif moving:
            focus = next(iter(moving.values()))
        control = {}
        for p in range(len(w.scenario.map.places)):
            side = int(st.control[w.place_hex[p]])
            if side >= 0:
                control[p] = side
        side = w.scenario.sides[w.side_ids[int(st.side)]].name
        status = _("Turn {turn} of {turns} · {side} to move").format(
            turn=st.turn, turns=w.turns, side=side
        )
        if st.game_over:
            status = _("Turn {turn}: the game is over").format(turn=st.turn)
        return Picture(
            t=t,
            date=self.date_at(t),
            pieces=pieces,
            marks=marks,
            control=control,
            current=current,
            latest=latest,
            focus=focus,
            status=status,
        )

    def _in_motion(self, k: int, frac: float) -> dict[int, tuple[float, float]]:
        """Units between the states before and after command k, at `frac` of the way."""
        w = self.world
        a, b = self.state(k), self.state(k + 1)
        changed = np.flatnonzero((a.hex != b.hex) & (a.hex >= 0) & (b.hex >= 0))
        out: dict[int, tuple[float, float]] = {}
        paths = {}
        for e in self.steps[k].events:
            if e.kind == "move" and e.data.get("unit") in w.unit_index:
                paths[w.unit_index[e.data["unit"]]] = [int(h) for h in e.data.get("path", [])]
        gx, gy = w.grid.x, w.grid.y
        for u in changed.tolist():
            path = paths.get(u) or [int(a.hex[u]), int(b.hex[u])]
            if len(path) < 2:
                continue
            f = frac * (len(path) - 1)
            i = min(int(f), len(path) - 2)
            r = f - i
            h0, h1 = path[i], path[i + 1]
            out[u] = (
                float(gx[h0] + (gx[h1] - gx[h0]) * r),
                float(gy[h0] + (gy[h1] - gy[h0]) * r),
            )
        return out

    # ------------------------------------------------------------------ continue
    def game_at(self, t: float):
        """ "Continue from here": a live `Game` at moment t, whose log is the save's up to there
        (so a save of it replays and verifies like any other)."""
        game = self.run.game_at(self.step_index(t))
        game.opening_events = []
        return game


def _capital(s: str) -> str:
    return s[:1].upper() + s[1:]


def _losses(men: int, guns: int) -> str:
    if not guns:
        return men_count(men)
    guns_text = ngettext("{n} gun", "{n} guns", guns).format(n=guns)
    return _("{men}, {guns}").format(men=men_count(men), guns=guns_text)


def _played_title(kind: str, e, place: str, near: bool = False) -> str:
    if kind == "battle":
        if not place:
            return _("Battle")
        if near:  # `place` is the name of the closest place
            return _("Battle near {place}").format(place=place)
        return _("Battle at {place}").format(place=place)
    if kind == "capture":
        return _("Taken: {place}").format(place=place) if place else _("Place taken")
    if kind == "commander":
        return _("Commander lost")
    if e.kind == "game_over":
        return _("The end of the game")
    if kind == "politics":
        return _("Scenario event")
    return _("Event")


def load_game_replay(
    world: World, path: Path | str, scenario_path: str | Path | None = None, mods=()
) -> GameReplay:
    """Read a save or replay file and re-run it for the screen; `ReplayError` says why it cannot
    be. A scenario changed since the game was played is no error: the replay says which files
    and keys differ, and the hash check shows where (if anywhere) the game now goes otherwise."""
    from game.history.gamereplay import scenario_changes
    from game.history.replayfile import read_game_file
    from game.saves import SaveError

    path = Path(path)
    try:
        found = read_game_file(path)
    except SaveError as exc:
        raise ReplayError(str(exc)) from None
    save = found.save
    sc = world.scenario.meta
    if save.scenario.id != sc.id:
        command = f"python main.py replay --scenario {save.scenario.path or 'FILE'} --game {path}"
        if save.scenario.path:
            message = _(
                "{file} was played on scenario '{played}' ({where}), not on '{shown}' ({title}) "
                "shown here; open it with `{command}`"
            )
        else:
            message = _(
                "{file} was played on scenario '{played}', not on '{shown}' ({title}) shown "
                "here; open it with `{command}`"
            )
        raise ReplayError(
            message.format(
                file=path.name,
                played=save.scenario.id,
                where=save.scenario.path,
                shown=sc.id,
                title=sc.title,
                command=command,
            )
        )
    changes = scenario_changes(world, found, scenario_path, list(mods))
    try:
        return GameReplay(world, save, path, changes.describe() if changes else "")
    except (KeyError, IndexError, TypeError, ValueError) as exc:
        raise ReplayError(
            _("{file} cannot be replayed: {error}").format(file=path.name, error=exc)
        ) from None
