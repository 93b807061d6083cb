"""Drawing the map view: cached terrain, overlays for orders, counters, place names, minimap.

Reads the session and the camera, never changes either (the map scene does that).
"""

from __future__ import annotations

import numpy as np
import pygame

from game.i18n import _, language
from game.ui import palette, theme
from game.ui.camera import Camera
from game.ui.counters import (
    STACK_OFFSET,
    CounterArt,
    counter_size,
    ghost_alpha,
    ghost_look,
    look_of,
)
from game.ui.history_table import HistoryTable
from game.ui.layers import MapLayers
from game.ui.session import Session
from game.ui.widgets import shadow_text, text

MINIMAP_W = 190
NAME_ZOOM = 2.2  # below this zoom only cities and towns are named
MAJOR_PLACES = ("city", "town")
PLACE_RANK = {"city": 0, "town": 1, "station": 2, "datsan": 3, "settlement": 4, "landmark": 5}


class MapView:
    def __init__(self, layers: MapLayers, camera: Camera):
        self.layers = layers
        self.camera = camera
        self.art = CounterArt()
        self._scaled: tuple[tuple, pygame.Surface] | None = None
        self.minimap_rect = pygame.Rect(0, 0, 0, 0)
        self._outline: tuple[int, np.ndarray] | None = None
        self._region: tuple | None = None
        self._history: tuple | None = None
        self._ghost_pics: dict[tuple[int, int], pygame.Surface] = {}
        self._history_table = HistoryTable()

    # ------------------------------------------------------------------ terrain
    def draw_terrain(self, surface: pygame.Surface) -> None:
        cam, layers = self.camera, self.layers
        vx, vy, vw, vh = cam.view
        level = layers.level_for(cam.zoom)
        src = layers.surface(level)
        x0, y0, x1, y1 = cam.world_rect()
        sw, sh = src.get_size()
        # source rectangle in level pixels, clipped to the layer
        sx0 = max(0, int(np.floor(x0 * level)))
        sy0 = max(0, int(np.floor(y0 * level)))
        sx1 = min(sw, int(np.ceil(x1 * level)))
        sy1 = min(sh, int(np.ceil(y1 * level)))
        view_rect = pygame.Rect(cam.view)
        if sx0 >= sx1 or sy0 >= sy1:
            surface.fill(theme.OFF_MAP, view_rect)
            return
        dx0, dy0 = cam.to_screen(sx0 / level, sy0 / level)
        dx1, dy1 = cam.to_screen(sx1 / level, sy1 / level)
        dest = pygame.Rect(round(dx0), round(dy0), round(dx1) - round(dx0), round(dy1) - round(dy0))
        if not dest.contains(view_rect):
            surface.fill(theme.OFF_MAP, view_rect)
        sub = src.subsurface((sx0, sy0, sx1 - sx0, sy1 - sy0))
        old_clip = surface.get_clip()
        surface.set_clip(view_rect)
        if abs(cam.zoom - level) < 1e-9:
            surface.blit(sub, dest.topleft)
        else:
            key = (id(src), sx0, sy0, sx1, sy1, dest.size)
            if self._scaled is None or self._scaled[0] != key:
                self._scaled = (key, pygame.transform.scale(sub, dest.size))
            surface.blit(self._scaled[1], dest.topleft)
        surface.set_clip(old_clip)

    # ------------------------------------------------------------------- helpers
    def hex_screen(self, h: int) -> tuple[float, float]:
        return self.camera.to_screen(self.layers.cx[h], self.layers.cy[h])

    def hex_poly(self, h: int, shrink: float = 1.0) -> list[tuple[float, float]]:
        cam = self.camera
        vx, vy, w, hh = cam.view
        ox = vx + w / 2 - cam.cx * cam.zoom
        oy = vy + hh / 2 - cam.cy * cam.zoom
        return self.layers.corners(h, cam.zoom, ox, oy, shrink)

    def in_view(self, hexes: np.ndarray) -> np.ndarray:
        x0, y0, x1, y1 = self.camera.world_rect()
        m = self.layers.hex_km
        cx, cy = self.layers.cx[hexes], self.layers.cy[hexes]
        return (cx > x0 - m) & (cx < x1 + m) & (cy > y0 - m) & (cy < y1 + m)

    # ------------------------------------------------------------------ overlays
    def draw_hexes(self, surface, hexes, colour, alpha: int, outline: int = 0) -> None:
        """Fill (alpha) or outline a set of hexes, only those in view."""
        hexes = np.asarray(list(hexes), dtype=np.int64)
        if hexes.size == 0:
            return
        hexes = hexes[self.in_view(hexes)]
        if outline:
            for h in hexes.tolist():
                pygame.draw.polygon(surface, colour, self.hex_poly(h, 0.96), outline)
            return
        vx, vy, w, hh = self.camera.view
        over = pygame.Surface((w, hh), pygame.SRCALPHA)
        fill = (*colour, alpha)
        for h in hexes.tolist():
            pts = [(x - vx, y - vy) for x, y in self.hex_poly(h)]
            pygame.draw.polygon(over, fill, pts)
        surface.blit(over, (vx, vy))

    def draw_region(self, surface, hexes, colour, alpha: int) -> None:
        """Tint a large set of hexes (a unit's reach): drawn once per set and zoom level into a
        canvas-space picture of their bounding box, then only scaled and blitted each frame."""
        layers, cam = self.layers, self.camera
        level = layers.level_for(cam.zoom)
        key = (hash(frozenset(hexes)), level, colour, alpha)
        if self._region is None or self._region[0] != key:
            idx = np.fromiter(hexes, dtype=np.int64)
            if idx.size == 0:
                return
            r = layers.radius
            x0, y0 = layers.cx[idx].min() - r, layers.cy[idx].min() - r
            x1, y1 = layers.cx[idx].max() + r, layers.cy[idx].max() + r
            size = (int(np.ceil((x1 - x0) * level)) + 2, int(np.ceil((y1 - y0) * level)) + 2)
            pic = pygame.Surface(size, pygame.SRCALPHA)
            fill = (*colour, alpha)
            xs = (layers.cx[idx, None] + layers.corner_dx[None] * 1.01 - x0) * level
            ys = (layers.cy[idx, None] + layers.corner_dy[None] * 1.01 - y0) * level
            for pts in np.stack([xs, ys], axis=2).tolist():
                pygame.draw.polygon(pic, fill, pts)
            self._region = (key, pic, x0, y0)
        _key, pic, x0, y0 = self._region
        vx0, vy0, vx1, vy1 = cam.world_rect()
        pw, ph = pic.get_size()
        sx0 = max(0, int(np.floor((vx0 - x0) * level)))
        sy0 = max(0, int(np.floor((vy0 - y0) * level)))
        sx1 = min(pw, int(np.ceil((vx1 - x0) * level)))
        sy1 = min(ph, int(np.ceil((vy1 - y0) * level)))
        if sx0 >= sx1 or sy0 >= sy1:
            return
        dx0, dy0 = cam.to_screen(x0 + sx0 / level, y0 + sy0 / level)
        dx1, dy1 = cam.to_screen(x0 + sx1 / level, y0 + sy1 / level)
        dest = (round(dx1) - round(dx0), round(dy1) - round(dy0))
        if dest[0] <= 0 or dest[1] <= 0:
            return
        sub = pic.subsurface((sx0, sy0, sx1 - sx0, sy1 - sy0))
        if sub.get_size() != dest:
            sub = pygame.transform.scale(sub, dest)
        surface.blit(sub, (round(dx0), round(dy0)))

    def draw_outline(self, surface, hexes, colour, width: int = 3) -> None:
        """The boundary of a set of hexes (the edge of a unit's reach), segments cached per set."""
        key = hash(frozenset(hexes))
        if self._outline is None or self._outline[0] != key:
            layers = self.layers
            inside = np.zeros(layers.world.grid.size, dtype=bool)
            idx = np.fromiter(hexes, dtype=np.int64)
            inside[idx] = True
            nb = layers.world.grid.neighbours[idx]
            edge = ~np.where(nb >= 0, inside[np.where(nb >= 0, nb, 0)], False)
            h, d = np.nonzero(edge)
            h = idx[h]
            a, b = (1 - d) % 6, (2 - d) % 6
            seg = np.stack(
                [
                    layers.cx[h] + layers.corner_dx[a],
                    layers.cy[h] + layers.corner_dy[a],
                    layers.cx[h] + layers.corner_dx[b],
                    layers.cy[h] + layers.corner_dy[b],
                ],
                axis=1,
            )
            self._outline = (key, seg)
        seg = self._outline[1]
        if seg.size == 0:
            return
        cam = self.camera
        vx, vy, w, hh = cam.view
        ox = vx + w / 2 - cam.cx * cam.zoom
        oy = vy + hh / 2 - cam.cy * cam.zoom
        pts = seg * cam.zoom + np.array([ox, oy, ox, oy])
        view = pygame.Rect(cam.view)
        keep = (
            (pts[:, 0] > view.left - 50)
            & (pts[:, 0] < view.right + 50)
            & (pts[:, 1] > view.top - 50)
            & (pts[:, 1] < view.bottom + 50)
        )
        for x0, y0, x1, y1 in pts[keep].tolist():
            pygame.draw.line(surface, colour, (x0, y0), (x1, y1), width)

    def draw_path(self, surface, path: list[int], cost: float | None) -> None:
        if len(path) < 2:
            return
        pts = [self.hex_screen(h) for h in path]
        pygame.draw.lines(surface, (20, 20, 20), False, pts, 5)
        pygame.draw.lines(surface, theme.PATH, False, pts, 3)
        end = pts[-1]
        pygame.draw.circle(surface, theme.PATH, end, 5)
        if cost is not None:
            # TRANSLATORS: the movement points a path costs, at its end on the map
            label = _("{cost} MP").format(cost=theme.number(cost))
            shadow_text(surface, label, (end[0] + 10, end[1] - 22), 22)

    def draw_names(self, surface) -> None:
        world = self.layers.world
        zoom = self.camera.zoom
        view = pygame.Rect(self.camera.view)
        size = 15 if zoom < 2 else 18 if zoom < 4 else 22
        places = sorted(
            zip(world.scenario.map.places, world.place_hex.tolist(), strict=True),
            key=lambda ph: PLACE_RANK.get(ph[0].kind.value, 9),
        )
        taken: list[pygame.Rect] = []
        for place, h in places:
            if zoom < NAME_ZOOM and place.kind.value not in MAJOR_PLACES:
                continue
            x, y = self.hex_screen(h)
            if not view.collidepoint(x, y):
                continue
            label = text(place.name, size, (250, 250, 240), True)
            rect = label.get_rect(midtop=(x, y + 0.42 * zoom * self.layers.hex_km + 2))
            if rect.collidelist(taken) >= 0:
                continue  # the more important name already sits there
            taken.append(rect)
            shadow_text(surface, place.name, rect.topleft, size)

    def draw_units(self, surface, session: Session, moving=None) -> None:
        """Counters of the units the viewer sees, stacked, and faded counters where it last saw
        enemies now out of sight (not on hexes it sees now: it would know they have gone).

        `moving` is a `MoveAnim` whose unit is drawn along its path instead of in its hex."""
        world, st = session.world, session.state
        viewer = session.viewer()
        own_phase = session.human_to_move()
        visible = session.visible_units()
        size = counter_size(self.camera.zoom, self.layers.hex_km)
        off = max(2, int(size * STACK_OFFSET))
        selected = set(session.selected)
        stacks: dict[int, list[tuple[int, int]]] = {}  # hex -> [(unit, alpha)]
        if not session.reveal:
            seen, when = st.seen_hex[viewer], st.seen_turn[viewer]
            ghosts = (seen >= 0) & ~visible & (world.unit_side != viewer)
            ghosts &= st.status != 2  # destroyed units are known to be gone
            hidden = self.layers.hidden
            ghosts[ghosts] &= hidden[seen[ghosts]]
            for u in np.flatnonzero(ghosts).tolist():
                alpha = ghost_alpha(int(st.turn - when[u]))
                stacks.setdefault(int(seen[u]), []).append((u, alpha))
        skip = moving.unit if moving is not None else -1
        for u in np.flatnonzero(visible).tolist():
            if u != skip:
                stacks.setdefault(int(st.hex[u]), []).append((u, 255))
        hexes = np.fromiter(stacks, dtype=np.int64, count=len(stacks))
        if hexes.size:
            for h in hexes[self.in_view(hexes)].tolist():
                units = sorted(stacks[h], key=lambda ua: (ua[1] == 255, ua[0] in selected))
                x, y = self.hex_screen(h)
                n = len(units)
                for i, (u, alpha) in enumerate(units):
                    if alpha < 255:
                        look = ghost_look(world, u)
                    else:
                        look = look_of(world, st, u, own_phase and world.unit_side[u] == st.side)
                    pic = self.art.get(look, size, alpha)
                    px = x - size / 2 + (i - (n - 1) / 2) * off
                    py = y - size / 2 - (i - (n - 1) / 2) * off
                    surface.blit(pic, (px, py))
                    if u in selected:
                        pygame.draw.rect(
                            surface,
                            theme.SELECT,
                            (px - 2, py - 2, size + 4, size + 4),
                            3,
                            border_radius=4,
                        )
        if moving is not None:
            pos = moving.position()
            if pos is not None:
                x, y = self.camera.to_screen(*pos)
                look = look_of(world, st, moving.unit, False)
                surface.blit(self.art.get(look, size), (x - size / 2, y - size / 2))
                pygame.draw.rect(
                    surface,
                    theme.TARGET,
                    (x - size / 2 - 2, y - size / 2 - 2, size + 4, size + 4),
                    2,
                )

    def draw_markers(self, surface, markers) -> None:
        """Battle markers (`effects.BattleMarker`) in view."""
        if not markers:
            return
        hex_px = self.camera.zoom * self.layers.hex_km
        view = pygame.Rect(self.camera.view).inflate(120, 120)
        for m in markers:
            pos = self.hex_screen(m.hex)
            if view.collidepoint(pos):
                m.draw(surface, pos, hex_px)

    # ------------------------------------------------------------------- history
    def has_history(self, world) -> bool:
        """Whether the scenario records where the real units stood (the H overlay)."""
        try:
            from game.history import model
        except ImportError:  # a build without the historical record
            return False
        history = world.scenario.history
        return model.has_history(world) and bool(getattr(history, "tracks", None))

    def history_ghosts(self, session: Session) -> list[tuple[float, float, int, int]]:
        """(x, y on the canvas, side, units) of each hex where history had units on the game's
        date, computed once per turn."""
        world, st = session.world, session.state
        key = (id(world), int(st.turn))
        if self._history is None or self._history[0] != key:
            from game.history.compare import ghosts

            stacks: dict[tuple[int, int], int] = {}
            for g in ghosts(world, st):
                if g["hex"] < 0:
                    continue
                k = (int(g["hex"]), world.side_index[g["side"]])
                stacks[k] = stacks.get(k, 0) + 1
            out = [
                (float(self.layers.cx[h]), float(self.layers.cy[h]), side, n)
                for (h, side), n in stacks.items()
            ]
            self._history = (key, out)
        return self._history[1]

    def draw_history(self, surface, session: Session) -> None:
        """Ghosts of history: a hollow counter in the side's colour where the real units stood
        on the current date (a number when several shared a hex)."""
        world = session.world
        size = counter_size(self.camera.zoom, self.layers.hex_km)
        ghost_size = max(14, int(size * 0.8))
        x0, y0, x1, y1 = self.camera.world_rect()
        for x, y, side, n in self.history_ghosts(session):
            if not (x0 - 20 < x < x1 + 20 and y0 - 20 < y < y1 + 20):
                continue
            pic = self._ghost_pic(world, side, ghost_size)
            sx, sy = self.camera.to_screen(x, y)
            # off the hex centre, so the ghost and a unit standing there are both readable
            gx, gy = sx - ghost_size * 0.2, sy + ghost_size * 0.15
            surface.blit(pic, (gx - ghost_size / 2, gy - ghost_size / 2))
            if n > 1 and ghost_size >= 24:
                shadow_text(
                    surface, f"×{n}", (gx + ghost_size / 2 - 4, gy - ghost_size / 2 - 8), 15
                )

    def draw_history_table(self, surface, session: Session) -> None:
        """Beside the ghosts, the campaign so far against 1921 on the same date (drawn over the
        names and counters, in the map's top-right corner)."""
        self._history_table.draw(surface, session.world, session.state, self.camera.view)

    def _ghost_pic(self, world, side: int, size: int) -> pygame.Surface:
        colour = palette.side_colour(world, side)
        key = (side, size, colour, language())
        pic = self._ghost_pics.get(key)
        if pic is None:
            pic = pygame.Surface((size, size), pygame.SRCALPHA)
            r = pic.get_rect()
            pygame.draw.rect(pic, (*colour, 70), r, border_radius=max(2, size // 8))
            pygame.draw.rect(
                pic, (*colour, 235), r, max(2, size // 12), border_radius=max(2, size // 8)
            )
            # TRANSLATORS: the letter on a ghost of history (where a real unit stood in 1921)
            mark = text(_("H"), max(12, int(size * 0.9)), (250, 245, 230), True)
            pic.blit(mark, mark.get_rect(center=r.center))
            self._ghost_pics[key] = pic
        return pic

    # ------------------------------------------------------------------- minimap
    def draw_minimap(self, surface) -> None:
        vx, vy, vw, vh = self.camera.view
        x0, y0, x1, y1 = self.camera.world_rect()
        if x0 <= 0 and y0 <= 0 and x1 >= self.layers.world_w and y1 >= self.layers.world_h:
            self.minimap_rect = pygame.Rect(0, 0, 0, 0)
            return  # the whole theatre is in view: the minimap would only hide part of it
        mini = self.layers.minimap_surface(MINIMAP_W)
        rect = mini.get_rect(bottomleft=(vx + 8, vy + vh - 8))
        self.minimap_rect = rect
        pygame.draw.rect(surface, (10, 10, 10), rect.inflate(4, 4))
        surface.blit(mini, rect)
        scale = rect.width / self.layers.world_w
        x0, y0, x1, y1 = self.camera.world_rect()
        r = pygame.Rect(
            rect.x + x0 * scale, rect.y + y0 * scale, (x1 - x0) * scale, (y1 - y0) * scale
        ).clip(rect)
        pygame.draw.rect(surface, (255, 255, 255), r, 2)

    def minimap_to_world(self, pos) -> tuple[float, float]:
        rect = self.minimap_rect
        if rect.width <= 0:  # no minimap (hidden, or a window too small): keep the view
            return self.camera.cx, self.camera.cy
        scale = self.layers.world_w / rect.width
        return (pos[0] - rect.x) * scale, (pos[1] - rect.y) * scale
