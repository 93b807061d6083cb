"""Load-and-validate time of the scenario and the time of whole random-player campaigns.

Targets (issue 2): loading and validating the scenario <= 300 ms; a random-player campaign <= 2 s.
Run from the repository root: `python bench/campaign.py [--runs N]`.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from game.engine.world import build_world  # noqa: E402
from game.paths import DEFAULT_SCENARIO  # noqa: E402
from game.scenario.loader import load_scenario  # noqa: E402
from game.sim.campaign import play_campaign  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--scenario", default=str(DEFAULT_SCENARIO))
    args = ap.parse_args()

    loads, builds = [], []
    for _ in range(5):
        t0 = time.perf_counter()
        scenario = load_scenario(args.scenario)
        t1 = time.perf_counter()
        world = build_world(scenario)
        t2 = time.perf_counter()
        loads.append(t1 - t0)
        builds.append(t2 - t1)
    print(
        f"load + validate scenario: median {statistics.median(loads) * 1000:.0f} ms (target <= 300 ms)"
    )
    print(
        f"compile world (rasterise map, tables): median {statistics.median(builds) * 1000:.0f} ms"
    )

    times, commands = [], []
    for seed in range(args.runs):
        t0 = time.perf_counter()
        res = play_campaign(world, seed)
        times.append(time.perf_counter() - t0)
        commands.append(res.commands)
    print(
        f"random-player campaign: median {statistics.median(times):.2f} s, max {max(times):.2f} s "
        f"over {args.runs} runs, {statistics.mean(commands):.0f} commands each (target <= 2 s)"
    )


if __name__ == "__main__":
    main()
