"""The AI's picture of the game: only what fog of war lets its side see, and influence maps on it.

Enemy units are known three ways: those in sight now (true place and strength, as the screens
show them), those seen in the last few turns and lost from sight ("ghosts": last place, full
strength less the share the enemy side has lost, trust fading with age), and the rest of the enemy's order of battle, which the AI
assumes sits in the enemy's unseen towns and supply bases (the "prior"). The belief state handed
to the engine's own searches (reach, supply) has every enemy unit out of sight taken off the
map, so nothing the AI computes depends on where hidden units really are — except that enemy
towns and bases out of sight are assumed held: a stand-in (a hidden unit moved there, counted
as nothing) blocks the hex, so searches do not plan a march through a town that may be manned.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass

import numpy as np

from game.engine import fog
from game.engine.hexgrid import axial_distance
from game.engine.state import CommanderStatus, GameState, UnitStatus
from game.engine.world import World
from game.players.ai_maps import StaticMaps

MEMORY_TURNS = 4  # a unit lost from sight is still pencilled in for this many turns
GHOST_TRUST = 0.6  # trust in a sighting, per turn of age
PRIOR_TRUST = 0.5  # trust in the guess that unseen enemies hold their towns
PRIOR_DANGER = 0.3  # how much of that guess keeps units (scouts above all) away
# Threat reach in hexes = movement points / this (about one steppe hex per point, a little less
# to allow for rougher ground and river crossings).
THREAT_STEP = 1.2


@dataclass(eq=False)
class View:
    side: int
    enemy: int
    belief: GameState  # the state with the enemy units out of sight taken off the map
    stand_in: np.ndarray  # (U,) hidden enemy units standing in for the garrisons of unseen towns
    visible: np.ndarray  # (H,) hexes the side sees now
    seen_units: np.ndarray  # (U,) enemy units in sight now
    power: np.ndarray  # (U,) believed combat power of each unit (own and known enemies)
    enemy_hex: np.ndarray  # (K,) hex of each known or assumed enemy mass
    enemy_power: np.ndarray  # (K,) its power times the trust in it
    enemy_reach: np.ndarray  # (K,) hexes it may cover in one turn
    threat: np.ndarray  # (H,) enemy power that could strike each hex next turn
    danger: np.ndarray  # (H,) the same with less weight on the guessed positions (for moves)
    seen_danger: np.ndarray  # (H,) only from enemies seen (for scouts, who go to look)
    imminent: np.ndarray  # (H,) power of enemies seen that could strike each hex next turn
    supply: np.ndarray  # (H,) supply points left on reaching each hex (negative: none)
    enemy_at: np.ndarray  # (H,) power of visible enemy units in each hex, as its ground lets
    # them fight (horsemen in the taiga at half their weight), in the posture they will be in
    # and with their commander: what an attack on it must beat (before the ground's defence)
    ground_power: np.ndarray  # (U,) `power` as the ground of each unit's own hex lets it fight


def unit_power(world: World, men: np.ndarray, morale: np.ndarray) -> np.ndarray:
    """Combat power as the resolver weighs it: men and guns by weight, times morale's effect."""
    t = world.combat
    return (men @ t.weights) * (t.eff_zero + t.eff_slope * morale)


def ground_power(
    world: World, men: np.ndarray, morale: np.ndarray, hexes: np.ndarray
) -> np.ndarray:
    """`unit_power` with each arm weighted as the terrain of the hex it fights in allows."""
    t = world.combat
    arms = t.terrain_arms[world.terrain[hexes]]
    return (men * t.weights * arms).sum(axis=1) * (t.eff_zero + t.eff_slope * morale)


def build_view(world: World, maps: StaticMaps, state: GameState, side: int) -> View:
    """The side's picture of `state`."""
    enemy = 1 - side
    seen_hexes = fog.visible_hexes(world, state, side)
    is_enemy = world.unit_side == enemy
    act = state.active()
    vis_units = act & ~is_enemy  # as fog.visible_units, without a second sight search
    vis_units[act & is_enemy] = seen_hexes[state.hex[act & is_enemy]]
    hidden = is_enemy & act & ~vis_units
    belief = copy.copy(state)
    belief.status = state.status.copy()
    belief.hex = state.hex.copy()
    belief.status[hidden] = UnitStatus.WAITING
    belief.hex[hidden] = -1
    bases = _enemy_bases(world, maps, state, enemy, seen_hexes)
    stand_in = np.zeros(len(world.unit_ids), dtype=bool)
    subs = np.flatnonzero(hidden)[: bases.size]  # which hidden units: by index, not by place
    belief.status[subs] = UnitStatus.ACTIVE
    belief.hex[subs] = bases[: subs.size]
    stand_in[subs] = True

    power = np.zeros(len(world.unit_ids))
    known = act & (vis_units | ~is_enemy)
    power[known] = unit_power(world, state.men[known], state.morale[known])
    # Units out of sight are pencilled in at their full strength less the share the enemy
    # has lost so far, which the battle and attrition reports tell (not where it was lost).
    arrived = state.arrived[enemy].astype(float)
    left = np.clip((arrived - state.losses[enemy]) / np.maximum(arrived, 1.0), 0.0, 1.0)
    nominal = unit_power(
        world, world.unit_men * np.where(arrived > 0, left, 1.0), world.unit_morale
    )

    seen = np.flatnonzero(is_enemy & act & vis_units)
    hexes = [state.hex[seen]]
    weights = [power[seen]]
    reach = [world.type_movement[world.unit_type[seen]]]
    guess = [np.zeros(seen.size, dtype=bool)]

    # Ghosts: seen lately, not in sight now, and their last hex is not in sight either.
    last = state.seen_hex[side]
    age = state.turn - state.seen_turn[side]
    ghost = hidden & (last >= 0) & (age <= MEMORY_TURNS)
    ghost[ghost] = ~seen_hexes[last[ghost]]
    g = np.flatnonzero(ghost)
    hexes.append(last[g])
    weights.append(nominal[g] * GHOST_TRUST ** np.maximum(age[g], 1))
    reach.append(world.type_movement[world.unit_type[g]])
    guess.append(np.zeros(g.size, dtype=bool))

    # The prior: the rest of the enemy's units, spread over its unseen towns and bases.
    lost = hidden & ~ghost
    if lost.any() and bases.size:
        share = nominal[lost].sum() * PRIOR_TRUST / bases.size
        hexes.append(bases)
        weights.append(np.full(bases.size, share))
        reach.append(np.full(bases.size, world.type_movement[world.unit_type[lost]].max()))
        guess.append(np.ones(bases.size, dtype=bool))

    enemy_hex = np.concatenate(hexes).astype(np.int64)
    enemy_power = np.concatenate(weights)
    enemy_reach = np.concatenate(reach) / THREAT_STEP
    prior = np.concatenate(guess)
    kernel = _kernel(world, enemy_hex, enemy_reach)
    threat = enemy_power @ kernel
    danger = np.where(prior, enemy_power * PRIOR_DANGER, enemy_power) @ kernel
    seen_danger = np.where(prior, 0.0, enemy_power) @ kernel
    imminent = np.where(prior, 0.0, enemy_power) @ (kernel >= 1.0)
    ground = np.zeros(len(world.unit_ids))
    ground[known] = ground_power(world, state.men[known], state.morale[known], state.hex[known])
    # What an attack on them must beat: the posture they will have had a turn to take up, and
    # the commander with them.
    held = ground[seen] * world.combat.posture[np.minimum(state.posture[seen] + 1, 2)]
    for c in np.flatnonzero(state.cmd_status == CommanderStatus.ACTIVE):
        held[seen == state.cmd_unit[c]] *= float(world.commander_combat[c])
    enemy_at = np.bincount(state.hex[seen], weights=held, minlength=world.grid.size)
    return View(
        side=side,
        enemy=enemy,
        belief=belief,
        stand_in=stand_in,
        visible=seen_hexes,
        seen_units=is_enemy & act & vis_units,
        power=power,
        enemy_hex=enemy_hex,
        enemy_power=enemy_power,
        enemy_reach=enemy_reach,
        threat=threat,
        danger=danger,
        seen_danger=seen_danger,
        imminent=imminent,
        supply=maps.supply_left(side, state.control),
        enemy_at=enemy_at,
        ground_power=ground,
    )


def _enemy_bases(
    world: World, maps: StaticMaps, state: GameState, enemy: int, seen: np.ndarray
) -> np.ndarray:
    """Hexes out of sight where the enemy's unseen units are assumed: its sources, its towns."""
    cands = {h for h, sides, _ in world.supply_sources if enemy in sides}
    cands |= set(maps.objective_hexes.values())
    out = [h for h in sorted(cands) if state.control[h] == enemy and not seen[h]]
    return np.array(out, dtype=np.int64)


def _kernel(world: World, hexes: np.ndarray, radius: np.ndarray) -> np.ndarray:
    """(K, H) reach of each enemy mass: full within one turn's move (+1 to strike), fading to
    nothing over a second turn's."""
    grid = world.grid
    d = axial_distance(grid.q[hexes][:, None], grid.r[hexes][:, None], grid.q[None], grid.r[None])
    r = radius[:, None] + 1.0
    return np.clip(2.0 - d / r, 0.0, 1.0)
