"""What the AI knows about the map before the first move: movement profiles, distance fields,
defence values and the objectives of the scenario, all derived from the World.

Distance fields ("movement points from every hex to this target") are full-map Dijkstra searches,
about 4 ms each in Python, so they are computed once per World and target, lazily, and shared by
every AI player of that World in the process (both sides, every campaign of a batch).
"""

from __future__ import annotations

import heapq
import weakref
from dataclasses import dataclass, field

import numpy as np

from game.engine import raster
from game.engine.world import World
from game.scenario.schema import ObjectiveKind, RouteKind

RAIL_BEAT = 16  # railway hexes a guard watches over (about a day's march along the line)


@dataclass(eq=False)
class StaticMaps:
    world: World
    profile_of_type: np.ndarray  # (T,) movement profile of each unit type
    profile_types: list[int]  # a representative unit type per profile
    defence: np.ndarray  # (H,) defender multiplier of terrain and place (posture excluded)
    objective_hexes: dict[str, int]  # place objective id -> hex
    rail_hexes: tuple[int, ...]
    neighbours: np.ndarray  # (H, 6) with -1 replaced by the hex itself
    strike_step: np.ndarray  # (P,) movement points per hex to count on when judging what a
    # unit could reach and strike this turn: between the cheapest step (a road) and the median
    passable: np.ndarray  # (P, H) hexes a unit of each profile can enter at all
    detachment: np.ndarray  # (S,) combat power of each side's middling unit at full strength
    _fields: dict[tuple[int, tuple[int, ...]], np.ndarray] = field(default_factory=dict)
    _supply: dict[int, np.ndarray] = field(default_factory=dict)
    _scout_sight: dict[str, int] = field(default_factory=dict)
    _lookouts: dict[tuple[int, str], tuple[int, ...]] = field(default_factory=dict)
    _line: tuple[int, ...] | None = None
    _line_index: dict[int, int] | None = None
    _rail_distance: np.ndarray | None = None
    _incoming: dict[int, list[list[tuple[int, float]]]] = field(default_factory=dict)

    def field(self, profile: int, targets: tuple[int, ...]) -> np.ndarray:
        """(H,) movement points from each hex to the nearest of `targets` (inf: unreachable)."""
        key = (profile, targets)
        got = self._fields.get(key)
        if got is None:
            if profile not in self._incoming:
                self._incoming[profile] = _incoming(self.world, self.profile_types[profile])
            got = _distance_to(self.world, self._incoming[profile], targets)
            got.setflags(write=False)
            self._fields[key] = got
        return got

    def supply_left(self, side: int, control: np.ndarray) -> np.ndarray:
        """(H,) supply points left on reaching each hex from the side's sources it holds
        (negative: out of supply). Unlike the engine's trace it ignores enemy units in the way:
        a planning estimate, one maximum over fields computed once per source."""
        left = np.full(self.world.grid.size, -np.inf)
        for i, (h, sides, rng) in enumerate(self.world.supply_sources):
            if side in sides and control[h] == side:
                got = self._supply.get(i)
                if got is None:
                    got = rng - _supply_distance(self.world, h)
                    self._supply[i] = got
                left = np.maximum(left, got)
        return left

    @property
    def rail_beats(self) -> list[tuple[int, ...]]:
        """The railway cut into even stretches of about RAIL_BEAT hexes along the line."""
        line = self.rail_line
        n = max(1, round(len(line) / RAIL_BEAT)) if line else 0
        return [line[len(line) * k // n : len(line) * (k + 1) // n] for k in range(n)]

    @property
    def rail_line(self) -> tuple[int, ...]:
        """The railway's hexes in order along the line, from one end to the other (the longest
        run of railway edges; a branch off it is left out). Patrols walk it."""
        if self._line is None:
            self._line = _rail_line(self.world)
        return self._line

    @property
    def rail_distance(self) -> np.ndarray:
        """(H,) hexes from each hex to the nearest railway hex (large where there is none)."""
        if self._rail_distance is None:
            grid = self.world.grid
            out = np.full(grid.size, 1 << 20, dtype=np.int64)
            every = np.arange(grid.size)
            for h in self.rail_hexes:
                np.minimum(out, grid.distance(every, h), out=out)
            self._rail_distance = out
        return self._rail_distance

    @property
    def rail_index(self) -> dict[int, int]:
        """Hex -> its place along `rail_line`."""
        if self._line_index is None:
            self._line_index = {h: i for i, h in enumerate(self.rail_line)}
        return self._line_index

    def lookout(self, h: int, side: str) -> tuple[int, ...]:
        """Hexes from which the side's fastest units see hex h (its scouts go to these)."""
        world = self.world
        sight = self._scout_sight.get(side)
        if sight is None:
            mine = world.unit_side == world.side_index[side]
            types = np.unique(world.unit_type[mine & ~world.type_rail_only[world.unit_type]])
            if types.size == 0:
                types = np.unique(world.unit_type[mine])
            fast = types[world.type_movement[types] >= world.type_movement[types].max()]
            sight = max(1, int(world.type_sight[fast].min())) if fast.size else 1
            self._scout_sight[side] = sight
        got = self._lookouts.get((h, side))
        if got is None:
            radius = 1 if world.blocks_sight[h] else sight
            got = tuple(int(x) for x in world.grid.within(h, radius) if x != h)
            self._lookouts[(h, side)] = got
        return got

    def unit_profile(self, unit: int) -> int:
        return int(self.profile_of_type[self.world.unit_type[unit]])


_CACHE: weakref.WeakKeyDictionary[World, StaticMaps] = weakref.WeakKeyDictionary()


def static_maps(world: World) -> StaticMaps:
    maps = _CACHE.get(world)
    if maps is None:
        maps = _build(world)
        _CACHE[world] = maps
    return maps


def _build(world: World) -> StaticMaps:
    # Unit types that move alike share their fields (cavalry and mounted partisans here).
    profile_of_type = np.zeros(len(world.type_ids), dtype=np.int64)
    reps: list[int] = []
    seen: dict[bytes, int] = {}
    for t in range(len(world.type_ids)):
        key = world.step_cost[t].tobytes()
        if key not in seen:
            seen[key] = len(reps)
            reps.append(t)
        profile_of_type[t] = seen[key]
    tables = world.combat
    defence = tables.terrain_defence[world.terrain] * world.place_defence
    objectives = {}
    rail: tuple[int, ...] = ()
    for obj in world.scenario.victory.objectives:
        if obj.kind == ObjectiveKind.place:
            objectives[obj.id] = int(world.place_hex[world.place_index[obj.place]])
        else:
            rail = tuple(int(h) for h in np.flatnonzero(world.rail))
    nb = world.grid.neighbours
    own = np.arange(world.grid.size)[:, None]
    return StaticMaps(
        world=world,
        profile_of_type=profile_of_type,
        profile_types=reps,
        defence=defence,
        objective_hexes=objectives,
        rail_hexes=rail,
        neighbours=np.where(nb >= 0, nb, own),
        strike_step=np.array([_strike_step(world.step_cost[t]) for t in reps]),
        passable=np.array([_enterable(world, t) for t in reps]),
        detachment=_detachments(world),
    )


def _rail_line(world: World) -> tuple[int, ...]:
    code = raster.ROUTE_CODES[RouteKind.railway]
    nb = world.grid.neighbours
    links = {
        int(h): [
            int(nb[h, d]) for d in range(6) if world.route_edge[h, d] == code and nb[h, d] >= 0
        ]
        for h in np.flatnonzero(world.rail)
    }
    if not links:
        return ()

    def walk(start: int) -> list[int]:
        """The farthest hex from `start` along the links, and the path there (breadth first)."""
        prev = {start: -1}
        queue = [start]
        for h in queue:
            for n in links.get(h, []):
                if n not in prev:
                    prev[n] = h
                    queue.append(n)
        path = [queue[-1]]
        while prev[path[-1]] >= 0:
            path.append(prev[path[-1]])
        return path

    ends = [h for h, n in sorted(links.items()) if len(n) == 1] or sorted(links)
    one = walk(ends[0])[0]
    return tuple(walk(one))


def _detachments(world: World) -> np.ndarray:
    t = world.combat
    power = (world.unit_men @ t.weights) * (t.eff_zero + t.eff_slope * world.unit_morale)
    out = np.zeros(len(world.side_ids))
    for s in range(len(world.side_ids)):
        mine = power[world.unit_side == s]
        out[s] = float(np.median(mine)) if mine.size else 0.0
    return out


def _enterable(world: World, utype: int) -> np.ndarray:
    nb = world.grid.neighbours
    finite = np.isfinite(world.step_cost[utype])
    out = np.zeros(world.grid.size, dtype=bool)
    out[nb[finite]] = True
    return out


def _strike_step(costs: np.ndarray) -> float:
    finite = costs[np.isfinite(costs) & (costs > 0)]
    return float(finite.min() + np.median(finite)) / 2.0 if finite.size else 1.0


def _supply_distance(world: World, source: int) -> np.ndarray:
    """(H,) supply points a line from `source` spends to reach each hex (as `supply.py` traces)."""
    size = world.grid.size
    best = [float("inf")] * size
    best[source] = 0.0
    heap = [(0.0, source)]
    steps = world.supply_step_list
    nbrs = world.neighbour_list
    while heap:
        c, h = heapq.heappop(heap)
        if c > best[h]:
            continue
        row, nrow = steps[h], nbrs[h]
        for d in range(6):
            n = nrow[d]
            nc = c + row[d]
            if n >= 0 and nc < best[n]:
                best[n] = nc
                heapq.heappush(heap, (nc, n))
    return np.array(best)


def _incoming(world: World, utype: int) -> list[list[tuple[int, float]]]:
    """For each hex, the neighbours a unit of this type can step in from, with the step's cost."""
    nb = world.grid.neighbours
    cost = world.step_cost[utype]
    ok = (nb >= 0) & np.isfinite(cost)
    src, d = np.nonzero(ok)
    dst = nb[src, d]
    order = np.argsort(dst, kind="stable")
    src, dst, w = src[order].tolist(), dst[order].tolist(), cost[ok][order].tolist()
    out: list[list[tuple[int, float]]] = [[] for _ in range(world.grid.size)]
    for m, h, c in zip(src, dst, w, strict=True):
        out[h].append((m, c))
    return out


def _distance_to(
    world: World, incoming: list[list[tuple[int, float]]], targets: tuple[int, ...]
) -> np.ndarray:
    """Reverse Dijkstra: the cost of the cheapest path from each hex into a target."""
    best = [float("inf")] * world.grid.size
    heap = []
    for t in targets:
        best[t] = 0.0
        heap.append((0.0, t))
    heapq.heapify(heap)
    pop, push = heapq.heappop, heapq.heappush
    while heap:
        c, h = pop(heap)
        if c > best[h]:
            continue
        for m, step in incoming[h]:
            nc = c + step
            if nc < best[m]:
                best[m] = nc
                push(heap, (nc, m))
    return np.array(best)
