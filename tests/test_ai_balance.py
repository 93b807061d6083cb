"""The AI against the 1921 campaign's own stakes: it knows that a railway raid scores only with
`min_men` on the line (to make one, and to tell which ones to answer), its armoured trains walk
the line and stop next to raiders hidden in the forest, it keeps its border garrison, and in
AI-vs-AI games the Reds march on Urga and take it in most of them."""

from __future__ import annotations

import numpy as np
import pytest

from game.engine import fog, rules
from game.engine.commands import EndTurn
from game.engine.game import Game
from game.engine.world import build_world
from game.paths import DEFAULT_SCENARIO
from game.players import ai_tactics, ai_tasks
from game.players.ai import AIPlayer
from game.players.ai_maps import static_maps
from game.players.ai_phase import SWEEP_EVERY, PhasePlan
from game.players.ai_view import build_view
from game.scenario.loader import load_scenario
from game.sim.batch import run_batch

SEEDS = list(range(600, 608))  # fixed seeds, none of them used while tuning the AI


@pytest.fixture(scope="module")
def world():
    return build_world(load_scenario(DEFAULT_SCENARIO))


def _red_to_move(world, seed: int = 1):
    """The state at the start of the Reds' first phase (the Whites have not moved)."""
    game = Game(world, seed)
    game.submit(EndTurn())
    assert world.side_ids[game.state.phase] == "red"
    return game.state


def _railway(world):
    return next(o for o in world.scenario.victory.objectives if o.kind == "railway")


def _raiders_next_to(world, state, place: str, men: int):
    """A copy of `state` with one White unit of `men` sabres on a railway hex next to `place`
    (in the sight of its garrison), the other White units far from the line."""
    new = state.copy()
    white = world.side_index["white"]
    h = int(world.place_hex[world.place_index[place]])
    rail = [int(n) for n in world.grid.neighbours[h] if n >= 0 and world.rail[n]]
    u = int(np.flatnonzero(new.active() & (world.unit_side == white))[0])
    new.hex[u] = rail[0]
    new.men[u, :2] = [0, men]
    return new, u


def test_the_ai_reads_min_men_from_the_scenario(world):
    assert ai_tasks.rail_min_men(world) == _railway(world).min_men == 300


def test_a_white_raid_gathers_enough_men_to_cut_the_line(world):
    white = world.side_index["white"]
    state = Game(world, 1).state
    view = build_view(world, static_maps(world), state, white)
    values = ai_tasks.place_values(world, static_maps(world), state, white)
    tasks = ai_tasks.build_tasks(world, static_maps(world), view, values, np.zeros(9))
    raid = next(t for t in tasks if t.kind == "raid")
    assert raid.men == 300


@pytest.mark.parametrize("men, answered", [(150, False), (450, True)])
def test_only_a_raid_that_cuts_the_line_is_worth_answering(world, men, answered):
    red = world.side_index["red"]
    state, u = _raiders_next_to(world, _red_to_move(world), "verkhneudinsk", men)
    maps = static_maps(world)
    view = build_view(world, maps, state, red)
    assert view.seen_units[u]
    assert ai_tasks.raid_scores(world, view, 300.0) is answered
    plan = PhasePlan(AIPlayer(world, "red", 1), world, state)
    cut = ai_tactics._cut_worth(plan, int(state.hex[u]))
    assert bool(cut > 0) is answered
    hunt = next(t for t in plan.assignment.tasks if t.kind == "hunt" and t.hex == state.hex[u])
    rail_part = ai_tasks.rail_points(world, 1 - red) * ai_tasks.RAIDER_STAY
    assert bool(hunt.value >= rail_part) is answered


def test_a_train_walks_its_beat_in_sight_of_every_hex(world):
    state = _red_to_move(world)
    plan = PhasePlan(AIPlayer(world, "red", 1), world, state)
    maps = plan.maps
    trains = [u for u in plan.own_units() if world.type_rail_only[world.unit_type[u]]]
    assert len(trains) == 2
    for u in trains:
        hops = ai_tactics.sweep(plan, u, trains)
        assert hops, "a train on an empty line walks its beat"
        stops = [int(state.hex[u])] + [stop for stop, _ in hops]
        walked = {h for _, path in hops for h in path}
        sight = int(world.type_sight[world.unit_type[u]])
        for h in walked:  # every hex it passed was in sight already, or from one of its stops
            near = min(int(world.grid.distance(h, s)) for s in stops)
            assert plan.view.visible[h] or near <= (1 if world.blocks_sight[h] else sight)
        # it walks to an end of a beat: the line cut into one stretch per train
        n, length = len(trains), len(maps.rail_line)
        ends = {length * k // n for k in range(n)} | {length * (k + 1) // n - 1 for k in range(n)}
        assert maps.rail_index[stops[-1]] in ends


def test_a_train_stops_next_to_raiders_hidden_in_the_forest(world):
    """A White regiment on the line in the taiga, out of every Red unit's sight: the train whose
    turn it is to walk that beat ends its walk next to it, so the Reds see it."""
    red, white = world.side_index["red"], world.side_index["white"]
    base = _red_to_move(world)
    maps = static_maps(world)
    line = maps.rail_line
    found = False
    for turn in range(base.turn, base.turn + SWEEP_EVERY):
        state = base.copy()
        state.turn = turn
        state.seen_turn[:] = -99  # nothing seen lately: no ghosts either
        plan = PhasePlan(AIPlayer(world, "red", 1), world, state)
        trains = [u for u in plan.own_units() if world.type_rail_only[world.unit_type[u]]]
        walker = next(u for u in trains if (turn + trains.index(u)) % SWEEP_EVERY == 0)
        hops = ai_tactics.sweep(plan, walker, trains)
        walked = [h for _, path in hops for h in path]
        hidden = [h for h in walked[3:] if world.blocks_sight[h]]
        if not hidden:
            continue
        target = hidden[len(hidden) // 2]
        u = int(np.flatnonzero(state.active() & (world.unit_side == white))[0])
        state.hex[u] = target
        state.men[u, :2] = [0, 400]
        assert not fog.visible_units(world, state, red)[u]
        player = AIPlayer(world, "red", 1)
        for _ in range(300):
            cmd = player.next_command(world, state)
            out = rules.apply(world, state, cmd)
            if out.ok:
                state = out.state
            if isinstance(cmd, EndTurn):
                break
        assert state.seen_turn[red, u] >= turn, "the raider was never seen"
        assert min(int(world.grid.distance(int(state.hex[t]), target)) for t in trains) == 1
        assert target in line
        found = True
        break
    assert found, "no beat of the line runs through the forest"


def test_the_border_garrison_stays(world):
    """The Reds' first phase leaves a unit in Troitskosavsk, whatever comes up the road."""
    red = world.side_index["red"]
    h = int(world.place_hex[world.place_index["troitskosavsk"]])
    for seed in SEEDS[:3]:
        state = _red_to_move(world, seed)
        player = AIPlayer(world, "red", seed)
        for _ in range(300):
            cmd = player.next_command(world, state)
            out = rules.apply(world, state, cmd)
            if out.ok:
                state = out.state
            if isinstance(cmd, EndTurn):
                break
        mine = state.active() & (world.unit_side == red) & (state.hex == h)
        assert mine.any(), f"Troitskosavsk left empty (seed {seed})"


def test_the_reds_march_on_urga(world):
    """In AI-vs-AI games the Reds take Urga in most of them (in 1921 on 6 July)."""
    runs = run_batch(str(DEFAULT_SCENARIO), SEEDS, red="ai", white="ai", workers=2)
    taken = [
        r for r in runs if any(s == "red" for _d, s in r["record"]["captures"].get("urga", []))
    ]
    assert len(taken) >= len(runs) // 2, f"Urga taken in {len(taken)} of {len(runs)} games"
