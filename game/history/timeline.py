"""The real campaign day by day: where each unit stood, who held each place, what had happened.

`Timeline(world)` compiles the scenario's `history` once. Each track becomes a piecewise-linear
path in (day, x, y), so a unit's position at any moment — noon on 6 July, or a frame between two
days of an animation — is one interpolation. What changes in steps (who holds each place, the fate
of each commander, how many entries have happened) is kept as a snapshot per day, so `frame(t)`
costs the same whatever was asked before: seeking backwards is as quick as playing forwards.

Time is counted in days from the campaign's first day (`t = 0` on 1 May; `t = 66.5` is noon on
6 July). Every query accepts a date or a day number.
"""

from __future__ import annotations

import bisect
import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal

import numpy as np

from game.engine.world import ARM_INDEX
from game.history import model
from game.scenario.schema import Arm, HistoricalBattle, HistoricalEvent, Track

if TYPE_CHECKING:
    from game.engine.world import World

WAITING, PRESENT, GONE = "waiting", "present", "gone"
When = dt.date | float | int
ARTILLERY = ARM_INDEX[Arm.artillery]
CURRENT_DAYS = 1.0  # an entry stays "current" (its caption shown) this long after its last day


@dataclass(frozen=True)
class Entry:
    """One battle or event on the timeline, in the form the screens and the JSON show."""

    id: str
    kind: str  # "battle" or a HistoryEventKind value
    date: dt.date
    end: dt.date
    place: str | None  # place id, when the entry names one
    place_name: str
    lat: float | None
    lon: float | None
    x: float | None
    y: float | None
    caption: str
    source: tuple[str, ...]
    confidence: str
    note: str
    t0: float  # first day, as a day number
    t1: float  # end of the last day
    battle: HistoricalBattle | None = field(default=None, repr=False, compare=False)
    event: HistoricalEvent | None = field(default=None, repr=False, compare=False)

    def to_json(self) -> dict:
        return {
            "id": self.id,
            "date": self.date.isoformat(),
            "end": self.end.isoformat() if self.end != self.date else None,
            "kind": self.kind,
            "place": self.place,
            "place_name": self.place_name,
            "lat": self.lat,
            "lon": self.lon,
            "caption": self.caption,
            "source": list(self.source),
            "confidence": self.confidence,
            "note": self.note,
        }


@dataclass(frozen=True)
class UnitPosition:
    unit: str
    name: str
    side: str
    status: Literal["waiting", "present", "gone"]
    lat: float | None
    lon: float | None
    x: float | None  # km in the hex grid's plane (what the map screen draws in)
    y: float | None
    hex: int  # -1 when not on the map
    track: str | None
    label: str
    moving: bool
    strength: int  # bayonets, sabres or guns (by arm) as the history has it on this day
    fate: str | None
    confidence: str  # how sure the position is (of the waypoint it moves toward)

    def to_json(self) -> dict:
        out = {
            "unit": self.unit,
            "name": self.name,
            "side": self.side,
            "status": self.status,
            "lat": None if self.lat is None else round(self.lat, 4),
            "lon": None if self.lon is None else round(self.lon, 4),
            "hex": self.hex,
            "track": self.track,
            "strength": self.strength,
            "moving": self.moving,
            "confidence": self.confidence,
        }
        if self.fate:
            out["fate"] = self.fate
        return out


@dataclass(frozen=True)
class Frame:
    """The picture at one moment: what a replay screen draws and the headless JSON prints."""

    t: float
    date: dt.date
    units: list[UnitPosition]
    control: dict[str, str | None]  # place id → side holding it (None: nobody)
    commanders: dict[str, str]  # commander id → active / killed / captured
    events: list[Entry]  # everything that has begun by this day, in order
    current: list[Entry]  # entries under way now (battle markers, captions)
    focus: tuple[float, float]  # x, y (km) the camera should follow

    @property
    def caption(self) -> Entry | None:
        """The entry to caption now: the latest under way (a battle before the news of the same
        day), else the latest so far."""
        if self.current:
            return max(self.current, key=lambda e: (e.t0, e.kind == "battle"))
        return self.events[-1] if self.events else None


@dataclass
class _Path:
    """A track compiled to arrays: times (days) and km positions of every vertex."""

    track: Track
    t: np.ndarray
    x: np.ndarray
    y: np.ndarray
    points_t: np.ndarray  # day of each waypoint
    start: float
    end: float
    fate: str | None


class Timeline:
    """The history of one world, compiled for fast queries by date."""

    def __init__(self, world: World):
        self.world = world
        self.history = model.history_of(world)
        meta = world.scenario.meta
        self.start: dt.date = meta.start
        self.end: dt.date = meta.end
        self.days = model.last_day(world) + 1  # t runs from 0 to `days` (end of the last day)
        self._paths = [self._compile(tr) for tr in self.history.tracks]
        self._unit_paths = self._by_unit()
        self.entries: list[Entry] = self._entries()
        self._entry_t0 = [e.t0 for e in self.entries]
        self._daily_control, self._daily_commanders = self._step_snapshots()
        sc = world.scenario
        self._side_of = [world.side_ids[int(s)] for s in world.unit_side]
        self._full = world.unit_men[np.arange(len(world.unit_ids)), world.unit_arm]
        self._arrive_t = np.array(
            [model.day_of(world, u.arrive.date) if u.arrive else 0.0 for u in sc.units]
        )

    # ------------------------------------------------------------------ building
    def _compile(self, track: Track) -> _Path:
        w = self.world
        ts, xs, ys, pts = [], [], [], []
        prev = None
        for p in track.points:
            t = float(model.day_of(w, p.date))
            here = np.array(model.location_xy(w, p.at))
            pts.append(t)
            if prev is None:
                ts.append(t)
                xs.append(here[0])
                ys.append(here[1])
                prev = (t, here)
                continue
            t0, p0 = prev
            if p.along is not None:
                leg = model.route_leg(w, p.along, p0, here)
            else:
                via = [np.array(model.location_xy(w, v)) for v in p.via]
                leg = np.vstack([p0, *via, here])
            seg = np.hypot(*np.diff(leg, axis=0).T)
            cum = np.concatenate([[0.0], np.cumsum(seg)])
            share = cum / cum[-1] if cum[-1] > 0 else np.linspace(0.0, 1.0, len(cum))
            times = t0 + (t - t0) * share
            ts.extend(times[1:])
            xs.extend(leg[1:, 0])
            ys.extend(leg[1:, 1])
            prev = (t, here)
        return _Path(
            track=track,
            t=np.array(ts, dtype=np.float64),
            x=np.array(xs, dtype=np.float64),
            y=np.array(ys, dtype=np.float64),
            points_t=np.array(pts, dtype=np.float64),
            start=pts[0],
            end=pts[-1],
            fate=str(track.points[-1].fate) if track.points[-1].fate else None,
        )

    def _by_unit(self) -> list[list[_Path]]:
        out: list[list[_Path]] = [[] for _ in self.world.unit_ids]
        for path in self._paths:
            for uid in path.track.units:
                out[self.world.unit_index[uid]].append(path)
        for paths in out:
            paths.sort(key=lambda p: (p.start, p.end))
        return out

    def _entry(self, item, kind: str) -> Entry:
        w = self.world
        loc = item.place
        lat = lon = x = y = None
        if loc is not None:
            lat, lon = model.latlon(w, loc)
            x, y = model.xy(w, lat, lon)
        end = item.end or item.date
        return Entry(
            id=item.id,
            kind=kind,
            date=item.date,
            end=end,
            place=loc.place if loc is not None else None,
            place_name=model.place_name(w, loc),
            lat=lat,
            lon=lon,
            x=x,
            y=y,
            caption=item.caption,
            source=tuple(item.source),
            confidence=str(item.confidence),
            note=item.note,
            t0=float(model.day_of(w, item.date)),
            t1=float(model.day_of(w, end) + 1),
            battle=item if kind == "battle" else None,
            event=None if kind == "battle" else item,
        )

    def _entries(self) -> list[Entry]:
        items = [self._entry(b, "battle") for b in self.history.battles]
        items += [self._entry(e, str(e.kind)) for e in self.history.events]
        # battles before events of the same day: the fight comes first, then what it brought
        return sorted(items, key=lambda e: (e.t0, e.kind != "battle", e.t1))

    def _step_snapshots(self) -> tuple[list[dict], list[dict]]:
        """Who holds each place and each commander's fate at the end of every day."""
        sc = self.world.scenario
        control = {p.id: p.control for p in sc.map.places}
        fates = {c.id: "active" for c in sc.commanders}
        changes: dict[int, list[HistoricalEvent]] = {}
        for e in self.history.events:
            changes.setdefault(model.day_of(self.world, e.end or e.date), []).append(e)
        daily_control, daily_fates = [], []
        for day in range(self.days):
            for e in changes.get(day, []):
                for c in e.control:
                    control[c.place] = c.side
                for c in e.commanders:
                    fates[c.id] = c.fate
            daily_control.append(dict(control))
            daily_fates.append(dict(fates))
        return daily_control, daily_fates

    # ------------------------------------------------------------------ time
    def t_of(self, when: When) -> float:
        """Day number of a date (its start) or of a day number, clamped to the campaign."""
        t = float(model.day_of(self.world, when)) if isinstance(when, dt.date) else float(when)
        return min(max(t, 0.0), float(self.days) - 1e-9)

    def date_at(self, when: When) -> dt.date:
        return model.date_of(self.world, self.t_of(when))

    def _day(self, t: float) -> int:
        return min(int(np.floor(t)), self.days - 1)

    # ------------------------------------------------------------------ queries
    def positions(self, when: When) -> dict[str, np.ndarray]:
        """Arrays over all units: x, y (km), lat, lon, hex, status code (0 waiting, 1 present,
        2 gone), moving. The vectorised core of `frame`, for overlays that need only places."""
        t = self.t_of(when)
        n = len(self.world.unit_ids)
        x, y = np.full(n, np.nan), np.full(n, np.nan)
        status = np.zeros(n, dtype=np.int8)
        moving = np.zeros(n, dtype=bool)
        track = np.full(n, -1, dtype=np.int64)
        for u, paths in enumerate(self._unit_paths):
            if t < self._arrive_t[u] or not paths:
                continue
            path = self._path_at(paths, t)
            if path is None:
                status[u] = 2
                continue
            status[u] = 1
            track[u] = self._paths.index(path)
            tt = min(max(t, path.start), path.end)
            x[u] = np.interp(tt, path.t, path.x)
            y[u] = np.interp(tt, path.t, path.y)
            if path.start <= t < path.end:
                k = int(np.searchsorted(path.t, t, side="right"))
                if 0 < k < len(path.t):
                    moving[u] = (path.x[k], path.y[k]) != (path.x[k - 1], path.y[k - 1])
        on = status == 1
        lat, lon = np.full(n, np.nan), np.full(n, np.nan)
        lat[on], lon[on] = self.world.grid.xy_to_latlon(x[on], y[on])
        hexes = np.full(n, -1, dtype=np.int64)
        if on.any():
            hexes[on] = np.atleast_1d(self.world.grid.hex_at_xy(x[on], y[on]))
        return {
            "x": x,
            "y": y,
            "lat": lat,
            "lon": lon,
            "hex": hexes,
            "status": status,
            "moving": moving,
            "track": track,
        }

    @staticmethod
    def _path_at(paths: list[_Path], t: float) -> _Path | None:
        """The track a unit follows at t: the one under way (the later one on a hand-over day),
        else the last one begun (holding its end), else the first; None once its fate is met."""
        current = None
        for p in paths:
            if p.start <= t:
                current = p
        if current is None:
            return paths[0]
        if current.fate is not None and t > current.end:
            return None
        return current

    def strength(self, when: When) -> np.ndarray:
        """(U,) strength of each unit in its own arm's measure on that day, as the history
        records it (full strength where no source gives a figure)."""
        t = self.t_of(when)
        w = self.world
        out = self._full.astype(np.int64).copy()
        best: dict[int, float] = {}
        for path in self._paths:
            for p in path.track.points:
                pt = float(model.day_of(w, p.date))
                if p.strength is None or pt > t:
                    continue
                units = [w.unit_index[u] for u in path.track.units]
                if isinstance(p.strength, dict):
                    for uid, n in p.strength.items():
                        u = w.unit_index.get(uid)
                        if u is not None and best.get(u, -1.0) <= pt:
                            out[u], best[u] = n, pt
                    continue
                men = [u for u in units if w.unit_arm[u] != ARTILLERY]
                total = float(self._full[men].sum())
                for u in men:
                    if best.get(u, -1.0) <= pt and total > 0:
                        out[u] = round(p.strength * self._full[u] / total)
                        best[u] = pt
        return out

    def frame(self, when: When) -> Frame:
        t = self.t_of(when)
        day = self._day(t)
        w = self.world
        pos = self.positions(t)
        strength = self.strength(t)
        units = []
        for u, uid in enumerate(w.unit_ids):
            code = int(pos["status"][u])
            k = int(pos["track"][u])
            path = self._paths[k] if k >= 0 else None
            on = code == 1
            units.append(
                UnitPosition(
                    unit=uid,
                    name=w.scenario.units[u].name,
                    side=self._side_of[u],
                    status=(WAITING, PRESENT, GONE)[code],
                    lat=float(pos["lat"][u]) if on else None,
                    lon=float(pos["lon"][u]) if on else None,
                    x=float(pos["x"][u]) if on else None,
                    y=float(pos["y"][u]) if on else None,
                    hex=int(pos["hex"][u]),
                    track=path.track.id if path is not None else None,
                    label=path.track.label if path is not None else "",
                    moving=bool(pos["moving"][u]),
                    strength=int(strength[u]) if code != 2 else 0,
                    fate=self._fate(u) if code == 2 else None,
                    confidence=self._confidence(path, t) if path is not None else "",
                )
            )
        n_so_far = bisect.bisect_right(self._entry_t0, float(day))
        so_far = self.entries[:n_so_far]
        current = [e for e in so_far if e.t0 <= t < e.t1 + CURRENT_DAYS]
        return Frame(
            t=t,
            date=model.date_of(w, t),
            units=units,
            control=self._daily_control[day],
            commanders=self._daily_commanders[day],
            events=so_far,
            current=current,
            focus=self.focus(t, pos, current),
        )

    def _fate(self, u: int) -> str | None:
        paths = self._unit_paths[u]
        return paths[-1].fate if paths else None

    @staticmethod
    def _confidence(path: _Path, t: float) -> str:
        k = int(np.searchsorted(path.points_t, t, side="left"))
        point = path.track.points[min(k, len(path.track.points) - 1)]
        return str(point.confidence or path.track.confidence)

    def focus(self, when: When, pos: dict | None = None, current=None) -> tuple[float, float]:
        """Where the action is: the place of the latest entry under way, else the middle of the
        units on the move, else the middle of everything on the map."""
        t = self.t_of(when)
        if current is None:
            current = [e for e in self.entries if e.t0 <= t < e.t1 + CURRENT_DAYS]
        for e in reversed(current):
            if e.x is not None:
                return (e.x, e.y)
        pos = pos if pos is not None else self.positions(t)
        for mask in (pos["moving"], pos["status"] == 1):
            if mask.any():
                return (float(pos["x"][mask].mean()), float(pos["y"][mask].mean()))
        return (float(self.world.grid.x.mean()), float(self.world.grid.y.mean()))

    # ------------------------------------------------------------------ stepping
    def next_entry(self, when: When) -> Entry | None:
        """The first entry that begins after `when` (for "step to next event")."""
        t = self.t_of(when)
        i = bisect.bisect_right(self._entry_t0, t)
        return self.entries[i] if i < len(self.entries) else None

    def previous_entry(self, when: When) -> Entry | None:
        """The last entry that begins strictly before the day of `when`."""
        t = self.t_of(when)
        i = bisect.bisect_left(self._entry_t0, float(np.floor(t)))
        return self.entries[i - 1] if i > 0 else None

    def entry(self, entry_id: str) -> Entry:
        return next(e for e in self.entries if e.id == entry_id)

    def markers(self) -> list[tuple[float, str, str]]:
        """(day number, kind, id) of every entry: the marks on a timeline bar."""
        return [(e.t0, e.kind, e.id) for e in self.entries]

    def control_on(self, when: When) -> dict[str, str | None]:
        return self._daily_control[self._day(self.t_of(when))]

    def commanders_on(self, when: When) -> dict[str, str]:
        return self._daily_commanders[self._day(self.t_of(when))]

    def entries_between(self, first: When, last: When) -> list[Entry]:
        """Entries that begin on a day from `first` to `last` (inclusive)."""
        a, b = self._day(self.t_of(first)), self._day(self.t_of(last))
        return [e for e in self.entries if a <= e.t0 <= b]


def timeline_for(world: World) -> Timeline:
    """The world's timeline, compiled once and shared (players, screens, tools)."""
    return model.cached(world, "timeline", lambda: Timeline(world))
