"""The camera: which part of the theatre (in km) the map view shows, at how many pixels per km."""

from __future__ import annotations

from dataclasses import dataclass

MIN_ZOOM_FACTOR = 0.9  # the smallest zoom shows the whole theatre with a little margin
MAX_ZOOM = 10.0  # pixels per km: a 10 km hex is then 100 px wide
ZOOM_STEP = 1.25


@dataclass
class Camera:
    """Centre (cx, cy) in km, `zoom` in px/km, over a view rectangle of the screen."""

    world_w: float
    world_h: float
    view: tuple[int, int, int, int]  # x, y, w, h on screen
    cx: float = 0.0
    cy: float = 0.0
    zoom: float = 1.0

    def __post_init__(self) -> None:
        self.fit()

    @property
    def min_zoom(self) -> float:
        _, _, w, h = self.view
        return MIN_ZOOM_FACTOR * min(w / self.world_w, h / self.world_h)

    def fit(self) -> None:
        """Show the whole theatre."""
        self.zoom = self.min_zoom
        self.cx, self.cy = self.world_w / 2, self.world_h / 2

    def set_view(self, view: tuple[int, int, int, int]) -> None:
        self.view = view
        self.zoom = max(self.zoom, self.min_zoom)
        self.clamp()

    def clamp(self) -> None:
        """Keep the centre over the map, so the theatre can never be panned out of sight."""
        self.zoom = min(max(self.zoom, self.min_zoom), MAX_ZOOM)
        _, _, w, h = self.view
        self.cx = _clamp_axis(self.cx, w / 2 / self.zoom, self.world_w)
        self.cy = _clamp_axis(self.cy, h / 2 / self.zoom, self.world_h)

    def to_screen(self, x: float, y: float) -> tuple[float, float]:
        vx, vy, w, h = self.view
        return (x - self.cx) * self.zoom + vx + w / 2, (y - self.cy) * self.zoom + vy + h / 2

    def to_world(self, sx: float, sy: float) -> tuple[float, float]:
        vx, vy, w, h = self.view
        return (sx - vx - w / 2) / self.zoom + self.cx, (sy - vy - h / 2) / self.zoom + self.cy

    def pan_pixels(self, dx: float, dy: float) -> None:
        """Move the view by a screen offset (drag the map right → dx > 0 → see further west)."""
        self.cx -= dx / self.zoom
        self.cy -= dy / self.zoom
        self.clamp()

    def zoom_at(self, factor: float, sx: float, sy: float) -> None:
        """Zoom by `factor`, keeping the point under the screen position (sx, sy) fixed."""
        wx, wy = self.to_world(sx, sy)
        self.zoom = min(max(self.zoom * factor, self.min_zoom), MAX_ZOOM)
        nx, ny = self.to_world(sx, sy)
        self.cx += wx - nx
        self.cy += wy - ny
        self.clamp()

    def centre_on(self, x: float, y: float) -> None:
        self.cx, self.cy = x, y
        self.clamp()

    def world_rect(self) -> tuple[float, float, float, float]:
        """The km rectangle (x0, y0, x1, y1) the view covers."""
        _, _, w, h = self.view
        x0, y0 = self.cx - w / 2 / self.zoom, self.cy - h / 2 / self.zoom
        return x0, y0, x0 + w / self.zoom, y0 + h / self.zoom


def _clamp_axis(c: float, half: float, size: float) -> float:
    """Keep the view inside the map on an axis, or centred when the map is smaller than it."""
    if 2 * half >= size:
        return size / 2
    return min(max(c, half), size - half)
