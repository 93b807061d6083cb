"""Wall time of a batch of whole campaigns in parallel processes (issue 6).

Target: 1,000 AI-vs-AI campaigns with 2 workers in <= 10 minutes. The script runs the batch the
way `python main.py simulate --runs N --workers W` does (process pool, one SeedSequence-derived
seed per run) and prints the wall time, the time per campaign and, when fewer runs were asked for,
the projection to 1,000. Run from the repository root:
`python bench/batch.py [--runs 1000] [--workers 2] [--red ai] [--white ai]`.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from game.paths import DEFAULT_SCENARIO  # noqa: E402
from game.players.base import PLAYER_KINDS  # noqa: E402
from game.sim import batch  # noqa: E402

TARGET_S = 600.0
TARGET_RUNS = 1000


def main() -> None:
    default = "ai" if "ai" in PLAYER_KINDS else "random"
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=TARGET_RUNS)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--red", default=default)
    ap.add_argument("--white", default=default)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--scenario", default=str(DEFAULT_SCENARIO))
    args = ap.parse_args()

    seeds = [args.seed + i for i in range(args.runs)]
    t0 = time.perf_counter()
    runs = batch.run_batch(args.scenario, seeds, args.red, args.white, args.workers)
    wall = time.perf_counter() - t0
    per = wall / args.runs
    projected = per * TARGET_RUNS
    commands = statistics.mean(r["commands"] for r in runs)
    print(
        f"{args.runs} campaigns {args.red} vs {args.white} with {args.workers} worker(s): "
        f"{wall:.1f} s wall, {per * 1000:.0f} ms a campaign, {commands:.0f} commands each"
    )
    verdict = "met" if projected <= TARGET_S else "NOT met"
    print(
        f"1,000 campaigns at this rate: {projected / 60:.1f} min "
        f"(target <= {TARGET_S / 60:.0f} min with 2 workers): {verdict}"
    )


if __name__ == "__main__":
    main()
