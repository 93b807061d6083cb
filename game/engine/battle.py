"""From units on the map to an engagement for the resolver, and from its result back to the map.

`combat.py` knows only numbers; this module knows units: it sums the forces on each side, picks
the commander, the posture and the river, and afterwards spreads the losses over the units,
moves the losers back, takes prisoners and guns, and lets the winner advance.
"""

from __future__ import annotations

import numpy as np

from game.engine import combat, rng
from game.engine.state import GameState
from game.engine.world import World
from game.i18n import N_, _, format_number

# English keys (the battle event's wording); `outcome_text` gives them in the language in use
OUTCOME_TEXT = {
    combat.Outcome.HELD: N_("the defenders hold"),
    combat.Outcome.DEFENDER_RETREATS: N_("the defenders fall back"),
    combat.Outcome.DEFENDER_ROUTED: N_("the defenders are routed"),
    combat.Outcome.ATTACKER_REPULSED: N_("the attack is repulsed"),
    combat.Outcome.ATTACKER_ROUTED: N_("the attackers are routed"),
}


def outcome_text(outcome) -> str:
    """How a battle ended, as a clause of the battle's sentence, in the language in use."""
    return _(OUTCOME_TEXT[combat.Outcome(int(outcome))])


def defenders_at(world: World, state: GameState, target: int, side: int) -> np.ndarray:
    units = state.units_at(target)
    return units[world.unit_side[units] != side]


def _weighted(values: np.ndarray, weights: np.ndarray) -> float:
    total = weights.sum()
    return float((values * weights).sum() / total) if total > 0 else float(values.mean())


def _best_commander(world: World, state: GameState, units: np.ndarray) -> int:
    best, best_rating = -1, -np.inf
    for u in units:
        c = state.commander_of(int(u))
        if c >= 0 and world.commander_combat[c] > best_rating:
            best, best_rating = c, world.commander_combat[c]
    return best


def _side_inputs(world: World, state: GameState, units: np.ndarray) -> dict:
    power = (state.men[units] * world.combat.weights).sum(axis=1).astype(np.float64)
    cmd = _best_commander(world, state, units)
    return {
        "men": state.men[units].sum(axis=0).astype(np.float64),
        "morale": _weighted(state.morale[units], power),
        "fatigue": _weighted(state.fatigue[units], power),
        "supply": _weighted(state.supplied[units].astype(np.float64), power) >= 0.5,
        "cmd": cmd,
        "cmd_combat": float(world.commander_combat[cmd]) if cmd >= 0 else 1.0,
        "cmd_morale": float(world.commander_morale[cmd]) if cmd >= 0 else 0.0,
        "power": power,
    }


def build(world: World, state: GameState, attackers: list[int], target: int, key: int):
    """The engagement of `attackers` against everything in `target`, plus what the report needs."""
    side = int(world.unit_side[attackers[0]])
    atk = np.asarray(attackers, dtype=np.int64)
    dfn = defenders_at(world, state, target, side)
    a = _side_inputs(world, state, atk)
    d = _side_inputs(world, state, dfn)
    river_codes = np.array(
        [
            world.river_edge[state.hex[u], world.grid.direction(int(state.hex[u]), target)]
            for u in atk
        ]
    )
    river = _weighted(world.river_attack[river_codes], a["power"])
    posture = int(state.posture[dfn].min())
    eng = combat.Engagements(
        att=a["men"][None],
        dfn=d["men"][None],
        terrain=np.array([world.terrain[target]], dtype=np.int64),
        posture=np.array([posture], dtype=np.int64),
        river=np.array([river]),
        fort=np.array([world.place_defence[target]]),
        att_morale=np.array([a["morale"]]),
        def_morale=np.array([d["morale"]]),
        att_fatigue=np.array([a["fatigue"]]),
        def_fatigue=np.array([d["fatigue"]]),
        att_supply=np.array([a["supply"]]),
        def_supply=np.array([d["supply"]]),
        att_cmd=np.array([a["cmd_combat"]]),
        def_cmd=np.array([d["cmd_combat"]]),
        att_cmd_morale=np.array([a["cmd_morale"]]),
        def_cmd_morale=np.array([d["cmd_morale"]]),
        att_has_cmd=np.array([a["cmd"] >= 0]),
        def_has_cmd=np.array([d["cmd"] >= 0]),
        key=np.array([key], dtype=np.uint64),
    )
    info = {
        "attackers": atk,
        "defenders": dfn,
        "att_cmd": a["cmd"],
        "def_cmd": d["cmd"],
        "river": river,
        "fort": float(world.place_defence[target]),
        "posture": combat.POSTURES[posture],
        "terrain": world.terrain_ids[int(world.terrain[target])],
        "att_supply": bool(a["supply"]),
        "def_supply": bool(d["supply"]),
        "att_morale": a["morale"],
        "def_morale": d["morale"],
    }
    return eng, info


def engagement_key(state: GameState) -> int:
    """Key of the next battle's draws: a function of the game's seed and the battle count only."""
    return rng.mix_scalar(state.combat_key, state.combat_count)


def split_losses(men: np.ndarray, loss: np.ndarray) -> np.ndarray:
    """Spread a side's loss per arm over its units in proportion, exactly (largest remainder)."""
    out = np.zeros_like(men)
    for arm in range(men.shape[1]):
        total, want = men[:, arm].sum(), int(loss[arm])
        if total <= 0 or want <= 0:
            continue
        want = min(want, int(total))
        share = men[:, arm] * want / total
        base = np.floor(share).astype(np.int64)
        rest = want - base.sum()
        order = np.argsort(-(share - base), kind="stable")[:rest]
        base[order] += 1
        out[:, arm] = np.minimum(base, men[:, arm])
    return out


def unit_name(world: World, u: int) -> str:
    return world.scenario.units[u].name


def hex_label(world: World, h: int) -> str:
    names = [world.scenario.map.places[i].name for i in np.flatnonzero(world.place_hex == h)]
    if names:
        return " / ".join(names)
    # TRANSLATORS: a hex without a place name, by its column and row on the map
    return _("hex {col},{row}").format(col=int(world.grid.col[h]), row=int(world.grid.row[h]))


def points(x: float) -> str:
    """Movement points as the language writes them: 12, 11.5 (one decimal at most)."""
    x = round(float(x), 1)
    return format_number(x, 1) if x != int(x) else format_number(x)
