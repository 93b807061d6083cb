"""Checks that need the hex grid: every position lies on the map, on land, where its unit can stand.

They rasterise the map the same way the engine does (`engine.hexgrid`, `engine.raster`, neither of
which touches the rest of the engine), so "in a lake" here means exactly what the rules will see.
"""

from __future__ import annotations

import numpy as np

from game.engine import raster
from game.engine.hexgrid import HexGrid
from game.scenario.schema import Location, RouteKind, Scenario


def map_checks(scenario: Scenario) -> list[tuple[tuple, str]]:
    m = scenario.map
    b = m.bounds
    grid = HexGrid(b.lat_min, b.lat_max, b.lon_min, b.lon_max, m.hex_km)
    index = {t: i for i, t in enumerate(scenario.terrain)}
    terrain = raster.paint_terrain(grid, m, index)
    names = list(scenario.terrain)
    impassable = np.array([t.impassable for t in scenario.terrain.values()])[terrain]
    _, route_cells = raster.route_edges(grid, m)
    rail = route_cells == raster.ROUTE_CODES[RouteKind.railway]
    place_hex = {p.id: int(grid.hex_at_latlon(p.lat, p.lon)) for p in m.places}
    rail_only = {t.id for t in scenario.unit_types if t.rail_only}
    out: list[tuple[tuple, str]] = []

    def where(h: int) -> str:
        return f"hex {int(grid.col[h])},{int(grid.row[h])} ({names[terrain[h]]})"

    for i, p in enumerate(m.places):
        h = place_hex[p.id]
        if h < 0:
            out.append(
                (("map", "places", i), f"place {p.id!r} at {p.lat}, {p.lon} is off the hex grid")
            )
        elif impassable[h]:
            out.append(
                (("map", "places", i), f"place {p.id!r} lies in impassable terrain: {where(h)}")
            )

    def check_location(path: tuple, loc: Location, unit_type: str) -> None:
        if loc.place is not None:
            h = place_hex.get(loc.place, -1)
        else:
            h = int(grid.hex_at_latlon(loc.lat, loc.lon))
            if h < 0:
                out.append((path, f"position {loc.lat}, {loc.lon} is off the hex grid"))
                return
            if impassable[h]:
                out.append(
                    (path, f"position {loc.lat}, {loc.lon} lies in impassable terrain: {where(h)}")
                )
                return
        if h >= 0 and unit_type in rail_only and not rail[h]:
            out.append((path, f"a {unit_type} unit must stand on the railway, not on {where(h)}"))

    for i, u in enumerate(scenario.units):
        if u.start is not None:
            check_location(("units", i, "start"), u.start, u.type)
        if u.arrive is not None:
            check_location(("units", i, "arrive", "at"), u.arrive.at, u.type)
    return out


def reach_checks(scenario: Scenario) -> list[tuple[tuple, str, str, str]]:
    """Warn about objectives no unit can reach (code `unreachable-objective`).

    A place objective is reachable when some unit, from its start (or arrival) hex, can walk to
    it by steps of finite movement cost for its own type: the same costs the rules use
    (`World.step_cost`), so a place behind impassable terrain or off every rail-only type's line
    is found here, before anyone plays the scenario.
    """
    from game.engine.world import build_world  # the compiled arrays; imported late (cost)

    try:
        world = build_world(scenario)
        world.unit_start_hex  # noqa: B018  (builds the start hexes: may meet a broken reference)
    except (KeyError, IndexError):
        return []  # a reference the cross-checks already report as an error
    nb = world.grid.neighbours
    open_step = np.isfinite(world.step_cost)  # (T, H, 6)
    reached = np.zeros(world.grid.size, dtype=bool)
    for t in range(len(world.type_ids)):
        starts = world.unit_start_hex[world.unit_type == t]
        starts = starts[starts >= 0]
        if starts.size == 0:
            continue
        seen = np.zeros(world.grid.size, dtype=bool)
        seen[starts] = True
        frontier = seen.copy()
        while frontier.any():
            src, d = np.nonzero(open_step[t] & frontier[:, None])
            dst = nb[src, d]
            dst = dst[~seen[dst]]
            frontier = np.zeros_like(seen)
            frontier[dst] = True
            seen |= frontier
        reached |= seen
    enterable = np.zeros(world.grid.size, dtype=bool)
    src, d = np.nonzero(open_step.any(axis=0))
    enterable[nb[src, d]] = True
    out: list[tuple[tuple, str, str, str]] = []
    for i, objective in enumerate(scenario.victory.objectives):
        if objective.place is None or objective.place not in world.place_index:
            continue
        h = int(world.place_hex[world.place_index[objective.place]])
        if h < 0 or reached[h]:
            continue
        path = ("victory", "objectives", i, "place")
        if not enterable[h]:
            why = "no unit type can enter its hex (check rules.movement.terrain_costs)"
        else:
            why = "no unit can get there from where it starts or arrives, by the movement costs"
        message = f"objective '{objective.id}' at place '{objective.place}' is unreachable: {why}"
        out.append((path, message, "warning", "unreachable-objective"))
    return out
