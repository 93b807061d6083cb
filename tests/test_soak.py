"""Soak: whole 1921 campaigns between the strongest registered players, every invariant checked
after every command. A few campaigns in the normal suite; `SOAK_CAMPAIGNS=200` for the full soak
of issue 7 (about ten minutes on two cores: `SOAK_CAMPAIGNS=200 pytest tests/test_soak.py`)."""

import os

import pytest

from game.engine.game import Game
from game.engine.invariants import violations
from game.engine.world import build_world
from game.paths import DEFAULT_SCENARIO
from game.players import make_player
from game.players.base import PLAYER_KINDS
from game.scenario.loader import load_scenario

CAMPAIGNS = int(os.environ.get("SOAK_CAMPAIGNS", "4"))
KIND = "ai" if "ai" in PLAYER_KINDS else "random"
MAX_COMMANDS = 20_000


@pytest.fixture(scope="module")
def world():
    return build_world(load_scenario(DEFAULT_SCENARIO))


@pytest.mark.parametrize("seed", range(1000, 1000 + CAMPAIGNS))
def test_campaign_keeps_every_invariant(world, seed):
    game = Game(world, seed)
    players = [make_player(KIND, world, side, seed) for side in world.side_ids]
    for n in range(MAX_COMMANDS):
        if game.over:
            break
        out = game.submit(players[game.state.phase].next_command(world, game.state))
        bad = violations(world, game.state)
        assert not bad, f"seed {seed}, command {n} ({out.events[:1]}): {bad}"
    assert game.over, f"seed {seed}: not over after {MAX_COMMANDS} commands"
    assert game.state.result["winner"] in (*world.side_ids, "draw")
