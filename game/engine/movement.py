"""The rules of movement: where a unit can go this phase, and by which path.

A unit spends movement points (MP) to step from hex to hex; the price of each step comes from
`world.step_cost` (terrain, routes, river crossings, rail-only types). On top of that:
- enemy units block their hex; their neighbours form a zone of control (ZOC);
- entering an enemy ZOC hex ends the move (the unit may stop there, not pass through);
- leaving a ZOC hex costs extra MP by arm, and only some arms (cavalry) may step from one ZOC hex
  straight into another — this is how cavalry breaks off from combat;
- no more than `stacking_limit` friendly units may end in one hex (they may pass through).
"""

from __future__ import annotations

import heapq
from dataclasses import dataclass

import numpy as np

from game.engine.state import GameState
from game.engine.world import World

EPS = 1e-9


def zoc_mask(world: World, state: GameState, side: int) -> np.ndarray:
    """(H,) hexes adjacent to an active unit of `side`'s enemies."""
    enemy = state.active() & (world.unit_side != side)
    mask = np.zeros(world.grid.size, dtype=bool)
    nbrs = world.grid.neighbours[state.hex[enemy]].ravel()
    mask[nbrs[nbrs >= 0]] = True
    return mask


def enemy_mask(world: World, state: GameState, side: int) -> np.ndarray:
    enemy = state.active() & (world.unit_side != side)
    mask = np.zeros(world.grid.size, dtype=bool)
    mask[state.hex[enemy]] = True
    return mask


def stack_count(world: World, state: GameState, side: int) -> np.ndarray:
    own = state.active() & (world.unit_side == side)
    return np.bincount(state.hex[own], minlength=world.grid.size)


@dataclass
class Reach:
    """The result of a search: cost to each reachable hex and the parent that got there."""

    unit: int
    origin: int
    cost: dict[int, float]
    parent: dict[int, int]
    stops: frozenset[int]  # reachable hexes where the unit may end its move

    def path_to(self, h: int) -> list[int]:
        if h not in self.cost:
            return []
        path = [h]
        while path[-1] != self.origin:
            path.append(self.parent[path[-1]])
        return path[::-1]


def reach(
    world: World,
    state: GameState,
    unit: int,
    budget: float | None = None,
    target: int | None = None,
) -> Reach:
    """Dijkstra over the unit's step costs within its movement points (or `budget`).

    With `target`, the search stops as soon as the cheapest path to that hex is known.
    """
    side = int(world.unit_side[unit])
    utype = int(world.unit_type[unit])
    origin = int(state.hex[unit])
    mp = float(state.mp[unit] if budget is None else budget)
    costs = world.step_cost_list[utype]
    nbrs = world.neighbour_list
    enemy = enemy_mask(world, state, side).tolist()
    zoc = zoc_mask(world, state, side).tolist()
    limit = world.scenario.rules.movement.stacking_limit
    stacks = stack_count(world, state, side)
    leave = float(world.zoc_leave_cost[utype]) if zoc[origin] else 0.0
    zoc_to_zoc = bool(world.zoc_to_zoc[utype])
    inf = float("inf")

    best = {origin: 0.0}
    parent: dict[int, int] = {}
    heap = [(0.0, origin)]
    while heap:
        c, h = heapq.heappop(heap)
        if c > best.get(h, inf) + EPS:
            continue
        if h == target:
            break
        if h != origin and zoc[h]:
            continue  # entering enemy ZOC ends the move
        at_origin = h == origin
        extra = leave if at_origin else 0.0
        row = costs[h]
        nrow = nbrs[h]
        for d in range(6):
            step = row[d]
            if step == inf:
                continue
            nb = nrow[d]
            if enemy[nb]:
                continue
            if at_origin and zoc[h] and zoc[nb] and not zoc_to_zoc:
                continue
            nc = c + step + extra
            if nc <= mp + EPS and nc < best.get(nb, inf) - EPS:
                best[nb] = nc
                parent[nb] = h
                heapq.heappush(heap, (nc, nb))
    stops = frozenset(h for h in best if h != origin and stacks[h] < limit)
    return Reach(unit, origin, best, parent, stops)
