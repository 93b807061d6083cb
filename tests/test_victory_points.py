"""Victory points: the railway held only by enough men (`min_men`), and a game ended early scoring
the turns it did not play (`score_turns_left`)."""

from __future__ import annotations

import numpy as np

from game.engine import victory
from game.engine.flow import start_game
from tests.factory import scenario_data, small_world


def _world(min_men: int):
    data = scenario_data()
    for obj in data["victory"]["objectives"]:
        if obj["kind"] == "railway":
            obj["min_men"] = min_men
    return small_world(data)


def _on_the_line(world, men: int):
    """A state whose one White unit stands on a railway hex with `men` bayonets and sabres."""
    state, _ = start_game(world, 1)
    white = world.side_index["white"]
    u = int(np.flatnonzero(state.active() & (world.unit_side == white))[0])
    state.hex[u] = int(np.flatnonzero(world.rail)[0])
    state.men[u, :2] = 0
    state.men[u, 1] = men
    others = np.arange(len(state.hex)) != u
    state.hex[others] = int(np.flatnonzero(~world.rail)[0])  # nobody else on the line
    return state, white


def _railway(world):
    return next(o for o in world.scenario.victory.objectives if o.kind == "railway")


def test_any_unit_cuts_the_line_without_a_minimum():
    world = _world(0)
    state, white = _on_the_line(world, 20)
    assert white in victory.holder(world, state, _railway(world))


def test_a_handful_of_stragglers_cuts_nothing():
    world = _world(300)
    state, white = _on_the_line(world, 299)
    assert white not in victory.holder(world, state, _railway(world))
    state.men[np.flatnonzero(world.rail[state.hex] & (world.unit_side == white))[0], 1] = 300
    assert white in victory.holder(world, state, _railway(world))


def test_a_game_ended_early_scores_the_turns_left_when_the_scenario_says_so():
    for flag in (False, True):
        data = scenario_data()
        data["victory"]["score_turns_left"] = flag
        world = small_world(data)
        state, _ = start_game(world, 1)
        state.turn = world.turns - 2  # three turns not played: this one and the two after
        held = victory.final_points(world, state)
        ended = victory.result(world, state, "a sudden death")
        extra = np.zeros_like(held)
        for obj in world.scenario.victory.objectives:
            for s in victory.holder(world, state, obj):
                extra[s] += 3 * obj.points_per_turn.get(world.side_ids[s], 0.0)
        assert extra.sum() > 0  # the small scenario's places are held from the start
        want = held + (extra if flag else 0)
        got = [ended["points"][side] for side in world.side_ids]
        assert np.allclose(got, np.round(want, 3))
        # after the last day's upkeep there is no turn left to add
        state.turn = world.turns + 1
        last = victory.result(world, state, "the campaign's last day has passed")
        assert np.allclose(
            [last["points"][side] for side in world.side_ids],
            np.round(victory.final_points(world, state), 3),
        )
