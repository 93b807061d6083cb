"""Cross-reference checks: what a schema cannot see because it spans several entries.

Pydantic checks each value on its own; here ids are checked to be unique, every reference to be
defined (with a "did you mean" for typos), tables to cover every terrain, dates to fall inside the
campaign. Each problem becomes a `Diagnostic` located through the file's marks.

The checks also run on a *partial* scenario (the valid parts of a file that failed validation): a
list entry that failed is None, a section that failed is absent. References into a list with a
failed entry are not reported as unknown, since the failed entry may be the one referred to.

Checks that need the hex grid (a place on the map and not in a lake) live elsewhere and are
registered in `geography_checks`; they only run on fully valid scenarios.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel

from game.scenario.encyclopedia import ENCYCLOPEDIA_CHECKS
from game.scenario.encyclopedia import WARNING_CODES as ENCYCLOPEDIA_WARNING_CODES
from game.scenario.errors import Diagnostic, Path, Severity, did_you_mean, dotted
from game.scenario.geography import map_checks, reach_checks
from game.scenario.history_checks import HISTORY_CHECKS, history_map_checks
from game.scenario.history_checks import WARNING_CODES as HISTORY_WARNING_CODES
from game.scenario.schema import (
    Arm,
    Condition,
    Effect,
    Location,
    Meta,
    ObjectiveKind,
    RouteKind,
    Scenario,
    Sourced,
)
from game.scenario.yamlsafe import Marks

GeographyCheck = Callable[[Scenario], "list[tuple[Path, str]] | list[tuple[Path, str, Severity]]"]

geography_checks: list[GeographyCheck] = [map_checks, reach_checks, history_map_checks]
"""Checks that need the hex grid (`geography.py`); more may be registered.

Each takes a fully validated `Scenario` and returns `(path, message)` tuples (optionally
`(path, message, "warning")` or `(path, message, "warning", code)`), where `path` is the document path of the offending value, e.g.
`("map", "places", 3)` or `("units", 0, "start")`. Example::

    from game.scenario import checks
    checks.geography_checks.append(places_on_land)
"""

DRAW = "draw"
WARNING_CODES: dict[str, str] = {
    "terrain-table": "a terrain has no combat entry, so battles there use neutral factors",
    "date-range": "a date in a condition lies outside the campaign",
    "unknown-flag": "a condition tests a flag that no event sets",
    "arrive-now": "arrive_now names a unit that is on the map from the start",
    "never-fires": "an event's trigger (or a sudden-death rule) can never hold",
    "expected-totals": "the units do not add up to meta.expected_totals",
    "unreachable-objective": "no unit can reach an objective's place",
    "mod-conflict": "two mods change the same entry; the later one wins",
    "unknown-warning": "suppress_warnings names a code that does not exist",
    **HISTORY_WARNING_CODES,
    **ENCYCLOPEDIA_WARNING_CODES,
}
"""Every warning code, with what it means: `suppress_warnings` may name these (never errors)."""
MEASURES = ("bayonets", "sabers", "guns", "machine_guns")
ARM_INDEX = {Arm.infantry: 0, Arm.cavalry: 1, Arm.artillery: 2}
LIST_LIMIT = 8  # ids listed in a message before it just names the section


@dataclass
class Refs:
    """The ids a reference may name. `complete` is False when an entry failed validation."""

    what: str
    where: str
    ids: dict[str, Path] = field(default_factory=dict)
    complete: bool = True

    def expected(self) -> str:
        if not self.ids:
            return f"{self.where} defines none"
        if len(self.ids) <= LIST_LIMIT:
            return "expected one of " + ", ".join(self.ids)
        return f"expected an id from {self.where}"


class _Checker:
    def __init__(self, scenario: Scenario, marks: Marks, filename: str):
        self.s = scenario
        self.marks = marks
        self.filename = filename
        self.diagnostics: list[Diagnostic] = []
        self._models: list[tuple[Path, BaseModel]] | None = None

    def get(self, *path: str) -> Any:
        """A part of the (possibly partial) scenario, or None where it is missing."""
        return _get(self.s, path)

    def models(self, kind: type) -> Iterator[tuple[Path, Any]]:
        """Every model of `kind` in the scenario with its path (one walk, shared by the checks)."""
        if self._models is None:
            self._models = list(_walk(self.s))
        return ((p, m) for p, m in self._models if isinstance(m, kind))

    # -- reporting ------------------------------------------------------------------------------

    def report(
        self, path: Path, message: str, code: str, severity: Severity = "error", key: bool = False
    ) -> None:
        line, col = self.marks.locate(path, key=key)
        self.diagnostics.append(
            Diagnostic(self.filename, line, col, message, tuple(path), severity, code)
        )

    def ref(self, path: Path, value: Any, refs: Refs, *, key: bool = False, extra=()) -> bool:
        """Report `value` if it names no entry of `refs`; True if it resolved or cannot be told."""
        if value is None or value in refs.ids or value in extra:
            return True
        if not refs.complete:
            return True
        hint = did_you_mean(value, [*refs.ids, *extra])
        message = f"unknown {refs.what} '{value}': {refs.expected()}{hint}"
        self.report(path, message, "unknown-ref", key=key)
        return False

    def line_of(self, path: Path) -> int:
        return self.marks.locate(path)[0]

    # -- collecting ids -------------------------------------------------------------------------

    def listed(self, prefix: Path, what: str) -> Refs:
        entries = _get(self.s, prefix)
        refs = Refs(what, dotted(prefix))
        if entries is None:
            refs.complete = False
            return refs
        for i, entry in enumerate(entries):
            if entry is None or getattr(entry, "id", None) is None:
                refs.complete = False
            elif entry.id not in refs.ids:
                refs.ids[entry.id] = (*prefix, i, "id")
        return refs

    def keyed(self, prefix: Path, what: str) -> Refs:
        table = _get(self.s, prefix)
        if table is None:
            return Refs(what, dotted(prefix), complete=False)
        return Refs(what, dotted(prefix), {k: (*prefix, k) for k in table})


def _get(obj: Any, path: Path) -> Any:
    """Attribute path on a possibly partial model; None where a part is missing or failed."""
    for name in path:
        obj = getattr(obj, name, None) if obj is not None else None
    return obj


def _items(entries: Iterable[Any] | None) -> Iterator[tuple[int, Any]]:
    return ((i, e) for i, e in enumerate(entries or ()) if e is not None)


def _walk(obj: Any, path: Path = ()) -> Iterator[tuple[Path, BaseModel]]:
    """Every model inside `obj`, with its document path (aliases such as `not` and `class`)."""
    if isinstance(obj, BaseModel):
        yield path, obj
        fields = type(obj).model_fields
        for name, value in obj.__dict__.items():
            info = fields.get(name)
            key = (info.alias or name) if info is not None else name
            yield from _walk(value, (*path, key))
    elif isinstance(obj, list) and obj and isinstance(obj[0], BaseModel | list | dict | None):
        for i, item in enumerate(obj):  # lists of plain numbers (coordinates) are skipped
            yield from _walk(item, (*path, i))
    elif isinstance(obj, dict):
        for k, item in obj.items():
            yield from _walk(item, (*path, str(k)))


# ------------------------------------------------------------------------------ the checks


UNIQUE_LISTS: tuple[Path, ...] = (
    ("meta", "sources"),
    ("map", "areas"),
    ("map", "rivers"),
    ("map", "routes"),
    ("map", "places"),
    ("factions",),
    ("unit_types",),
    ("units",),
    ("commanders",),
    ("events",),
    ("victory", "objectives"),
    ("victory", "sudden_death"),
)


def check_unique_ids(c: _Checker) -> None:
    for prefix in UNIQUE_LISTS:
        first: dict[str, int] = {}
        for i, entry in _items(_get(c.s, prefix)):
            path = (*prefix, i, "id")
            if entry.id in first:
                line = c.line_of((*prefix, first[entry.id], "id"))
                message = (
                    f"duplicate id '{entry.id}' in {dotted(prefix)} (first used on line {line})"
                )
                c.report(path, message, "duplicate-id")
            else:
                first[entry.id] = i


def check_sides(c: _Checker) -> None:
    sides = c.keyed(("sides",), "side")
    order = c.s.meta.side_order
    seen: set[str] = set()
    for i, side in enumerate(order):
        path = ("meta", "side_order", i)
        if c.ref(path, side, sides) and side in seen:
            c.report(path, f"side '{side}' is listed twice in side_order", "side-order")
        seen.add(side)
    missing = [s for s in sides.ids if s not in seen]
    if missing and sides.complete:
        names = ", ".join(f"'{s}'" for s in missing)
        message = f"side_order must list every side once; {names} missing"
        c.report(("meta", "side_order"), message, "side-order")


def check_forces(c: _Checker) -> None:
    sides = c.keyed(("sides",), "side")
    factions = c.listed(("factions",), "faction")
    types = c.listed(("unit_types",), "unit type")
    units = c.listed(("units",), "unit")
    for i, faction in _items(c.get("factions")):
        c.ref(("factions", i, "side"), faction.side, sides)
    faction_side = {f.id: f.side for _, f in _items(c.get("factions"))}
    arms = {t.id: t.arm for _, t in _items(c.get("unit_types"))}
    for i, unit in _items(c.get("units")):
        c.ref(("units", i, "faction"), unit.faction, factions)
        c.ref(("units", i, "type"), unit.type, types)
        if arms.get(unit.type) == Arm.artillery and unit.guns:
            message = (
                f"unit '{unit.id}' is artillery, so its guns are counted in `strength`; "
                f"remove `guns: {unit.guns}`"
            )
            c.report(("units", i, "guns"), message, "artillery-guns")
    unit_side = {u.id: faction_side.get(u.faction) for _, u in _items(c.get("units"))}
    for i, commander in _items(c.get("commanders")):
        c.ref(("commanders", i, "side"), commander.side, sides)
        if c.ref(("commanders", i, "unit"), commander.unit, units):
            side = unit_side.get(commander.unit)
            if side is not None and commander.side in sides.ids and side != commander.side:
                message = (
                    f"commander '{commander.id}' is on side '{commander.side}' but leads "
                    f"'{commander.unit}' of side '{side}'"
                )
                c.report(("commanders", i, "unit"), message, "wrong-side")


def check_places(c: _Checker) -> None:
    sides = c.keyed(("sides",), "side")
    places = c.listed(("map", "places"), "place")
    for i, place in _items(c.get("map", "places")):
        c.ref(("map", "places", i, "control"), place.control, sides)
    for path, obj in c.models(Location):
        c.ref((*path, "place"), obj.place, places)
    bounds = c.s.map.bounds
    coords = [(("map", "places", i), p.lat, p.lon) for i, p in _items(c.get("map", "places"))]
    coords += [(p, o.lat, o.lon) for p, o in c.models(Location)]
    for path, lat, lon in coords:
        if lat is None or lon is None:
            continue
        lat_in = bounds.lat_min <= lat <= bounds.lat_max
        if not (lat_in and bounds.lon_min <= lon <= bounds.lon_max):
            path = (*path, "lon" if lat_in else "lat")
            message = (
                f"[{lat}, {lon}] is outside the map bounds "
                f"(lat {bounds.lat_min}–{bounds.lat_max}, lon {bounds.lon_min}–{bounds.lon_max})"
            )
            c.report(path, message, "off-map")


def check_terrain(c: _Checker) -> None:
    terrain = c.keyed(("terrain",), "terrain")
    c.ref(("map", "default_terrain"), c.get("map", "default_terrain"), terrain)
    for i, area in _items(c.get("map", "areas")):
        c.ref(("map", "areas", i, "terrain"), area.terrain, terrain)
    rules = c.get("rules")
    tables = {
        ("rules", "movement", "terrain_costs"): _get(rules, ("movement", "terrain_costs")),
        ("rules", "supply", "terrain_costs"): _get(rules, ("supply", "terrain_costs")),
        ("rules", "combat", "terrain"): _get(rules, ("combat", "terrain")),
    }
    for prefix, table in tables.items():
        for key in table or {}:
            c.ref((*prefix, key), key, terrain, key=True)
    if not terrain.complete:
        return
    movement = tables[("rules", "movement", "terrain_costs")]
    supply = tables[("rules", "supply", "terrain_costs")]
    combat = tables[("rules", "combat", "terrain")]
    for tid, spec in c.s.terrain.items():
        if movement is not None:
            costs = movement.get(tid)
            prefix = ("rules", "movement", "terrain_costs")
            if costs is None:
                message = (
                    f"terrain '{tid}' has no movement costs (give infantry, cavalry, artillery)"
                )
                c.report(prefix, message, "terrain-table", key=True)
            else:
                missing = [a.value for a in Arm if a not in costs]
                if missing:
                    message = f"terrain '{tid}' has no movement cost for {', '.join(missing)}"
                    c.report((*prefix, tid), message, "terrain-table", key=True)
        if supply is not None and tid not in supply:
            message = f"terrain '{tid}' has no supply cost (use null for impassable)"
            c.report(("rules", "supply", "terrain_costs"), message, "terrain-table", key=True)
        if combat is not None and tid not in combat and spec is not None and not spec.impassable:
            message = f"terrain '{tid}' has no combat entry, so battles there use neutral factors"
            c.report(("rules", "combat", "terrain"), message, "terrain-table", "warning", key=True)


def check_supply(c: _Checker) -> None:
    sides = c.keyed(("sides",), "side")
    places = c.listed(("map", "places"), "place")
    for i, source in _items(c.get("rules", "supply", "sources")):
        path = ("rules", "supply", "sources", i)
        c.ref((*path, "place"), source.place, places)
        for j, side in enumerate(source.sides):
            c.ref((*path, "sides", j), side, sides)


def check_routes(c: _Checker) -> None:
    has_railway = any(r.kind == RouteKind.railway for _, r in _items(c.get("map", "routes")))
    if has_railway or not c.listed(("map", "routes"), "route").complete:
        return
    for i, utype in _items(c.get("unit_types")):
        if utype.rail_only:
            message = f"unit type '{utype.id}' is rail_only but the map has no railway route"
            c.report(("unit_types", i, "rail_only"), message, "no-railway")
    for i, objective in _items(c.get("victory", "objectives")):
        if objective.kind == ObjectiveKind.railway:
            message = f"objective '{objective.id}' is about the railway but the map has none"
            c.report(("victory", "objectives", i, "kind"), message, "no-railway")


def check_dates(c: _Checker) -> None:
    start, end = c.s.meta.start, c.s.meta.end
    span = f"{start} to {end}"
    for i, unit in _items(c.get("units")):
        if unit.arrive is not None and not start <= unit.arrive.date <= end:
            message = (
                f"unit '{unit.id}' arrives on {unit.arrive.date}, outside the scenario ({span})"
            )
            c.report(("units", i, "arrive", "date"), message, "date-range")
    for path, obj in c.models(Condition):
        for key in ("after", "before"):
            day = getattr(obj, key, None)
            if isinstance(day, dt.date) and not start <= day <= end:
                message = f"date {day} is outside the scenario ({span}), so `{key}` never changes"
                c.report((*path, key), message, "date-range", "warning")


def check_sources(c: _Checker) -> None:
    sources = c.listed(("meta", "sources"), "source")
    for path, obj in c.models(Sourced):
        for j, source in enumerate(obj.source):
            c.ref((*path, "source", j), source, sources)


def check_events(c: _Checker) -> None:
    sides = c.keyed(("sides",), "side")
    places = c.listed(("map", "places"), "place")
    factions = c.listed(("factions",), "faction")
    units = c.listed(("units",), "unit")
    commanders = c.listed(("commanders",), "commander")
    flags_set = {obj.set_flag for _, obj in c.models(Effect) if obj.set_flag}
    arriving = {u.id for _, u in _items(c.get("units")) if u.arrive is not None}
    for path, obj in c.models(Condition | Effect):
        if isinstance(obj, Condition):
            if obj.controls is not None:
                c.ref((*path, "controls", "side"), obj.controls.side, sides)
                c.ref((*path, "controls", "place"), obj.controls.place, places)
            for key in ("side_morale_below", "side_strength_below"):
                test = getattr(obj, key, None)
                if test is not None:
                    c.ref((*path, key, "side"), test.side, sides)
            if obj.commander is not None:
                c.ref((*path, "commander", "id"), obj.commander.id, commanders)
            if obj.flag is not None and obj.flag not in flags_set:
                hint = did_you_mean(obj.flag, flags_set)
                message = f"flag '{obj.flag}' is never set by any event, so this never holds{hint}"
                c.report((*path, "flag"), message, "unknown-flag", "warning")
        elif isinstance(obj, Effect):
            if obj.morale is not None:
                delta = obj.morale
                c.ref((*path, "morale", "side"), delta.side, sides)
                c.ref((*path, "morale", "faction"), delta.faction, factions)
                c.ref((*path, "morale", "unit"), delta.unit, units)
            for key in ("kill_commander", "capture_commander"):
                fate = getattr(obj, key, None)
                if fate is not None:
                    c.ref((*path, key, "id"), fate.id, commanders)
            c.ref((*path, "withdraw"), obj.withdraw, units)
            known = c.ref((*path, "arrive_now"), obj.arrive_now, units) and units.complete
            if known and obj.arrive_now and obj.arrive_now not in arriving:
                message = f"unit '{obj.arrive_now}' starts on the map, so arrive_now does nothing"
                c.report((*path, "arrive_now"), message, "arrive-now", "warning")
            if obj.victory_points is not None:
                c.ref((*path, "victory_points", "side"), obj.victory_points.side, sides)


def _never(cond: Condition | None, meta: Meta, flags: set[str], nested: bool = False) -> str | None:
    """Why `cond` can never hold during the campaign, or None if it might (`not` is not judged)."""
    if cond is None:
        return None
    if cond.after is not None and cond.after > meta.end:
        return f"it needs a date on or after {cond.after}, after the end ({meta.end})"
    if cond.before is not None and cond.before <= meta.start:
        return f"it needs a date before {cond.before}, not after the start ({meta.start})"
    if cond.after is not None and cond.before is not None and cond.after >= cond.before:
        return f"it needs a date on or after {cond.after} and before {cond.before}"
    if cond.flag is not None and cond.flag not in flags and nested:
        return f"flag '{cond.flag}' is never set"  # at the top, `unknown-flag` already says so
    for sub in cond.all or ():
        if (why := _never(sub, meta, flags, True)) is not None:
            return why
    if cond.any:
        whys = [_never(sub, meta, flags, True) for sub in cond.any]
        if all(w is not None for w in whys):
            return "none of its `any` alternatives can hold (" + "; ".join(whys) + ")"
    return None


def check_never_fires(c: _Checker) -> None:
    meta = c.get("meta")
    if meta is None or meta.start is None or meta.end is None:
        return
    flags = {obj.set_flag for _, obj in c.models(Effect) if obj.set_flag}
    for i, event in _items(c.get("events")):
        if (why := _never(event.trigger, meta, flags)) is not None:
            message = f"event '{event.id}' can never fire: {why}"
            c.report(("events", i, "trigger"), message, "never-fires", "warning", key=True)
    for i, rule in _items(c.get("victory", "sudden_death")):
        if (why := _never(rule.when, meta, flags)) is not None:
            message = f"sudden-death rule '{rule.id}' can never apply: {why}"
            c.report(
                ("victory", "sudden_death", i, "when"), message, "never-fires", "warning", key=True
            )


def side_totals(scenario: Scenario) -> dict[str, dict[str, int]]:
    """Men and guns of each side at full deployment, counted as the engine counts them."""
    faction_side = {f.id: f.side for f in scenario.factions}
    arms = {t.id: t.arm for t in scenario.unit_types}
    out = {side: dict.fromkeys(MEASURES, 0) for side in scenario.sides}
    for unit in scenario.units:
        side = faction_side.get(unit.faction)
        if side not in out or unit.type not in arms:
            continue
        out[side][MEASURES[ARM_INDEX[arms[unit.type]]]] += unit.strength
        out[side]["guns"] += unit.guns
        out[side]["machine_guns"] += unit.machine_guns
    return out


def check_expected_totals(c: _Checker) -> None:
    expected = c.get("meta", "expected_totals")
    if not expected:
        return
    sides = c.keyed(("sides",), "side")
    sources = c.listed(("meta", "sources"), "source")
    for side, spec in expected.items():
        path = ("meta", "expected_totals", side)
        for j, source in enumerate(spec.source if spec is not None else ()):
            c.ref((*path, "source", j), source, sources)
        if not c.ref(path, side, sides, key=True) or spec is None:
            continue
    if any(_get(c.s, (k,)) is None for k in ("units", "factions", "unit_types", "sides")):
        return
    if None in c.s.units or None in c.s.factions or None in c.s.unit_types:
        return
    totals = side_totals(c.s)
    for side, spec in expected.items():
        if spec is None or side not in totals:
            continue
        cited = f" [{', '.join(spec.source)}]" if spec.source else ""
        for measure in MEASURES:
            want, have = getattr(spec, measure), totals[side][measure]
            if want is not None and want != have:
                message = (
                    f"side '{side}' fields {have:,} {measure.replace('_', ' ')} at full "
                    f"deployment, but the sources say {want:,}{cited}"
                )
                c.report(
                    ("meta", "expected_totals", side, measure),
                    message,
                    "expected-totals",
                    "warning",
                )


def check_victory(c: _Checker) -> None:
    sides = c.keyed(("sides",), "side")
    places = c.listed(("map", "places"), "place")
    commanders = c.listed(("commanders",), "commander")
    for i, objective in _items(c.get("victory", "objectives")):
        path = ("victory", "objectives", i)
        c.ref((*path, "place"), objective.place, places)
        for table in ("points_per_turn", "points_at_end"):
            for side in getattr(objective, table):
                c.ref((*path, table, side), side, sides, key=True)
    for i, stake in _items(c.get("victory", "commanders")):
        path = ("victory", "commanders", i)
        c.ref((*path, "commander"), stake.commander, commanders)
        for table in ("killed", "captured", "at_large"):
            for side in getattr(stake, table):
                c.ref((*path, table, side), side, sides, key=True)
    for side in c.get("victory", "losses_per_1000") or {}:
        c.ref(("victory", "losses_per_1000", side), side, sides, key=True)
    c.ref(("victory", "score_side"), c.get("victory", "score_side"), sides)


def check_levels(c: _Checker) -> None:
    sides = c.keyed(("sides",), "side")
    winners = set()
    for i, level in _items(c.get("victory", "levels")):
        path = ("victory", "levels", i)
        c.ref((*path, "winner"), level.winner, sides, extra=(DRAW,))
        winners.add(level.winner)
    if not sides.complete or None in c.s.victory.levels:
        return
    for side in sides.ids:
        if side not in winners:
            message = f"no victory level is won by side '{side}'; each side needs at least one"
            c.report(("victory", "levels"), message, "victory-levels", key=True)


CHECKS: tuple[Callable[[_Checker], None], ...] = (
    check_unique_ids,
    check_sides,
    check_forces,
    check_places,
    check_terrain,
    check_supply,
    check_routes,
    check_dates,
    check_sources,
    check_events,
    check_victory,
    check_levels,
    check_never_fires,
    check_expected_totals,
    *HISTORY_CHECKS,
    *ENCYCLOPEDIA_CHECKS,
)


def cross_check(
    scenario: Scenario, marks: Marks, filename: str, *, partial: bool = False
) -> list[Diagnostic]:
    """Every cross-reference problem of `scenario`, located through `marks`.

    With `partial` (a scenario salvaged from a file that failed validation), a check that needs
    a missing section is skipped silently, and the geography checks are not run.
    """
    checker = _Checker(scenario, marks, filename)
    for check in CHECKS:
        try:
            check(checker)
        except Exception as exc:
            if not partial:
                message = f"internal error in {check.__name__} ({type(exc).__name__}: {exc})"
                checker.report((), message, "internal")
    if partial or any(d.severity == "error" for d in checker.diagnostics):
        return checker.diagnostics  # the grid checks need every reference to resolve
    for hook in list(geography_checks):
        name = getattr(hook, "__name__", repr(hook))
        try:
            for result in hook(scenario):
                path, message, *rest = result
                severity = rest[0] if rest else "error"
                code = rest[1] if len(rest) > 1 else "geography"
                checker.report(tuple(path), message, code, severity)
        except Exception as exc:
            checker.report(
                (), f"internal error in {name} ({type(exc).__name__}: {exc})", "internal"
            )
    return checker.diagnostics


__all__ = [
    "CHECKS",
    "WARNING_CODES",
    "GeographyCheck",
    "Refs",
    "cross_check",
    "geography_checks",
    "side_totals",
]
