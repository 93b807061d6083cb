"""Determinism guard: games replayed from their command logs in a new process give the same
state hash after every turn."""

import json
import os
import subprocess
import sys

from game.engine.commands import command_to_dict
from game.engine.world import build_world
from game.paths import DEFAULT_SCENARIO, PROJECT_ROOT
from game.players.base import PLAYER_KINDS
from game.scenario.loader import load_scenario
from game.sim.campaign import play_campaign

GAMES = 50
PLAYER = "ai" if "ai" in PLAYER_KINDS else "random"

REPLAYER = """
import json, sys
from game.engine.commands import command_from_dict
from game.engine.game import Game
from game.engine.world import build_world
from game.scenario.loader import load_scenario
world = build_world(load_scenario(sys.argv[1]))
out = []
for g in json.load(open(sys.argv[2])):
    game = Game(world, g["seed"])
    for c in g["log"]:
        assert game.submit(command_from_dict(c)).ok
    out.append(game.turn_hashes)
print(json.dumps(out))
"""


def test_replays_in_a_new_process_reproduce_every_turn_hash(tmp_path):
    world = build_world(load_scenario(DEFAULT_SCENARIO))
    games = []
    for seed in range(GAMES):
        res = play_campaign(world, 1000 + seed, red=PLAYER, white=PLAYER)
        games.append(
            {
                "seed": res.seed,
                "log": [command_to_dict(c) for c in res.log],
                "hashes": res.turn_hashes,
            }
        )
    path = tmp_path / "games.json"
    path.write_text(json.dumps(games))
    env = dict(os.environ, PYTHONHASHSEED="4242")
    done = subprocess.run(
        [sys.executable, "-c", REPLAYER, str(DEFAULT_SCENARIO), str(path)],
        cwd=PROJECT_ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    replayed = json.loads(done.stdout)
    assert len(replayed) == GAMES
    for g, hashes in zip(games, replayed, strict=True):
        assert hashes == g["hashes"], f"seed {g['seed']} diverges"
