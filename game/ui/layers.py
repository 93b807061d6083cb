"""The theatre drawn once into cached surfaces, so a frame is a blit, not 3,000 polygons.

The static map (terrain with a light texture, rivers, routes, place markers, optional hex grid,
and the hexes the viewing side cannot see, darkened) is rendered at a few fixed resolutions
(`LEVELS`, pixels per km). A frame takes the level nearest above the camera's zoom and scales only
the part in view. A level is rebuilt when the fog changes (after the viewer's own moves) or the
grid is toggled; panning and zooming never redraw it.

Canvas coordinates are km from the north-west corner of the map's bounding box: a hex centre is at
(grid.x + ox, grid.y + oy).
"""

from __future__ import annotations

import math

import numpy as np
import pygame

from game.engine.world import World
from game.ui import theme

LEVELS = (1.5, 3.0, 6.0)  # pixels per km of the cached layers
FOG_DARKEN = 0.55  # hidden hexes keep this share of their colour (mixed toward slate)
TEXTURE_SEED = 1921  # cosmetic only: its own generator, never the game's


class MapLayers:
    """Geometry of the hexes on the canvas and the cached drawings of the map."""

    def __init__(self, world: World):
        self.world = world
        grid = world.grid
        self.hex_km = float(grid.hex_km)
        self.radius = self.hex_km / math.sqrt(3.0)  # centre to corner
        self.ox = self.hex_km / 2.0
        self.oy = self.radius
        self.cx = grid.x + self.ox
        self.cy = grid.y + self.oy
        self.world_w = float(self.cx.max() + self.hex_km / 2.0)
        self.world_h = float(self.cy.max() + self.radius)
        angles = np.radians(np.arange(6) * 60.0 - 90.0)  # pointy-topped
        self.corner_dx = np.cos(angles) * self.radius
        self.corner_dy = np.sin(angles) * self.radius
        sc = world.scenario
        colours = np.array([theme.hex_colour(t.colour) for t in sc.terrain.values()], float)
        gen = np.random.default_rng(TEXTURE_SEED)
        jitter = gen.uniform(-9, 9, size=(grid.size, 1))
        self.hex_rgb = np.clip(colours[world.terrain] + jitter, 0, 255)
        slate = np.array([70.0, 78.0, 92.0])
        self.hidden_rgb = self.hex_rgb * FOG_DARKEN + slate * (1 - FOG_DARKEN)
        self.marks = gen.uniform(-0.45, 0.45, size=(grid.size, 4, 2))  # texture positions
        self.rivers = [
            (r.river_class.value, self._project(r.points)) for r in sc.map.rivers if r.points
        ]
        order = {"track": 0, "road": 1, "railway": 2}  # railway drawn on top
        self.routes = sorted(
            ((r.kind.value, self._project(r.points)) for r in sc.map.routes if r.points),
            key=lambda kr: order.get(kr[0], 0),
        )
        self.show_grid = False
        self._levels: dict[float, tuple[bytes, bool, pygame.Surface, np.ndarray]] = {}
        self._hidden = np.zeros(grid.size, dtype=bool)
        self._hidden_key = self._hidden.tobytes()
        self.minimap: pygame.Surface | None = None

    # ------------------------------------------------------------------ geometry
    def _project(self, points) -> np.ndarray:
        pts = np.asarray(points, dtype=np.float64)
        x, y = self.world.grid.latlon_to_xy(pts[:, 0], pts[:, 1])
        return np.stack([x + self.ox, y + self.oy], axis=1)

    def hex_at(self, x: float, y: float) -> int:
        """Hex under canvas point (x, y) km, or -1."""
        return int(self.world.grid.hex_at_xy(x - self.ox, y - self.oy))

    def corners(self, h: int, scale: float = 1.0, ox: float = 0.0, oy: float = 0.0, shrink=1.0):
        """Corner points of hex h scaled to pixels (scale px/km) and shifted by (ox, oy)."""
        xs = (self.cx[h] + self.corner_dx * shrink) * scale + ox
        ys = (self.cy[h] + self.corner_dy * shrink) * scale + oy
        return list(zip(xs.tolist(), ys.tolist(), strict=True))

    # -------------------------------------------------------------------- fog
    def set_hidden(self, hidden: np.ndarray) -> None:
        """Hexes the viewing side cannot see now; changing them invalidates the levels."""
        key = hidden.tobytes()
        if key != self._hidden_key:
            self._hidden = hidden.copy()
            self._hidden_key = key

    @property
    def hidden(self) -> np.ndarray:
        """(H,) the hexes drawn as out of sight now."""
        return self._hidden

    def toggle_grid(self) -> None:
        self.show_grid = not self.show_grid

    # ----------------------------------------------------------------- levels
    def level_for(self, zoom: float) -> float:
        for lv in LEVELS:
            if lv >= zoom - 1e-9:
                return lv
        return LEVELS[-1]

    def surface(self, level: float) -> pygame.Surface:
        """The map at `level` px/km with the current fog and grid, patched or rebuilt as needed."""
        cached = self._levels.get(level)
        if cached is None or cached[1] != self.show_grid:
            surf = self.render(level, self._hidden, self.show_grid)
        else:
            key, grid, surf, old = cached
            if key == self._hidden_key:
                return surf
            changed = np.flatnonzero(old != self._hidden)
            self.patch(surf, level, changed, self._hidden, grid)
        self._levels[level] = (self._hidden_key, self.show_grid, surf, self._hidden)
        return surf

    def render(self, scale: float, hidden: np.ndarray, grid: bool) -> pygame.Surface:
        """Draw the whole map at `scale` px/km (terrain, texture, rivers, routes, places)."""
        w = int(math.ceil(self.world_w * scale))
        h = int(math.ceil(self.world_h * scale))
        surf = pygame.Surface((w, h))
        surf.fill(theme.OFF_MAP)
        self._hexes(surf, scale, np.arange(self.world.grid.size), hidden, grid)
        self._rivers(surf, scale)
        self._routes(surf, scale)
        self._places(surf, scale)
        return surf

    def patch(
        self, surf, scale: float, changed: np.ndarray, hidden: np.ndarray, grid: bool
    ) -> None:
        """Redraw only the hexes whose fog changed, then the lines over them (clipped there):
        after a move this costs a few ms instead of a whole level."""
        if changed.size == 0:
            return
        self._hexes(surf, scale, changed, hidden, grid)
        r = self.radius * 1.05
        x0, x1 = (self.cx[changed].min() - r) * scale, (self.cx[changed].max() + r) * scale
        y0, y1 = (self.cy[changed].min() - r) * scale, (self.cy[changed].max() + r) * scale
        old = surf.get_clip()
        surf.set_clip(pygame.Rect(int(x0), int(y0), int(x1 - x0) + 2, int(y1 - y0) + 2))
        self._rivers(surf, scale)
        self._routes(surf, scale)
        self._places(surf, scale)
        surf.set_clip(old)

    def _hexes(self, surf, scale: float, idx: np.ndarray, hidden: np.ndarray, grid: bool) -> None:
        xs = (self.cx[idx, None] + self.corner_dx[None] * 1.02) * scale
        ys = (self.cy[idx, None] + self.corner_dy[None] * 1.02) * scale
        pts = np.stack([xs, ys], axis=2).tolist()
        hid = hidden[idx, None]
        rgb = np.where(hid, self.hidden_rgb[idx], self.hex_rgb[idx]).astype(int).tolist()
        draw = pygame.draw.polygon
        for colour, p in zip(rgb, pts, strict=True):
            draw(surf, colour, p)
        if self.hex_km * scale >= 14:
            self._texture(surf, scale, idx, hidden)
        if grid:
            gx = (self.cx[idx, None] + self.corner_dx[None]) * scale
            gy = (self.cy[idx, None] + self.corner_dy[None]) * scale
            line_col = (60, 60, 52)
            for p in np.stack([gx, gy], axis=2).tolist():
                pygame.draw.lines(surf, line_col, True, p, 1)

    def _texture(self, surf, scale: float, idx: np.ndarray, hidden: np.ndarray) -> None:
        """Small terrain marks (trees, peaks, reeds, grass) so terrain reads without colour."""
        ids = self.world.terrain_ids
        r = self.radius * scale
        base = np.where(hidden[idx, None], self.hidden_rgb[idx], self.hex_rgb[idx])
        dark = (base * 0.72).astype(int).tolist()
        lite = np.minimum(255, base * 1.15).astype(int).tolist()
        px = ((self.cx[idx, None] + self.marks[idx, :, 0] * self.radius * 1.3) * scale).tolist()
        py = ((self.cy[idx, None] + self.marks[idx, :, 1] * self.radius * 1.3) * scale).tolist()
        terr = self.world.terrain[idx].tolist()
        size = max(2, int(r * 0.16))
        circle, line = pygame.draw.circle, pygame.draw.line
        for i, t in enumerate(terr):
            kind = ids[t]
            col = dark[i]
            for x, y in zip(px[i][: 3 if kind != "steppe" else 2], py[i], strict=False):
                if kind in ("forest_steppe", "taiga"):
                    circle(surf, col, (x, y), size if kind == "taiga" else size - 1)
                elif kind == "mountains":
                    pygame.draw.lines(
                        surf,
                        col,
                        False,
                        [(x - size * 1.4, y + size), (x, y - size), (x + size * 1.4, y + size)],
                        max(1, size // 2),
                    )
                elif kind == "swamp":
                    line(surf, col, (x - size * 1.5, y), (x + size * 1.5, y), 1)
                    line(surf, col, (x, y), (x, y - size * 1.2), 1)
                elif kind == "lake":
                    pygame.draw.arc(
                        surf, lite[i], (x - size * 1.5, y - size, size * 3, size * 2), 0.3, 2.8, 1
                    )
                else:
                    line(surf, col, (x, y), (x + 1, y - size), 1)

    def _rivers(self, surf: pygame.Surface, scale: float) -> None:
        """The rivers' own lines: a move crosses a river exactly where its step crosses this line."""
        for cls, pts in self.rivers:
            width = max(
                3 if cls == "major" else 1, int(round((1.1 if cls == "major" else 0.45) * scale))
            )
            p = (pts * scale).tolist()
            pygame.draw.lines(surf, theme.RIVER, False, p, width)
            for x, y in p:
                pygame.draw.circle(surf, theme.RIVER, (x, y), width / 2)

    def _routes(self, surf: pygame.Surface, scale: float) -> None:
        """Routes along their own lines; the rules link every hex such a line passes through."""
        style = {
            "track": (theme.TRACK, 0.35),
            "road": (theme.ROAD, 0.55),
            "railway": (theme.RAIL, 0.6),
        }
        for kind, pts in self.routes:
            colour, w = style[kind]
            width = max(1, int(round(w * scale)))
            p = (pts * scale).tolist()
            if kind == "track":
                for a, b in zip(p[:-1], p[1:], strict=True):
                    _dashed(surf, colour, a, b, width, dash=max(3.0, 1.5 * scale))
                continue
            pygame.draw.lines(surf, colour, False, p, width)
            if kind == "railway" and scale >= 3:  # ties across the line
                for a, b in zip(p[:-1], p[1:], strict=True):
                    dx, dy = b[0] - a[0], b[1] - a[1]
                    ln = math.hypot(dx, dy) or 1.0
                    nx, ny = -dy / ln * width * 1.8, dx / ln * width * 1.8
                    n = max(1, int(ln / (2.5 * scale)))
                    for i in range(n):
                        mx, my = a[0] + dx * (i + 0.5) / n, a[1] + dy * (i + 0.5) / n
                        pygame.draw.line(surf, colour, (mx - nx, my - ny), (mx + nx, my + ny), 1)

    def _places(self, surf: pygame.Surface, scale: float) -> None:
        world = self.world
        for place, h in zip(world.scenario.map.places, world.place_hex.tolist(), strict=True):
            x, y = self.cx[h] * scale, self.cy[h] * scale
            kind = place.kind.value
            s = max(3, int(scale * (1.8 if kind == "city" else 1.3)))
            if kind in ("city", "town"):
                pygame.draw.rect(surf, (30, 30, 30), (x - s, y - s, 2 * s, 2 * s))
                pygame.draw.rect(
                    surf, (250, 245, 230), (x - s + 1, y - s + 1, 2 * s - 2, 2 * s - 2)
                )
                if kind == "city":
                    pygame.draw.rect(surf, (30, 30, 30), (x - s / 2, y - s / 2, s, s))
            elif kind == "datsan":
                pygame.draw.polygon(
                    surf, (150, 40, 40), [(x, y - s), (x + s, y + s), (x - s, y + s)]
                )
            else:
                pygame.draw.circle(surf, (30, 30, 30), (x, y), s * 0.8)
                pygame.draw.circle(surf, (250, 245, 230), (x, y), s * 0.8 - 1)

    # ----------------------------------------------------------------- minimap
    def minimap_surface(self, width: int) -> pygame.Surface:
        """The whole theatre at a small size, built from the smallest level (fog ignored)."""
        if self.minimap is None or self.minimap.get_width() != width:
            src = self.render(LEVELS[0], np.zeros(self.world.grid.size, bool), False)
            height = int(round(width * self.world_h / self.world_w))
            self.minimap = pygame.transform.smoothscale(src, (width, height))
        return self.minimap


def _dashed(surf, colour, p, q, width, dash: float = 4.0) -> None:
    dx, dy = q[0] - p[0], q[1] - p[1]
    length = math.hypot(dx, dy)
    n = max(1, int(length / dash))
    for i in range(0, n, 2):
        a, b = i / n, min(1.0, (i + 1) / n)
        pygame.draw.line(
            surf, colour, (p[0] + dx * a, p[1] + dy * a), (p[0] + dx * b, p[1] + dy * b), width
        )
