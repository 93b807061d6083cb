"""Rasterise the scenario's map features (drawn in lat/lon) into per-hex NumPy arrays.

A modder moves a river by editing its coordinates; this module decides which hexes and hex edges
that touches:
- areas (polygons) paint the terrain of every hex whose centre lies inside, later areas on top;
- rivers mark the hex *edges* whose centre-to-centre segment crosses the river's polyline, so a
  continuous river is a continuous barrier, and the hexes it flows through (for drawing);
- routes (roads, tracks, the railway) mark the edges between consecutive hexes along the line,
  so a road connects exactly the hexes it passes through;
- places fall in the hex that holds their coordinates.
"""

from __future__ import annotations

import numpy as np

from game.engine.hexgrid import HexGrid, opposite
from game.scenario.schema import MapSpec, RiverClass, RouteKind

RIVER_CODES = {None: 0, RiverClass.minor: 1, RiverClass.major: 2}
ROUTE_CODES = {None: 0, RouteKind.track: 1, RouteKind.road: 2, RouteKind.railway: 3}


def _project(grid: HexGrid, points: list[list[float]]) -> tuple[np.ndarray, np.ndarray]:
    pts = np.asarray(points, dtype=np.float64)
    return grid.latlon_to_xy(pts[:, 0], pts[:, 1])


def points_in_polygon(px: np.ndarray, py: np.ndarray, vx: np.ndarray, vy: np.ndarray) -> np.ndarray:
    """Even-odd rule for many points against one polygon (vectorised over points)."""
    inside = np.zeros(px.shape, dtype=bool)
    x0, y0 = vx, vy
    x1, y1 = np.roll(vx, -1), np.roll(vy, -1)
    for ax, ay, bx, by in zip(x0, y0, x1, y1, strict=True):
        if ay == by:
            continue
        crosses = (ay > py) != (by > py)
        xcross = ax + (py - ay) * (bx - ax) / (by - ay)
        inside ^= crosses & (px < xcross)
    return inside


def paint_terrain(grid: HexGrid, spec: MapSpec, terrain_index: dict[str, int]) -> np.ndarray:
    terrain = np.full(grid.size, terrain_index[spec.default_terrain], dtype=np.int16)
    for area in spec.areas:
        vx, vy = _project(grid, area.points)
        lo_x, hi_x, lo_y, hi_y = vx.min(), vx.max(), vy.min(), vy.max()
        near = np.flatnonzero(
            (grid.x >= lo_x) & (grid.x <= hi_x) & (grid.y >= lo_y) & (grid.y <= hi_y)
        )
        if near.size:
            hit = points_in_polygon(grid.x[near], grid.y[near], vx, vy)
            terrain[near[hit]] = terrain_index[area.terrain]
    return terrain


def _segments_cross(ax, ay, bx, by, cx, cy, dx, dy) -> np.ndarray:
    """Whether segments AB and CD properly intersect (broadcasting; touching counts as crossing)."""

    def orient(px, py, qx, qy, rx, ry):
        return (qx - px) * (ry - py) - (qy - py) * (rx - px)

    o1 = orient(ax, ay, bx, by, cx, cy)
    o2 = orient(ax, ay, bx, by, dx, dy)
    o3 = orient(cx, cy, dx, dy, ax, ay)
    o4 = orient(cx, cy, dx, dy, bx, by)
    return (o1 * o2 <= 0) & (o3 * o4 <= 0) & ~((o1 == 0) & (o2 == 0))


def river_edges(grid: HexGrid, spec: MapSpec) -> np.ndarray:
    """(H, 6) int8: class code of the largest river crossed between a hex and each neighbour."""
    edges = np.zeros((grid.size, 6), dtype=np.int8)
    src = np.repeat(np.arange(grid.size), 3)
    dirs = np.tile(np.arange(3), grid.size)
    dst = grid.neighbours[src, dirs]
    keep = dst >= 0
    src, dirs, dst = src[keep], dirs[keep], dst[keep]
    ax, ay, bx, by = grid.x[src], grid.y[src], grid.x[dst], grid.y[dst]
    for river in spec.rivers:
        code = RIVER_CODES[river.river_class]
        vx, vy = _project(grid, river.points)
        for i in range(len(vx) - 1):
            cx, cy, dx, dy = vx[i], vy[i], vx[i + 1], vy[i + 1]
            margin = grid.hex_km
            near = np.flatnonzero(
                (np.maximum(ax, bx) >= min(cx, dx) - margin)
                & (np.minimum(ax, bx) <= max(cx, dx) + margin)
                & (np.maximum(ay, by) >= min(cy, dy) - margin)
                & (np.minimum(ay, by) <= max(cy, dy) + margin)
            )
            if not near.size:
                continue
            hit = near[_segments_cross(ax[near], ay[near], bx[near], by[near], cx, cy, dx, dy)]
            s, d, t = src[hit], dirs[hit], dst[hit]
            edges[s, d] = np.maximum(edges[s, d], code)
            edges[t, (d + 3) % 6] = np.maximum(edges[t, (d + 3) % 6], code)
    return edges


def _sample_polyline(grid: HexGrid, points: list[list[float]]) -> np.ndarray:
    """Hexes visited along a polyline, in order, sampled finely enough never to skip a hex."""
    vx, vy = _project(grid, points)
    step = grid.hex_km / 6.0
    xs, ys = [], []
    for i in range(len(vx) - 1):
        n = max(1, int(np.ceil(np.hypot(vx[i + 1] - vx[i], vy[i + 1] - vy[i]) / step)))
        t = np.arange(n) / n
        xs.append(vx[i] + (vx[i + 1] - vx[i]) * t)
        ys.append(vy[i] + (vy[i + 1] - vy[i]) * t)
    xs.append(vx[-1:])
    ys.append(vy[-1:])
    hexes = grid.hex_at_xy(np.concatenate(xs), np.concatenate(ys))
    hexes = np.atleast_1d(hexes)
    hexes = hexes[hexes >= 0]
    if hexes.size == 0:
        return hexes
    change = np.concatenate(([True], hexes[1:] != hexes[:-1]))
    return hexes[change]


def river_hexes(grid: HexGrid, spec: MapSpec) -> np.ndarray:
    """(H,) int8: class code of the largest river flowing through each hex (for drawing)."""
    out = np.zeros(grid.size, dtype=np.int8)
    for river in spec.rivers:
        hexes = _sample_polyline(grid, river.points)
        out[hexes] = np.maximum(out[hexes], RIVER_CODES[river.river_class])
    return out


def route_edges(grid: HexGrid, spec: MapSpec) -> tuple[np.ndarray, np.ndarray]:
    """(H, 6) int8 best route code on each edge, and (H,) int8 best route code in each hex."""
    edges = np.zeros((grid.size, 6), dtype=np.int8)
    cells = np.zeros(grid.size, dtype=np.int8)
    for route in spec.routes:
        code = ROUTE_CODES[route.kind]
        hexes = _sample_polyline(grid, route.points)
        cells[hexes] = np.maximum(cells[hexes], code)
        for a, b in zip(hexes[:-1], hexes[1:], strict=True):
            d = grid.direction(int(a), int(b))
            if d < 0:  # the line clipped a corner: walk through the shared neighbour
                mids = np.intersect1d(grid.neighbours[a], grid.neighbours[b])
                mids = mids[mids >= 0]
                if not mids.size:
                    continue
                m = int(mids[0])
                for u, v in ((int(a), m), (m, int(b))):
                    dd = grid.direction(u, v)
                    edges[u, dd] = max(edges[u, dd], code)
                    edges[v, opposite(dd)] = max(edges[v, opposite(dd)], code)
                cells[m] = max(cells[m], code)
                continue
            edges[a, d] = max(edges[a, d], code)
            edges[b, opposite(d)] = max(edges[b, opposite(d)], code)
    return edges, cells
