"""Victory points and the victory level, measured against the historical result.

Each side scores for the objectives it holds at each turn's end and at the end, for the fate of
the enemy commanders that matter, and for the losses it inflicts. The score is the scoring side's
points minus the other's; the margin is the score minus the score the real campaign of 1921 earns
under the same rules, so "better than history" and "worse than history" are what decide the level.
"""

from __future__ import annotations

import numpy as np

from game.engine.state import CommanderStatus, GameState
from game.engine.world import World
from game.i18n import _, format_number
from game.scenario.schema import Objective, ObjectiveKind


def holder(world: World, state: GameState, obj: Objective) -> list[int]:
    """Sides that hold an objective now.

    A place is held by the side that last entered it. The railway is held by every side with a
    unit standing on it now, and at least `min_men` men there: a raid cuts the line only while
    the raiders are on it, and only if there are enough of them to do it.
    """
    if obj.kind == ObjectiveKind.place:
        h = world.place_hex[world.place_index[obj.place]]
        return [int(state.control[h])] if state.control[h] >= 0 else []
    act = state.active()
    on_rail = act.copy()
    on_rail[act] = world.rail[state.hex[act]]
    sides = [int(s) for s in np.unique(world.unit_side[on_rail])]
    if obj.min_men <= 0:
        return sides
    men = state.men[:, :2].sum(axis=1)
    return [s for s in sides if men[on_rail & (world.unit_side == s)].sum() >= obj.min_men]


def add_turn_points(world: World, state: GameState, vp: np.ndarray, turns: int = 1) -> None:
    """Add to `vp` what each side scores for what it holds, for `turns` turns' ends."""
    for obj in world.scenario.victory.objectives:
        for s in holder(world, state, obj):
            vp[s] += turns * obj.points_per_turn.get(world.side_ids[s], 0.0)


def score_turn(world: World, state: GameState) -> None:
    add_turn_points(world, state, state.vp)


def final_points(world: World, state: GameState, turns_left: int = 0) -> np.ndarray:
    """Victory points if the game ended now: turn points so far plus end-of-game points, and
    with `turns_left` (a game ended early) the turn points of what each side holds, that often."""
    v = world.scenario.victory
    vp = state.vp.copy()
    if turns_left > 0:
        add_turn_points(world, state, vp, turns_left)
    for obj in v.objectives:
        for s in holder(world, state, obj):
            vp[s] += obj.points_at_end.get(world.side_ids[s], 0.0)
    for stake in v.commanders:
        c = world.commander_index[stake.commander]
        table = {
            CommanderStatus.KILLED: stake.killed,
            CommanderStatus.CAPTURED: stake.captured,
            CommanderStatus.ACTIVE: stake.at_large,
        }[CommanderStatus(int(state.cmd_status[c]))]
        for side, pts in table.items():
            vp[world.side_index[side]] += pts
    for side, per in v.losses_per_1000.items():
        s = world.side_index[side]
        enemy_men = state.losses[1 - s, :2].sum()
        vp[s] += per * enemy_men / 1000.0
    return vp


def result(world: World, state: GameState, reason: str) -> dict:
    """The end of a game as saves and hashes keep it: the level's name as the scenario writes it
    (never translated, so a game hashes the same in every language; `level_name` shows it)."""
    v = world.canonical.victory
    # the turns not played when the game ends early (none after the last day's upkeep)
    left = max(0, world.turns - state.turn + 1) if v.score_turns_left else 0
    vp = final_points(world, state, left)
    s = world.side_index[v.score_side]
    score = float(vp[s] - vp[1 - s])
    margin = score - v.historical_score
    levels = sorted(v.levels, key=lambda lv: lv.min_margin, reverse=True)
    level = next((lv for lv in levels if margin >= lv.min_margin), levels[-1])
    return {
        "winner": level.winner,
        "level": level.level,
        "name": level.name,
        "score": round(score, 3),
        "historical_score": v.historical_score,
        "margin": round(margin, 3),
        "points": {world.side_ids[i]: round(float(p), 3) for i, p in enumerate(vp)},
        "reason": reason,
        "date": state.date(world).isoformat()
        if state.turn <= world.turns
        else world.scenario.meta.end.isoformat(),
        "turn": min(state.turn, world.turns),
    }


# ----------------------------------------------------------------------- as the player reads it


def level_name(world: World, result: dict) -> str:
    """The result's victory level in the language in use (the scenario's translation)."""
    name = str(result.get("name", ""))
    levels = world.canonical.victory.levels
    for i, lv in enumerate(levels):
        if lv.name == name and i < len(world.scenario.victory.levels):
            return world.scenario.victory.levels[i].name
    return name


def reason_text(world: World, reason: str) -> str:
    """Why a game ended, in the language in use: a sudden-death rule's description as the
    scenario's translation gives it, or the engine's own words through `_`."""
    rules = world.canonical.victory.sudden_death
    shown = world.scenario.victory.sudden_death
    for i, rule in enumerate(rules):
        if reason in (rule.description, rule.id) and i < len(shown):
            return shown[i].description or shown[i].id
    return _(reason) if reason else reason


def signed(x: float) -> str:
    """A margin or a score with its sign and one decimal, as the language writes numbers."""
    x = round(float(x), 1) + 0.0  # + 0.0: no "-0.0"
    return ("+" if x >= 0 else "") + format_number(x, 1)
