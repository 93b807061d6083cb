"""Reinforcements kept off their arrival place by the enemy enter on the nearest hex a unit may
stand on: never on a lake (a lake hex next to land has finite steps out of it, which once let a
detachment barred from the Gusinoozersk datsan arrive on Lake Gusinoye)."""

import numpy as np

from game.engine import flow
from game.engine.state import UnitStatus, initial_state
from game.engine.world import build_world
from game.paths import DEFAULT_SCENARIO
from game.scenario.loader import load_scenario


def test_units_barred_from_their_arrival_place_land_on_dry_ground():
    world = build_world(load_scenario(DEFAULT_SCENARIO))
    late = np.flatnonzero(world.unit_arrive_turn > 1)
    assert late.size
    for u in late:
        state = initial_state(world, 1)
        side = int(world.unit_side[u])
        # Enemy units on the place and on the dry ground next to it.
        at = int(world.unit_start_hex[u])
        ring = [int(h) for h in world.grid.neighbours[at] if h >= 0 and not world.impassable[h]]
        blockers = state.units_of(1 - side, world)
        for b, h in zip(blockers, [at, *ring], strict=False):
            state.hex[b] = h
        state.turn = int(world.unit_arrive_turn[u])
        flow.reinforce(world, state)
        assert state.status[u] == UnitStatus.ACTIVE
        assert state.hex[u] != world.unit_start_hex[u]
        assert not world.impassable[state.hex[u]], world.unit_ids[u]
