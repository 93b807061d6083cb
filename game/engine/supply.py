"""Supply: which units can trace a line to a source they hold, within the source's range.

A line is traced hex to hex at the supply costs of `rules.supply` (roads and the railway are
cheap, mountains dear, rivers add a crossing cost); it cannot pass hexes held by enemy units, nor
enemy zones of control that no friendly unit stands in. A source counts only while its side holds
its hex. Out of supply units lose morale and strength at the end of the turn, except that cavalry
on open ground (terrain marked `forage`) lives off the land at a lower cost.
"""

from __future__ import annotations

import heapq

import numpy as np

from game.engine.movement import enemy_mask, zoc_mask
from game.engine.state import GameState
from game.engine.world import World


def supply_field(world: World, state: GameState, side: int) -> np.ndarray:
    """(H,) supply points left when the best line reaches each hex; negative = out of supply."""
    size = world.grid.size
    left = np.full(size, -np.inf)
    own = state.active() & (world.unit_side == side)
    friendly = np.zeros(size, dtype=bool)
    friendly[state.hex[own]] = True
    blocked = enemy_mask(world, state, side) | (zoc_mask(world, state, side) & ~friendly)
    heap = []
    for h, sides, rng in world.supply_sources:
        if side in sides and state.control[h] == side and not blocked[h] and rng > left[h]:
            left[h] = rng
            heap.append((-rng, h))
    heapq.heapify(heap)
    step = world.supply_step_list
    nbrs = world.neighbour_list
    blocked_l = blocked.tolist()
    best = left.tolist()
    while heap:
        neg, h = heapq.heappop(heap)
        v = -neg
        if v < best[h]:
            continue
        row = step[h]
        nrow = nbrs[h]
        for d in range(6):
            nv = v - row[d]
            if nv < 0:
                continue
            nb = nrow[d]
            if nv > best[nb] and not blocked_l[nb]:
                best[nb] = nv
                heapq.heappush(heap, (-nv, nb))
    return np.array(best)


def trace(world: World, state: GameState) -> np.ndarray:
    """(U,) whether each active unit is in supply now."""
    out = np.zeros(len(world.unit_ids), dtype=bool)
    for side in range(len(world.side_ids)):
        field = supply_field(world, state, side)
        units = state.units_of(side, world)
        out[units] = field[state.hex[units]] >= 0
    return out
