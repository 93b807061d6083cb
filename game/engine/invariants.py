"""The engine's invariants, checked by the property tests and the soak runs.

They live here rather than in the tests so that the soak script and anyone debugging a save can
ask the same question of any state: `violations(world, state)` is empty when all hold.
"""

from __future__ import annotations

import numpy as np

from game.engine.state import GameState
from game.engine.world import World


def violations(world: World, state: GameState) -> list[str]:
    """What is wrong with `state`, one line per broken invariant (empty: all hold)."""
    bad: list[str] = []
    men = state.men
    if (men < 0).any():
        bad.append(f"negative strength in units {np.flatnonzero((men < 0).any(axis=1)).tolist()}")
    act = state.active()
    on = state.hex[act]
    if not ((on >= 0) & (on < world.grid.size)).all():
        bad.append("an active unit is off the map")
        return bad
    if (state.hex[~act] != -1).any():
        bad.append("an inactive unit still holds a hex")
    if world.impassable[on].any():
        bad.append("a unit stands on impassable terrain")
    sides_at = {}
    for u in np.flatnonzero(act):
        h, s = int(state.hex[u]), int(world.unit_side[u])
        if sides_at.setdefault(h, s) != s:
            bad.append(f"enemies share hex {h}")
    for s in range(len(world.side_ids)):
        present = men[act & (world.unit_side == s)].sum(axis=0)
        if not (state.arrived[s] == present + state.losses[s]).all():
            bad.append(
                f"side {world.side_ids[s]}: arrived {state.arrived[s].tolist()} != present "
                f"{present.tolist()} + lost {state.losses[s].tolist()}"
            )
    if not (state.prisoners <= state.losses).all():
        bad.append("more prisoners than losses")
    if not ((state.morale >= 0) & (state.morale <= 1)).all():
        bad.append("morale outside [0, 1]")
    if not ((state.fatigue >= 0) & (state.fatigue <= 1)).all():
        bad.append("fatigue outside [0, 1]")
    return bad
