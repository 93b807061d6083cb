"""Checks of the `history` section: what the schema cannot see because it spans entries.

The historical record must hold together before the replay, the take-command start and the
historical player can trust it: the points of a track in date order and inside the campaign, units
on the map only once they have arrived and until their fate, no unit in two tracks on the same
days, the two sides of a battle on opposite sides, every reference defined, and every claim with a
source. Problems are located like every other check (file, line, column). The grid check (a
position in a lake) is registered with `checks.geography_checks`.

Each function takes the `checks._Checker` of the file; it runs on partial scenarios too (entries
that failed validation are None and are skipped).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

from game.scenario.schema import Confidence, Location, Scenario

# Codes of the warnings below, with their meaning (merged into checks.WARNING_CODES).
WARNING_CODES: dict[str, str] = {
    "history-order": "history battles or events are not listed in date order",
    "history-gap": "the history gives a unit no position for some days between two tracks",
    "history-disputed": "a history entry is marked disputed but its note does not say how",
    "history-terrain": "a historical position lies in impassable terrain",
}
TRACKS = ("history", "tracks")
BATTLES = ("history", "battles")
EVENTS = ("history", "events")


def _items(entries: Any) -> Iterator[tuple[int, Any]]:
    return ((i, e) for i, e in enumerate(entries or ()) if e is not None)


def _span(entry: Any) -> tuple[dt.date, dt.date]:
    return entry.date, entry.end or entry.date


def _presence(c) -> dict[str, tuple[dt.date | None, int]]:
    """Unit id → (arrival date or None for units on the map at the start, index in `units`)."""
    return {
        u.id: (u.arrive.date if u.arrive is not None else None, i)
        for i, u in _items(c.get("units"))
    }


def check_history_ids(c) -> None:
    for prefix in (TRACKS, BATTLES, EVENTS):
        first: dict[str, int] = {}
        for i, entry in _items(c.get(*prefix)):
            if entry.id in first:
                line = c.line_of((*prefix, first[entry.id], "id"))
                message = (
                    f"duplicate id '{entry.id}' in {'.'.join(prefix)} (first used on line {line})"
                )
                c.report((*prefix, i, "id"), message, "duplicate-id")
            else:
                first.setdefault(entry.id, i)


def check_history_refs(c) -> None:
    units = c.listed(("units",), "unit")
    routes = c.listed(("map", "routes"), "route")
    places = c.listed(("map", "places"), "place")
    sides = c.keyed(("sides",), "side")
    commanders = c.listed(("commanders",), "commander")
    for i, track in _items(c.get(*TRACKS)):
        for j, uid in enumerate(track.units):
            c.ref((*TRACKS, i, "units", j), uid, units)
        for k, point in enumerate(track.points):
            c.ref((*TRACKS, i, "points", k, "along"), point.along, routes)
    for i, battle in _items(c.get(*BATTLES)):
        for role in ("attacker", "defender"):
            for j, uid in enumerate(getattr(battle, role).units):
                c.ref((*BATTLES, i, role, "units", j), uid, units)
    for i, event in _items(c.get(*EVENTS)):
        for j, change in enumerate(event.control):
            c.ref((*EVENTS, i, "control", j, "place"), change.place, places)
            c.ref((*EVENTS, i, "control", j, "side"), change.side, sides)
        for j, change in enumerate(event.commanders):
            c.ref((*EVENTS, i, "commanders", j, "id"), change.id, commanders)


def check_history_sources(c) -> None:
    """Every claim names a source; a disputed one says in its note how the sources differ."""
    for prefix, what in ((TRACKS, "track"), (BATTLES, "battle"), (EVENTS, "event")):
        for i, entry in _items(c.get(*prefix)):
            if not entry.source:
                message = (
                    f"{what} '{entry.id}' names no source: every historical claim needs one "
                    "(`source:` with ids from meta.sources)"
                )
                c.report((*prefix, i, "id"), message, "history-source")
            _disputed(c, (*prefix, i), entry, f"{what} '{entry.id}'")
            for k, point in enumerate(getattr(entry, "points", ())):
                _disputed(c, (*prefix, i, "points", k), point, f"the position of {point.date}")


def _disputed(c, path: tuple, entry: Any, what: str) -> None:
    if entry.confidence == Confidence.disputed and not entry.note.strip():
        message = f"{what} is marked disputed: say in `note` how the sources disagree"
        c.report((*path, "confidence"), message, "history-disputed", "warning")


def check_history_dates(c) -> None:
    """Points in date order and inside the campaign; lists of battles and events in order."""
    start, end = c.get("meta", "start"), c.get("meta", "end")
    if not isinstance(start, dt.date) or not isinstance(end, dt.date):
        return
    span = f"{start} to {end}"

    def inside(path: tuple, day: dt.date, what: str) -> None:
        if not start <= day <= end:
            c.report(path, f"{what} {day} is outside the campaign ({span})", "history-date")

    for i, track in _items(c.get(*TRACKS)):
        last = None
        for k, point in enumerate(track.points):
            path = (*TRACKS, i, "points", k)
            inside((*path, "date"), point.date, "position dated")
            if last is not None and point.date <= last:
                word = "repeats" if point.date == last else "comes before"
                message = (
                    f"position dated {point.date} {word} the one before it ({last}): "
                    "the points of a track must be in date order, one per date"
                )
                c.report((*path, "date"), message, "history-date")
            last = point.date if last is None else max(last, point.date)
            if point.fate is not None and k != len(track.points) - 1:
                message = f"`fate: {point.fate}` ends the track, so it belongs on its last point"
                c.report((*path, "fate"), message, "history-fate")
    for prefix, what in ((BATTLES, "battle"), (EVENTS, "event")):
        previous = None
        for i, entry in _items(c.get(*prefix)):
            first, last = _span(entry)
            inside((*prefix, i, "date"), first, f"{what} dated")
            if entry.end is not None:
                inside((*prefix, i, "end"), last, f"{what} ending")
            if previous is not None and first < previous:
                message = (
                    f"{what} '{entry.id}' ({first}) is listed after one dated {previous}: "
                    f"keep {'.'.join(prefix)} in date order"
                )
                c.report((*prefix, i, "date"), message, "history-order", "warning")
            previous = first if previous is None else max(previous, first)


def _track_spans(c) -> dict[str, list[tuple[dt.date, dt.date, int, Any]]]:
    """Unit id → (first date, last date, track index, fate) of each track it is in."""
    out: dict[str, list[tuple[dt.date, dt.date, int, Any]]] = {}
    for i, track in _items(c.get(*TRACKS)):
        dates = [p.date for p in track.points]
        fate = track.points[-1].fate
        for uid in track.units:
            out.setdefault(uid, []).append((min(dates), max(dates), i, fate))
    return out


def check_history_presence(c) -> None:
    """Units appear only once they have arrived, vanish after their fate, and are in one track
    at a time; the two sides of a battle are opposite sides."""
    presence = _presence(c)
    spans = _track_spans(c)
    for i, track in _items(c.get(*TRACKS)):
        for j, uid in enumerate(track.units):
            arrive, _ = presence.get(uid, (None, -1))
            first = min(p.date for p in track.points)
            if arrive is not None and first < arrive:
                message = (
                    f"unit '{uid}' arrives on {arrive} (its `arrive` in units), but this track "
                    f"places it on the map on {first}"
                )
                c.report((*TRACKS, i, "units", j), message, "history-presence")
    for uid, found in spans.items():
        found = sorted(found, key=lambda s: (s[0], s[2]))
        prev = found[0]
        for b0, b1, bi, bfate in found[1:]:
            a0, a1, ai, afate = prev
            other = c.get(*TRACKS)[ai].id
            path = (*TRACKS, bi, "units", _index(c.get(*TRACKS)[bi].units, uid))
            if b0 < a1:
                message = (
                    f"unit '{uid}' is also in track '{other}' from {a0} to {a1}: a unit may be "
                    "in one track at a time (a track may start on the day another ends)"
                )
                c.report(path, message, "history-overlap")
            elif afate is not None:
                message = f"unit '{uid}' has met its fate ({afate}) on {a1} in track '{other}'"
                c.report(path, message, "history-presence")
            if b1 >= a1:
                prev = (b0, b1, bi, bfate)
    faction_side = {f.id: f.side for _, f in _items(c.get("factions"))}
    unit_side = {u.id: faction_side.get(u.faction) for _, u in _items(c.get("units"))}
    for i, battle in _items(c.get(*BATTLES)):
        first, _ = _span(battle)
        role_side: dict[str, str] = {}
        for role in ("attacker", "defender"):
            for j, uid in enumerate(getattr(battle, role).units):
                path = (*BATTLES, i, role, "units", j)
                arrive, _ = presence.get(uid, (None, -1))
                gone = [(a1, fate) for _, a1, _, fate in spans.get(uid, ()) if fate is not None]
                if arrive is not None and first < arrive:
                    message = f"unit '{uid}' arrives on {arrive}, after this battle ({first})"
                    c.report(path, message, "history-presence")
                elif gone and gone[0][0] < first:
                    day, fate = gone[0]
                    message = f"unit '{uid}' is gone ({fate} on {day}) before this battle ({first})"
                    c.report(path, message, "history-presence")
                side = unit_side.get(uid)
                if side is None:
                    continue
                want = role_side.setdefault(role, side)
                if side != want:
                    message = (
                        f"unit '{uid}' is on side '{side}', but the other {role} units are on "
                        f"side '{want}'"
                    )
                    c.report(path, message, "history-side")
        both = role_side.get("attacker")
        if both is not None and both == role_side.get("defender"):
            message = f"attacker and defender are both on side '{both}'"
            c.report((*BATTLES, i, "defender", "units", 0), message, "history-side")


def _index(items: list, value: Any) -> int:
    return items.index(value) if value in items else 0


def check_history_coverage(c) -> None:
    """Warn when the history drops a unit for some days between two of its tracks.

    A unit in no track at all, or whose first track begins after it is on the map, is not
    reported: what-if mods add units and move arrivals, and the replay shows such a unit where its
    first track begins (the shipped history's coverage is a test of its own)."""
    tracks = c.get(*TRACKS)
    if not tracks:
        return
    for uid, found in _track_spans(c).items():
        found = sorted(found, key=lambda s: s[0])
        for (_, a1, _, fate), (b0, _, bi, _) in zip(found, found[1:], strict=False):
            if fate is None and (b0 - a1).days > 1:
                message = f"unit '{uid}' has no position from {a1} to {b0}"
                c.report((*TRACKS, bi, "points", 0, "date"), message, "history-gap", "warning")


HISTORY_CHECKS = (
    check_history_ids,
    check_history_refs,
    check_history_sources,
    check_history_dates,
    check_history_presence,
    check_history_coverage,
)


def history_map_checks(scenario: Scenario) -> list[tuple]:
    """Historical positions given as lat/lon that fall in impassable terrain (a warning: the
    replay draws them, but a game started from that date has to move the unit ashore)."""
    if scenario.history is None:
        return []
    from game.engine import raster
    from game.engine.hexgrid import HexGrid

    m = scenario.map
    b = m.bounds
    grid = HexGrid(b.lat_min, b.lat_max, b.lon_min, b.lon_max, m.hex_km)
    index = {t: i for i, t in enumerate(scenario.terrain)}
    terrain = raster.paint_terrain(grid, m, index)
    impassable = [t.impassable for t in scenario.terrain.values()]
    out: list[tuple] = []

    def check(path: tuple, loc: Location) -> None:
        if loc.lat is None or loc.lon is None:
            return
        h = int(grid.hex_at_latlon(loc.lat, loc.lon))
        if h >= 0 and impassable[int(terrain[h])]:
            message = f"position {loc.lat}, {loc.lon} lies in impassable terrain"
            out.append((path, message, "warning", "history-terrain"))

    for i, track in enumerate(scenario.history.tracks):
        for k, point in enumerate(track.points):
            check((*TRACKS, i, "points", k, "at"), point.at)
    for i, battle in enumerate(scenario.history.battles):
        check((*BATTLES, i, "place"), battle.place)
    return out
