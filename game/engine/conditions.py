"""Evaluate the scenario's conditions (event triggers, sudden death) against a state.

Conditions are data (`schema.Condition`): every key present must hold. They read the state only.
"""

from __future__ import annotations

import numpy as np

from game.engine.state import CommanderStatus, GameState
from game.engine.world import World
from game.scenario.schema import Condition

_STATUS = {
    "active": (CommanderStatus.ACTIVE,),
    "killed": (CommanderStatus.KILLED,),
    "captured": (CommanderStatus.CAPTURED,),
    "removed": (CommanderStatus.KILLED, CommanderStatus.CAPTURED),
}


def side_morale(world: World, state: GameState, side: int) -> float:
    """Mean morale of a side's units on the map, weighted by men (1.0 when it has none)."""
    units = state.units_of(side, world)
    if units.size == 0:
        return 1.0
    weight = state.men[units, :2].sum(axis=1) + 1
    return float(np.average(state.morale[units], weights=weight))


def side_strength(world: World, state: GameState, side: int) -> float:
    """Men present as a fraction of the side's full deployment."""
    full = world.unit_men[world.unit_side == side, :2].sum()
    units = state.units_of(side, world)
    return float(state.men[units, :2].sum() / full) if full else 0.0


def holds(cond: Condition | None, world: World, state: GameState) -> bool:
    if cond is None:
        return True
    date = state.date(world)
    if cond.after is not None and date < cond.after:
        return False
    if cond.before is not None and date >= cond.before:
        return False
    if cond.controls is not None:
        h = world.place_hex[world.place_index[cond.controls.place]]
        if state.control[h] != world.side_index[cond.controls.side]:
            return False
    if cond.side_morale_below is not None:
        t = cond.side_morale_below
        if side_morale(world, state, world.side_index[t.side]) >= t.value:
            return False
    if cond.side_strength_below is not None:
        t = cond.side_strength_below
        if side_strength(world, state, world.side_index[t.side]) >= t.value:
            return False
    if cond.commander is not None:
        c = world.commander_index[cond.commander.id]
        if state.cmd_status[c] not in _STATUS[cond.commander.status]:
            return False
    if cond.flag is not None and cond.flag not in state.flags:
        return False
    if cond.all is not None and not all(holds(c, world, state) for c in cond.all):
        return False
    if cond.any is not None and not any(holds(c, world, state) for c in cond.any):
        return False
    return not (cond.not_ is not None and holds(cond.not_, world, state))
