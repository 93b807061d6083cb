"""Fog of war: which hexes each side sees, and where it last saw each enemy unit.

A unit sees `sight` hexes around it; units standing in terrain that blocks sight (forest, taiga,
mountains) are seen only from adjacent hexes. Each side remembers the last hex and turn it saw
every enemy unit, which the screens fade with age and the AI uses as its picture of the enemy.
"""

from __future__ import annotations

import numpy as np

from game.engine.hexgrid import axial_distance
from game.engine.state import GameState
from game.engine.world import World


def sight_distance(world: World, state: GameState, side: int) -> np.ndarray:
    """(H,) distance to the nearest own unit that could see that far; large where none."""
    grid = world.grid
    units = state.units_of(side, world)
    if units.size == 0:
        return np.full(grid.size, 1 << 30, dtype=np.int64)
    hexes = state.hex[units]
    dist = axial_distance(
        grid.q[hexes][:, None], grid.r[hexes][:, None], grid.q[None], grid.r[None]
    )
    sight = world.type_sight[world.unit_type[units]][:, None]
    return np.where(dist <= sight, dist, 1 << 30).min(axis=0)


def visible_hexes(world: World, state: GameState, side: int) -> np.ndarray:
    dist = sight_distance(world, state, side)
    return (dist <= 1) | ((dist < (1 << 30)) & ~world.blocks_sight)


def visible_units(world: World, state: GameState, side: int) -> np.ndarray:
    """(U,) units `side` can see now: its own and enemies on visible hexes."""
    seen = visible_hexes(world, state, side)
    act = state.active()
    own = act & (world.unit_side == side)
    enemy = act & (world.unit_side != side)
    enemy[enemy] = seen[state.hex[enemy]]
    return own | enemy


def _sees(world: World, state: GameState, side: int, targets: np.ndarray) -> np.ndarray:
    """Whether `side` sees each of the hexes `targets`: only own units × targets distances."""
    units = state.units_of(side, world)
    if units.size == 0 or targets.size == 0:
        return np.zeros(targets.size, dtype=bool)
    grid = world.grid
    hexes = state.hex[units]
    dist = axial_distance(
        grid.q[hexes][:, None], grid.r[hexes][:, None], grid.q[targets][None], grid.r[targets][None]
    )
    sight = world.type_sight[world.unit_type[units]][:, None]
    near = np.where(dist <= sight, dist, 1 << 30).min(axis=0)
    return (near <= 1) | ((near < (1 << 30)) & ~world.blocks_sight[targets])


def update_sightings(world: World, state: GameState) -> None:
    """Record, in place, every enemy unit each side sees now (state must be a fresh copy)."""
    act = state.active()
    for side in range(len(world.side_ids)):
        enemy = np.flatnonzero(act & (world.unit_side != side))
        seen = enemy[_sees(world, state, side, state.hex[enemy])]
        state.seen_hex[side, seen] = state.hex[seen]
        state.seen_turn[side, seen] = state.turn
