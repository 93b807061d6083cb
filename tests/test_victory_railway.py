"""The railway objective: held by a side with enough men on the line (`min_men`)."""

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
