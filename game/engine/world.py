"""The compiled, immutable side of a game: the scenario turned into arrays the rules index.

A `World` is built once per scenario (and mods) and shared by every state, player and screen. It
holds the hex grid, the rasterised map, unit and commander tables, and the rules tables as NumPy
arrays, so the rules modules read `world.step_cost[type, hex, dir]` instead of walking YAML.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from functools import cached_property

import numpy as np

from game.engine import raster
from game.engine.combat import ARMS, CombatTables
from game.engine.hexgrid import HexGrid
from game.scenario.schema import Arm, Location, RouteKind, Scenario

INF = math.inf
ARM_ORDER = (Arm.infantry, Arm.cavalry, Arm.artillery)
ARM_INDEX = {arm: i for i, arm in enumerate(ARM_ORDER)}
MEASURES = ("bayonets", "sabers", "guns", "machine_guns")  # the keys of `totals` in JSON output
ROUTE_KINDS = {code: kind for kind, code in raster.ROUTE_CODES.items() if kind is not None}
RIVER_CLASSES = {code: cls for cls, code in raster.RIVER_CODES.items() if cls is not None}


@dataclass(frozen=True, eq=False)
class World:
    scenario: Scenario  # what screens show: in the player's language when it has a translation
    base: Scenario | None = None  # the scenario as written, when `scenario` is a translation

    @property
    def canonical(self) -> Scenario:
        """The scenario as written (not translated): what fingerprints, saves and replays use, so
        a game saved in one language loads and replays in another."""
        return self.base if self.base is not None else self.scenario

    # ------------------------------------------------------------------ calendar
    @property
    def start(self) -> dt.date:
        return self.scenario.meta.start

    @property
    def days_per_turn(self) -> int:
        return self.scenario.meta.days_per_turn

    @cached_property
    def turns(self) -> int:
        days = (self.scenario.meta.end - self.start).days + 1
        return math.ceil(days / self.days_per_turn)

    def date_of(self, turn: int) -> dt.date:
        """First day of a turn (turn 1 starts on the scenario's start date)."""
        return self.start + dt.timedelta(days=(turn - 1) * self.days_per_turn)

    def turn_of(self, date: dt.date) -> int:
        return (date - self.start).days // self.days_per_turn + 1

    # ---------------------------------------------------------------------- map
    @cached_property
    def grid(self) -> HexGrid:
        b = self.scenario.map.bounds
        return HexGrid(b.lat_min, b.lat_max, b.lon_min, b.lon_max, self.scenario.map.hex_km)

    @cached_property
    def terrain_ids(self) -> tuple[str, ...]:
        return tuple(self.scenario.terrain)

    @cached_property
    def terrain(self) -> np.ndarray:
        index = {t: i for i, t in enumerate(self.terrain_ids)}
        return raster.paint_terrain(self.grid, self.scenario.map, index)

    def _terrain_flag(self, name: str) -> np.ndarray:
        flags = np.array([getattr(t, name) for t in self.scenario.terrain.values()], dtype=bool)
        return flags[self.terrain]

    @cached_property
    def impassable(self) -> np.ndarray:
        return self._terrain_flag("impassable")

    @cached_property
    def forage(self) -> np.ndarray:
        return self._terrain_flag("forage")

    @cached_property
    def blocks_sight(self) -> np.ndarray:
        return self._terrain_flag("blocks_sight")

    @cached_property
    def river_edge(self) -> np.ndarray:
        return raster.river_edges(self.grid, self.scenario.map)

    @cached_property
    def river_hex(self) -> np.ndarray:
        return raster.river_hexes(self.grid, self.scenario.map)

    @cached_property
    def _routes(self) -> tuple[np.ndarray, np.ndarray]:
        return raster.route_edges(self.grid, self.scenario.map)

    @property
    def route_edge(self) -> np.ndarray:
        return self._routes[0]

    @property
    def route_hex(self) -> np.ndarray:
        return self._routes[1]

    @cached_property
    def rail(self) -> np.ndarray:
        """Hexes on the railway: the ones a railway edge touches."""
        return (self.route_edge == raster.ROUTE_CODES[RouteKind.railway]).any(axis=1)

    # ------------------------------------------------------------------- places
    @cached_property
    def place_ids(self) -> tuple[str, ...]:
        return tuple(p.id for p in self.scenario.map.places)

    @cached_property
    def place_index(self) -> dict[str, int]:
        return {pid: i for i, pid in enumerate(self.place_ids)}

    @cached_property
    def place_hex(self) -> np.ndarray:
        places = self.scenario.map.places
        if not places:
            return np.zeros(0, dtype=np.int64)
        lat = np.array([p.lat for p in places])
        lon = np.array([p.lon for p in places])
        return np.atleast_1d(self.grid.hex_at_latlon(lat, lon)).astype(np.int64)

    def place_name(self, place_id: str) -> str:
        return self.scenario.map.places[self.place_index[place_id]].name

    def locate(self, where: Location) -> int:
        """Hex of a Location (a place id or lat/lon); -1 when off the map."""
        if where.place is not None:
            return int(self.place_hex[self.place_index[where.place]])
        return int(self.grid.hex_at_latlon(where.lat, where.lon))

    # -------------------------------------------------------------------- sides
    @cached_property
    def side_ids(self) -> tuple[str, ...]:
        return tuple(self.scenario.meta.side_order)

    @cached_property
    def side_index(self) -> dict[str, int]:
        return {s: i for i, s in enumerate(self.side_ids)}

    def other_side(self, side: int) -> int:
        return 1 - side

    @cached_property
    def faction_ids(self) -> tuple[str, ...]:
        return tuple(f.id for f in self.scenario.factions)

    @cached_property
    def faction_side(self) -> np.ndarray:
        return np.array([self.side_index[f.side] for f in self.scenario.factions], dtype=np.int8)

    # -------------------------------------------------------------- unit types
    @cached_property
    def type_ids(self) -> tuple[str, ...]:
        return tuple(t.id for t in self.scenario.unit_types)

    def _type_attr(self, fn, dtype) -> np.ndarray:
        return np.array([fn(t) for t in self.scenario.unit_types], dtype=dtype)

    @cached_property
    def type_arm(self) -> np.ndarray:
        return self._type_attr(lambda t: ARM_INDEX[t.arm], np.int8)

    @cached_property
    def type_movement(self) -> np.ndarray:
        return self._type_attr(lambda t: t.movement, np.float64)

    @cached_property
    def type_sight(self) -> np.ndarray:
        return self._type_attr(lambda t: t.sight, np.int64)

    # -------------------------------------------------------------------- units
    @cached_property
    def unit_ids(self) -> tuple[str, ...]:
        return tuple(u.id for u in self.scenario.units)

    @cached_property
    def unit_index(self) -> dict[str, int]:
        return {uid: i for i, uid in enumerate(self.unit_ids)}

    @cached_property
    def unit_faction(self) -> np.ndarray:
        index = {f: i for i, f in enumerate(self.faction_ids)}
        return np.array([index[u.faction] for u in self.scenario.units], dtype=np.int16)

    @cached_property
    def unit_side(self) -> np.ndarray:
        return self.faction_side[self.unit_faction].astype(np.int8)

    @cached_property
    def unit_type(self) -> np.ndarray:
        index = {t: i for i, t in enumerate(self.type_ids)}
        return np.array([index[u.type] for u in self.scenario.units], dtype=np.int16)

    @cached_property
    def unit_arm(self) -> np.ndarray:
        return self.type_arm[self.unit_type]

    @cached_property
    def unit_men(self) -> np.ndarray:
        """(U, 4) strength at full deployment: bayonets, sabres, guns, machine guns."""
        men = np.zeros((len(self.unit_ids), len(ARMS)), dtype=np.int64)
        for i, u in enumerate(self.scenario.units):
            men[i, self.unit_arm[i]] += u.strength
            men[i, 2] += u.guns
            men[i, 3] += u.machine_guns
        return men

    @cached_property
    def unit_morale(self) -> np.ndarray:
        return np.array([u.morale for u in self.scenario.units], dtype=np.float64)

    @cached_property
    def unit_start_hex(self) -> np.ndarray:
        """Hex where each unit starts, or where it arrives for late units."""
        out = []
        for u in self.scenario.units:
            out.append(self.locate(u.start if u.start is not None else u.arrive.at))
        return np.array(out, dtype=np.int64)

    @cached_property
    def unit_arrive_turn(self) -> np.ndarray:
        """Turn on whose start each unit enters (1 for units on the map from the start)."""
        return np.array(
            [
                1 if u.arrive is None else max(1, self.turn_of(u.arrive.date))
                for u in self.scenario.units
            ],
            dtype=np.int64,
        )

    # --------------------------------------------------------------- commanders
    @cached_property
    def commander_ids(self) -> tuple[str, ...]:
        return tuple(c.id for c in self.scenario.commanders)

    @cached_property
    def commander_index(self) -> dict[str, int]:
        return {cid: i for i, cid in enumerate(self.commander_ids)}

    @cached_property
    def commander_unit(self) -> np.ndarray:
        return np.array([self.unit_index[c.unit] for c in self.scenario.commanders], dtype=np.int64)

    @cached_property
    def commander_side(self) -> np.ndarray:
        return np.array([self.side_index[c.side] for c in self.scenario.commanders], dtype=np.int8)

    def _ratings(self, name: str, default: float) -> np.ndarray:
        return np.array(
            [getattr(c.ratings, name) for c in self.scenario.commanders] or [default],
            dtype=np.float64,
        )[: len(self.commander_ids)]

    @cached_property
    def commander_combat(self) -> np.ndarray:
        return self._ratings("combat", 1.0)

    @cached_property
    def commander_morale(self) -> np.ndarray:
        return self._ratings("morale", 0.0)

    @cached_property
    def commander_initiative(self) -> np.ndarray:
        return self._ratings("initiative", 0.0)

    # --------------------------------------------------------------- movement
    @cached_property
    def step_cost(self) -> np.ndarray:
        """(T, H, 6) movement points for a unit of type t to step from hex h in direction d."""
        rules = self.scenario.rules.movement
        grid = self.grid
        nb = grid.neighbours
        valid = nb >= 0
        nb_safe = np.where(valid, nb, 0)
        out = np.empty((len(self.type_ids), grid.size, 6), dtype=np.float64)
        route = self.route_edge
        river = self.river_edge
        for t, utype in enumerate(self.scenario.unit_types):
            arm = utype.arm
            terrain_cost = np.array(
                [_cost(rules.terrain_costs.get(tid, {}).get(arm)) for tid in self.terrain_ids]
            )
            route_cost = np.full(len(raster.ROUTE_CODES), INF)
            for code, kind in ROUTE_KINDS.items():
                if kind in rules.route_costs and arm in rules.route_costs[kind]:
                    route_cost[code] = rules.route_costs[kind][arm]
            river_cost = np.zeros(len(raster.RIVER_CODES))
            for code, cls in RIVER_CLASSES.items():
                river_cost[code] = rules.river_crossing.get(cls, {}).get(arm, 0.0)
            bridged = np.zeros(len(raster.ROUTE_CODES), dtype=bool)
            for kind in rules.bridged_routes:
                bridged[raster.ROUTE_CODES[kind]] = True

            if utype.rail_only:
                rail = raster.ROUTE_CODES[RouteKind.railway]
                cost = np.where(route == rail, route_cost[rail], INF)
            else:
                base = np.where(route > 0, route_cost[route], terrain_cost[self.terrain[nb_safe]])
                cost = base + np.where(bridged[route], 0.0, river_cost[river])
            cost = np.where(valid & ~self.impassable[nb_safe], cost, INF)
            out[t] = cost
        out.setflags(write=False)
        return out

    @cached_property
    def zoc_leave_cost(self) -> np.ndarray:
        zoc = self.scenario.rules.movement.zoc
        return self._type_attr(lambda t: zoc.leave_cost.get(t.arm, 0.0), np.float64)

    @cached_property
    def zoc_to_zoc(self) -> np.ndarray:
        zoc = self.scenario.rules.movement.zoc
        return self._type_attr(lambda t: zoc.zoc_to_zoc.get(t.arm, False), bool)

    @cached_property
    def type_rail_only(self) -> np.ndarray:
        return self._type_attr(lambda t: t.rail_only, bool)

    # ------------------------------------------------------------------ supply
    @cached_property
    def supply_step(self) -> np.ndarray:
        """(H, 6) supply points to trace from hex h into its neighbour in direction d."""
        rules = self.scenario.rules.supply
        nb = self.grid.neighbours
        valid = nb >= 0
        nb_safe = np.where(valid, nb, 0)
        terrain_cost = np.array([_cost(rules.terrain_costs.get(t)) for t in self.terrain_ids])
        route_cost = np.full(len(raster.ROUTE_CODES), INF)
        for code, kind in ROUTE_KINDS.items():
            route_cost[code] = rules.route_costs.get(kind, INF)
        river_cost = np.zeros(len(raster.RIVER_CODES))
        for code, cls in RIVER_CLASSES.items():
            river_cost[code] = rules.river_crossing.get(cls, 0.0)
        route = self.route_edge
        base = np.where(route > 0, route_cost[route], terrain_cost[self.terrain[nb_safe]])
        cost = base + river_cost[self.river_edge]
        return np.where(valid & ~self.impassable[nb_safe], cost, INF)

    @cached_property
    def supply_step_list(self) -> list[list[float]]:
        """`supply_step` as nested lists: the supply search indexes it scalar by scalar."""
        return self.supply_step.tolist()

    @cached_property
    def neighbour_list(self) -> list[list[int]]:
        return self.grid.neighbours.tolist()

    @cached_property
    def step_cost_list(self) -> list[list[list[float]]]:
        """`step_cost` as nested lists for the movement search."""
        return self.step_cost.tolist()

    @cached_property
    def supply_sources(self) -> list[tuple[int, frozenset[int], float]]:
        """(hex, sides that may draw there, range) for each supply source."""
        return [
            (
                int(self.place_hex[self.place_index[s.place]]),
                frozenset(self.side_index[x] for x in s.sides),
                s.range,
            )
            for s in self.scenario.rules.supply.sources
        ]

    # ------------------------------------------------------------------ combat
    @cached_property
    def combat(self) -> CombatTables:
        return CombatTables.from_rules(self.scenario.rules.combat, self.terrain_ids)

    @cached_property
    def place_defence(self) -> np.ndarray:
        """(H,) defender multiplier of the strongest place in each hex (1.0 where none)."""
        table = self.scenario.rules.combat.place_defence
        out = np.ones(self.grid.size)
        for place, h in zip(self.scenario.map.places, self.place_hex, strict=True):
            out[h] = max(out[h], table.get(place.kind, 1.0))
        return out

    @cached_property
    def river_attack(self) -> np.ndarray:
        """Attacker multiplier by river code (index 0 = no river)."""
        table = self.scenario.rules.combat.river_attack
        out = np.ones(len(raster.RIVER_CODES))
        for code, cls in RIVER_CLASSES.items():
            out[code] = table.get(cls, 1.0)
        return out

    # ----------------------------------------------------------------- summary
    def totals(self) -> dict[str, dict[str, int]]:
        """Strength of each side at full deployment, by measure."""
        out = {}
        for s, side in enumerate(self.side_ids):
            men = self.unit_men[self.unit_side == s].sum(axis=0)
            out[side] = {m: int(v) for m, v in zip(MEASURES, men, strict=True)}
        return out


def _cost(value: float | None) -> float:
    return INF if value is None else float(value)


def build_world(scenario: Scenario) -> World:
    """Compile a validated scenario; the expensive arrays are built here, not on first use."""
    world = World(scenario)
    for name in ("terrain", "river_edge", "river_hex", "_routes", "step_cost", "supply_step"):
        getattr(world, name)
    return world
