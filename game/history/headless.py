"""The replay without a window: the picture on a date as plain data (`replay --headless --json`).

Two sources give the same shape — each unit's position, who holds each place, the events so far
with date, kind, place and caption — so tools can compare history with a played game:

* `history_json(world, date)`: the real campaign (the scenario's `history`);
* `game_json(replay, date)`: a played game, re-run from its save or replay file.
"""

from __future__ import annotations

import datetime as dt

import numpy as np

from game.engine import battle
from game.engine.state import CommanderStatus, UnitStatus
from game.engine.world import World
from game.history import model
from game.history.gamereplay import GameReplay, ScenarioChanges
from game.history.timeline import timeline_for

STATUS = {
    UnitStatus.WAITING: "waiting",
    UnitStatus.ACTIVE: "present",
    UnitStatus.DESTROYED: "gone",
    UnitStatus.WITHDRAWN: "gone",
}


def history_json(world: World, date: dt.date | None = None) -> dict:
    """The real campaign on `date` (the last day when None)."""
    tl = timeline_for(world)
    when = model.clamp_date(world, date or world.scenario.meta.end)
    frame = tl.frame(when)
    return {
        "source": "history",
        "scenario": world.scenario.meta.id,
        "date": frame.date.isoformat(),
        "units": [u.to_json() for u in frame.units],
        "control": frame.control,
        "commanders": frame.commanders,
        "events": [e.to_json() for e in frame.events],
        "current": [e.id for e in frame.current],
    }


def _event_place(world: World, e) -> str | None:
    data = e.data or {}
    if isinstance(data.get("place"), str):
        return data["place"]
    for key in ("hex", "target", "to"):
        if isinstance(data.get(key), int | np.integer):
            return battle.hex_label(world, int(data[key]))
    return None


def game_json(
    replay: GameReplay, date: dt.date | None = None, changes: ScenarioChanges | None = None
) -> dict:
    """A played game on `date` (its last state when None), as the replay re-ran it."""
    world = replay.world
    index = replay.length if date is None else replay.index_on(date)
    state = replay.state_at(index)
    units = []
    for u, uid in enumerate(world.unit_ids):
        h = int(state.hex[u])
        on = state.status[u] == UnitStatus.ACTIVE and h >= 0
        lat, lon = world.grid.centre_latlon(h) if on else (None, None)
        units.append(
            {
                "unit": uid,
                "name": world.scenario.units[u].name,
                "side": world.side_ids[int(world.unit_side[u])],
                "status": STATUS[UnitStatus(int(state.status[u]))],
                "lat": round(float(lat), 4) if on else None,
                "lon": round(float(lon), 4) if on else None,
                "hex": h,
                "strength": int(state.men[u, world.unit_arm[u]]),
            }
        )
    control = {}
    for place in world.scenario.map.places:
        side = int(state.control[world.place_hex[world.place_index[place.id]]])
        control[place.id] = world.side_ids[side] if side >= 0 else None
    commanders = {
        cid: CommanderStatus(int(state.cmd_status[c])).name.lower()
        for c, cid in enumerate(world.commander_ids)
    }
    events = [
        {
            "date": day.isoformat(),
            "kind": e.kind,
            "place": _event_place(world, e),
            "caption": e.text,
        }
        for day, e in replay.events_until(index)
    ]
    # the last day played: the day before the turn now to move begins
    shown = world.date_of(state.turn) - dt.timedelta(days=1) if index else world.date_of(1)
    if state.game_over and state.result:
        shown = dt.date.fromisoformat(state.result["date"])
    return {
        "source": "game",
        "scenario": world.scenario.meta.id,
        "seed": replay.seed,
        "date": min(shown, world.scenario.meta.end).isoformat(),
        "turn": int(state.turn),
        "commands": index,
        "verified": replay.verified,
        "divergence": None
        if replay.divergence is None
        else {
            "turn": replay.divergence.turn,
            "command": replay.divergence.command + 1,
            "message": replay.divergence.message,
        },
        "scenario_changes": changes.to_json() if changes is not None else None,
        "units": units,
        "control": control,
        "commanders": commanders,
        "events": events,
        "result": state.result,
    }


def format_text(doc: dict) -> str:
    """A short human-readable form of either JSON document."""
    lines = [f"{doc['source']} on {doc['date']} (scenario {doc['scenario']})"]
    present = [u for u in doc["units"] if u["status"] == "present"]
    lines.append(f"  {len(present)} units on the map; places held:")
    held: dict[str, list[str]] = {}
    for place, side in doc["control"].items():
        held.setdefault(side or "nobody", []).append(place)
    for side, places in held.items():
        lines.append(f"    {side}: {', '.join(places)}")
    lines.append(f"  {len(doc['events'])} events so far; the last ones:")
    for e in doc["events"][-5:]:
        where = e.get("place_name") or e.get("place") or ""
        lines.append(f"    {e['date']} {e['kind']:<10} {where[:24]:<24} {e['caption']}")
    return "\n".join(lines)
