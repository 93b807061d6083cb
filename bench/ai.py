"""The AI's strength and speed.

Prints: games won by the AI against the random player out of N seeded games as red and as white
(a win: the victory outcome's winner is the AI's side), the time of an AI turn (one side's phase:
every `next_command` call until it ends the phase; median and 95th percentile over AI-vs-AI
games), and the time of one whole AI-vs-AI campaign (median, max). Targets (issues 3 and 6):
at least 95 of 100 wins from either side; an AI turn well under 200 ms median; a campaign
<= 1 s. Times are wall clock and process CPU time, since the machine may be shared.

Run from the repository root: `python bench/ai.py [--games 100] [--timed 10] [--workers 2]`.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from game.engine.commands import EndTurn  # noqa: E402
from game.engine.game import Game  # noqa: E402
from game.engine.world import build_world  # noqa: E402
from game.paths import DEFAULT_SCENARIO  # noqa: E402
from game.players import make_player  # noqa: E402
from game.scenario.loader import load_scenario  # noqa: E402
from game.sim.batch import run_batch  # noqa: E402
from game.sim.campaign import MAX_COMMANDS_PER_PHASE  # noqa: E402

FIRST_SEED = 1


def wins(kind: str, side: str, games: int, workers: int) -> tuple[int, int, int]:
    """(wins, refused commands, commands) of the AI on `side` against the random player."""
    other = "white" if side == "red" else "red"
    seeds = list(range(FIRST_SEED, FIRST_SEED + games))
    kinds = {side: kind, other: "random"}
    runs = run_batch(
        str(DEFAULT_SCENARIO), seeds, red=kinds["red"], white=kinds["white"], workers=workers
    )
    won = sum(r["outcome"]["winner"] == side for r in runs)
    return won, sum(r["refused"] for r in runs), sum(r["commands"] for r in runs)


def timed_campaign(world, seed: int, kind: str):
    """Play AI against AI; return (wall s, cpu s, per-phase AI times in s)."""
    game = Game(world, seed)
    players = [make_player(kind, world, side, seed) for side in world.side_ids]
    phases = []
    w0, c0 = time.perf_counter(), time.process_time()
    while not game.over:
        player = players[game.state.phase]
        spent = 0.0
        for _ in range(MAX_COMMANDS_PER_PHASE):
            t0 = time.perf_counter()
            cmd = player.next_command(world, game.state)
            spent += time.perf_counter() - t0
            out = game.submit(cmd)
            if isinstance(cmd, EndTurn) and out.ok:
                break
        else:
            game.submit(EndTurn())
        phases.append(spent)
    return time.perf_counter() - w0, time.process_time() - c0, phases


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--games", type=int, default=100, help="games against random per side")
    ap.add_argument("--timed", type=int, default=10, help="AI-vs-AI campaigns to time")
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--kind", default="ai", help="ai, ai:easy or ai:hard")
    args = ap.parse_args()

    world = build_world(load_scenario(DEFAULT_SCENARIO))
    timed_campaign(world, 0, args.kind)  # warm up: distance fields, imports
    walls, cpus, phases = [], [], []
    for seed in range(FIRST_SEED, FIRST_SEED + args.timed):
        wall, cpu, ph = timed_campaign(world, seed, args.kind)
        walls.append(wall)
        cpus.append(cpu)
        phases += ph
    ms = sorted(p * 1000 for p in phases)
    p95 = ms[min(len(ms) - 1, int(round(0.95 * (len(ms) - 1))))]
    print(
        f"AI turn ({args.kind}): median {statistics.median(ms):.1f} ms, 95th percentile "
        f"{p95:.1f} ms, max {ms[-1]:.1f} ms over {len(ms)} phases (target: median well under 200 ms)"
    )
    print(
        f"AI-vs-AI campaign: median {statistics.median(walls):.2f} s wall "
        f"({statistics.median(cpus):.2f} s CPU), max {max(walls):.2f} s over {args.timed} "
        "campaigns (target <= 1 s)"
    )
    sys.stdout.flush()
    for side in ("red", "white"):
        t0 = time.perf_counter()
        won, refused, commands = wins(args.kind, side, args.games, args.workers)
        print(
            f"AI ({args.kind}) as {side} against random: won {won} of {args.games} "
            f"(target >= {round(0.95 * args.games)}); {refused} of {commands} commands refused; "
            f"{time.perf_counter() - t0:.0f} s with {args.workers} workers"
        )
        sys.stdout.flush()


if __name__ == "__main__":
    main()
