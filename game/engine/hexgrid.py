"""Hex maths and the map's geographic projection.

Hexes are pointy-topped and addressed in axial coordinates (q, r); the map is the rectangle of
hexes in "odd-r" offset layout (col, row) that covers the scenario's bounds, and each hex also has
a flat index `h` (row-major) that every per-hex NumPy array uses. Geography uses an equirectangular
projection about the map's middle latitude, which is accurate to a fraction of a hex over a few
hundred kilometres.

Directions are numbered 0..5: E, NE, NW, W, SW, SE; the opposite of d is (d + 3) % 6.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np

KM_PER_DEGREE = 111.32  # length of one degree of latitude (and of longitude at the equator)
SQRT3 = math.sqrt(3.0)
AXIAL_DIRECTIONS = ((1, 0), (1, -1), (0, -1), (-1, 0), (-1, 1), (0, 1))
DIRECTION_NAMES = ("E", "NE", "NW", "W", "SW", "SE")


def opposite(d: int) -> int:
    return (d + 3) % 6


def axial_distance(q1, r1, q2, r2):
    """Hex distance; works on ints and on NumPy arrays alike."""
    dq = q1 - q2
    dr = r1 - r2
    return (abs(dq) + abs(dr) + abs(dq + dr)) // 2


def cube_round(qf, rf):
    """Round fractional axial coordinates to the containing hex (vectorised)."""
    qf = np.asarray(qf, dtype=np.float64)
    rf = np.asarray(rf, dtype=np.float64)
    sf = -qf - rf
    q = np.rint(qf)
    r = np.rint(rf)
    s = np.rint(sf)
    dq = np.abs(q - qf)
    dr = np.abs(r - rf)
    ds = np.abs(s - sf)
    fix_q = (dq > dr) & (dq > ds)
    fix_r = ~fix_q & (dr > ds)
    q = np.where(fix_q, -r - s, q)
    r = np.where(fix_r, -q - s, r)
    return q.astype(np.int64), r.astype(np.int64)


def grid_shape(
    lat_min: float, lat_max: float, lon_min: float, lon_max: float, hex_km: float
) -> tuple[int, int]:
    """(cols, rows) of the grid over a lat/lon box: the schema checks a map's size with it
    before any array is allocated."""
    lat_ref = math.radians((lat_min + lat_max) / 2.0)
    width = (lon_max - lon_min) * KM_PER_DEGREE * math.cos(lat_ref)
    height = (lat_max - lat_min) * KM_PER_DEGREE
    return int(math.floor(width / hex_km)) + 1, int(math.floor(height / (hex_km * SQRT3 / 2.0))) + 1


@dataclass(frozen=True, eq=False)
class HexGrid:
    """The rectangle of hexes covering a lat/lon box, with per-hex coordinate arrays."""

    lat_min: float
    lat_max: float
    lon_min: float
    lon_max: float
    hex_km: float
    cols: int = field(init=False)
    rows: int = field(init=False)

    def __post_init__(self) -> None:
        set_ = object.__setattr__
        lat_ref = math.radians((self.lat_min + self.lat_max) / 2.0)
        set_(self, "km_per_deg_lon", KM_PER_DEGREE * math.cos(lat_ref))
        set_(self, "row_km", self.hex_km * SQRT3 / 2.0)
        cols, rows = grid_shape(self.lat_min, self.lat_max, self.lon_min, self.lon_max, self.hex_km)
        set_(self, "cols", cols)
        set_(self, "rows", rows)
        rows, cols = np.divmod(np.arange(self.cols * self.rows, dtype=np.int64), self.cols)
        q = cols - (rows - (rows & 1)) // 2
        set_(self, "row", rows)
        set_(self, "col", cols)
        set_(self, "q", q)
        set_(self, "r", rows.copy())
        set_(self, "x", self.hex_km * (cols + 0.5 * (rows & 1)))
        set_(self, "y", self.row_km * rows)
        nbrs = np.full((self.size, 6), -1, dtype=np.int64)
        for d, (dq, dr) in enumerate(AXIAL_DIRECTIONS):
            nbrs[:, d] = self.index(q + dq, rows + dr)
        set_(self, "neighbours", nbrs)
        for name in ("row", "col", "q", "r", "x", "y", "neighbours"):
            getattr(self, name).setflags(write=False)

    # ---------------------------------------------------------------- indexing
    @property
    def size(self) -> int:
        return self.cols * self.rows

    def index(self, q, r):
        """Flat index of axial (q, r), or -1 off the map (vectorised)."""
        q = np.asarray(q, dtype=np.int64)
        r = np.asarray(r, dtype=np.int64)
        col = q + (r - (r & 1)) // 2
        ok = (r >= 0) & (r < self.rows) & (col >= 0) & (col < self.cols)
        out = np.where(ok, r * self.cols + col, -1)
        return int(out) if out.ndim == 0 else out

    def distance(self, a, b):
        """Hex distance between flat indices (vectorised)."""
        return axial_distance(self.q[a], self.r[a], self.q[b], self.r[b])

    def within(self, h: int, radius: int) -> np.ndarray:
        """Flat indices of all hexes within `radius` of h."""
        return np.flatnonzero(self.distance(np.arange(self.size), h) <= radius)

    def direction(self, a: int, b: int) -> int:
        """Direction from a to its neighbour b, or -1 when they are not adjacent."""
        row = self.neighbours[a]
        hits = np.flatnonzero(row == b)
        return int(hits[0]) if hits.size else -1

    def line(self, a: int, b: int) -> list[int]:
        """Hexes on the straight line from a to b (inclusive), as in Red Blob Games' lerp method.

        The grid is a rectangle in offset rows, whose zigzag edges are not convex: a line between
        two edge hexes may graze a hex just outside. Then the opposite nudge is tried, and failing
        that a shortest path that stays on the map and hugs the straight line.
        """
        n = int(self.distance(a, b))
        if n == 0:
            return [a]
        t = np.arange(n + 1) / n
        eps = 1e-6
        for sign in (1.0, -1.0):
            qf = self.q[a] + (self.q[b] - self.q[a]) * t + sign * eps
            rf = self.r[a] + (self.r[b] - self.r[a]) * t - sign * 2 * eps
            q, r = cube_round(qf, rf)
            hexes = self.index(q, r)
            if (hexes >= 0).all():
                return [int(h) for h in hexes]
        return self._hugging_path(a, b, n)

    def _hugging_path(self, a: int, b: int, n: int) -> list[int]:
        ax, ay, bx, by = self.x[a], self.y[a], self.x[b], self.y[b]
        dx, dy = bx - ax, by - ay
        norm = math.hypot(dx, dy)
        path = [a]
        h = a
        for k in range(n, 0, -1):
            best, best_off = -1, math.inf
            for nb in self.neighbours[h]:
                if nb < 0 or int(self.distance(int(nb), b)) != k - 1:
                    continue
                off = abs((self.x[nb] - ax) * dy - (self.y[nb] - ay) * dx) / norm
                if off < best_off:
                    best, best_off = int(nb), off
            h = best
            path.append(h)
        return path

    # ------------------------------------------------------------- geography
    def latlon_to_xy(self, lat, lon):
        """Kilometres east and south of the map's north-west corner (vectorised)."""
        x = (np.asarray(lon, dtype=np.float64) - self.lon_min) * self.km_per_deg_lon
        y = (self.lat_max - np.asarray(lat, dtype=np.float64)) * KM_PER_DEGREE
        return x, y

    def xy_to_latlon(self, x, y):
        lat = self.lat_max - np.asarray(y, dtype=np.float64) / KM_PER_DEGREE
        lon = self.lon_min + np.asarray(x, dtype=np.float64) / self.km_per_deg_lon
        return lat, lon

    def hex_at_xy(self, x, y):
        """Flat index of the hex containing point (x, y) km, or -1 off the map (vectorised)."""
        radius = self.hex_km / SQRT3  # centre-to-corner
        x = np.asarray(x, dtype=np.float64)
        y = np.asarray(y, dtype=np.float64)
        qf = (SQRT3 / 3.0 * x - y / 3.0) / radius
        rf = (2.0 / 3.0 * y) / radius
        q, r = cube_round(qf, rf)
        return self.index(q, r)

    def hex_at_latlon(self, lat, lon):
        return self.hex_at_xy(*self.latlon_to_xy(lat, lon))

    def centre_latlon(self, h):
        return self.xy_to_latlon(self.x[h], self.y[h])
