"""The scenario's `history` section seen as geometry and dates: shared by the timeline, the
take-command start, the battle predictions and the historical player.

Positions are worked in the hex grid's kilometre plane (`HexGrid.latlon_to_xy`), where distances
are true enough for the pace of a column; dates become day numbers counted from the campaign's
first day, so that day 0.5 is noon on 1 May.
"""

from __future__ import annotations

import datetime as dt
import weakref
from typing import TYPE_CHECKING

import numpy as np

from game.i18n import _, format_number
from game.scenario.schema import History, Location

if TYPE_CHECKING:
    from game.engine.world import World


class NoHistory(ValueError):
    """The scenario has no `history` section (mods and other scenarios may leave it out)."""


def history_of(world: World) -> History:
    history = world.scenario.history
    if history is None:
        raise NoHistory(f"scenario '{world.scenario.meta.id}' has no history section")
    return history


def has_history(world: World) -> bool:
    return world.scenario.history is not None


# ------------------------------------------------------------------------------ calendar


def day_of(world: World, date: dt.date) -> int:
    """Days from the campaign's first day (0 on the start date)."""
    return (date - world.scenario.meta.start).days


def date_of(world: World, t: float) -> dt.date:
    """The calendar date of day number `t` (fractions are within that day)."""
    return world.scenario.meta.start + dt.timedelta(days=int(np.floor(t)))


def last_day(world: World) -> int:
    return day_of(world, world.scenario.meta.end)


def parse_date(text: str) -> dt.date:
    """An ISO date from the command line or a screen; ValueError with a plain message."""
    try:
        return dt.date.fromisoformat(text)
    except (TypeError, ValueError):
        raise ValueError(f"'{text}' is not a date like 1921-07-06") from None


def clamp_date(world: World, date: dt.date) -> dt.date:
    meta = world.scenario.meta
    return min(max(date, meta.start), meta.end)


# ------------------------------------------------------------------------------ geometry


def latlon(world: World, loc: Location) -> tuple[float, float]:
    if loc.place is not None:
        place = world.scenario.map.places[world.place_index[loc.place]]
        return float(place.lat), float(place.lon)
    return float(loc.lat), float(loc.lon)


def xy(world: World, lat: float, lon: float) -> tuple[float, float]:
    x, y = world.grid.latlon_to_xy(lat, lon)
    return float(x), float(y)


def location_xy(world: World, loc: Location) -> tuple[float, float]:
    return xy(world, *latlon(world, loc))


def place_name(world: World, loc: Location | None) -> str:
    """A readable name for a location: the place's name, else the nearest place's, else lat/lon."""
    if loc is None:
        return ""
    if loc.place is not None:
        return world.place_name(loc.place)
    places = world.scenario.map.places
    if places:
        x, y = location_xy(world, loc)
        px, py = world.grid.latlon_to_xy(
            np.array([p.lat for p in places]), np.array([p.lon for p in places])
        )
        d = np.hypot(px - x, py - y)
        i = int(np.argmin(d))
        if d[i] <= 2 * world.scenario.map.hex_km:
            # TRANSLATORS: a battle or event in open country, named by the closest place
            return _("near {place}").format(place=places[i].name)
    return latlon_text(loc.lat, loc.lon)


def latlon_text(lat: float, lon: float) -> str:
    """A position as the screens write it: `47.92° N, 106.92° E`."""
    return _("{lat}° N, {lon}° E").format(lat=format_number(lat, 2), lon=format_number(lon, 2))


def _project(points: np.ndarray, p: np.ndarray) -> tuple[int, np.ndarray]:
    """Segment index and nearest point of a polyline (K, 2) to point p."""
    a, b = points[:-1], points[1:]
    ab = b - a
    den = np.maximum((ab * ab).sum(axis=1), 1e-12)
    u = np.clip(((p - a) * ab).sum(axis=1) / den, 0.0, 1.0)
    near = a + u[:, None] * ab
    i = int(np.argmin(((near - p) ** 2).sum(axis=1)))
    return i, near[i]


def route_leg(world: World, route_id: str, start: np.ndarray, end: np.ndarray) -> np.ndarray:
    """The path from `start` to `end` (km) that follows a route between their nearest points."""
    route = next(r for r in world.scenario.map.routes if r.id == route_id)
    pts = np.array([xy(world, lat, lon) for lat, lon in route.points])
    i, p = _project(pts, start)
    j, q = _project(pts, end)
    if i < j or (i == j and np.dot(q - p, pts[i + 1] - pts[i]) >= 0):
        middle = pts[i + 1 : j + 1]
    else:
        middle = pts[j + 1 : i + 1][::-1]
    return np.vstack([start, p, middle, q, end])


# ------------------------------------------------------------------------------ caching

_CACHE: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def cached(world: World, name: str, build):
    """One object per world, name and scenario text: a world's rules never change, but its texts
    do when the player changes the language (`App.set_language` gives the world a translated
    scenario), and the timeline and the predictions carry names and captions. Both take
    milliseconds to rebuild."""
    slot = _CACHE.setdefault(world, {})
    found = slot.get(name)
    if found is None or found[0] is not world.scenario:
        found = slot[name] = (world.scenario, build())
    return found[1]
