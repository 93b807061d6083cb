"""Fuzz the scenario loader with many mutated files and count how each case ended.

Every case must either load (and then compile and start a game) or be refused with located
errors; any other exception, or an "internal error" diagnostic, is a bug and is printed.
Run from the repository root: `python bench/fuzz.py [--cases N] [--seed S]`.
"""

from __future__ import annotations

import argparse
import collections
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from game.engine.flow import start_game  # noqa: E402
from game.engine.world import build_world  # noqa: E402
from game.paths import DEFAULT_SCENARIO, PROJECT_ROOT  # noqa: E402
from game.scenario.fuzz import mutate  # noqa: E402
from game.scenario.loader import check_file  # noqa: E402


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--cases", type=int, default=1000)
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args()
    texts = [DEFAULT_SCENARIO.read_text(), (PROJECT_ROOT / "tests/data/minimal.yaml").read_text()]
    rng = np.random.default_rng(args.seed)
    counts: collections.Counter[str] = collections.Counter()
    bugs = []
    t0 = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "case.yaml"
        for i in range(args.cases):
            text, names = mutate(texts[i % 2], rng, int(rng.integers(1, 4)))
            path.write_bytes(text.encode("utf-8", "surrogateescape"))
            try:
                scenario, diags = check_file(path)
                if any(d.code == "internal" for d in diags):
                    bugs.append((i, names, [d.format() for d in diags if d.code == "internal"]))
                    counts["internal error"] += 1
                elif scenario is None:
                    unlocated = [
                        d for d in diags if d.severity == "error" and d.line < 1 and d.path
                    ]
                    counts["refused, located" if not unlocated else "refused, unlocated"] += 1
                else:
                    start_game(build_world(scenario), 1)
                    counts["loaded and started"] += 1
            except Exception as exc:  # the bug this script hunts
                bugs.append((i, names, f"{type(exc).__name__}: {exc}"))
                counts["exception"] += 1
    elapsed = time.perf_counter() - t0
    print(
        f"{args.cases} mutated scenarios in {elapsed:.0f} s ({elapsed / args.cases * 1000:.0f} ms each):"
    )
    for k, v in counts.most_common():
        print(f"  {k:<20} {v:>6}")
    for bug in bugs[:20]:
        print("  BUG", bug)
    return 1 if bugs else 0


if __name__ == "__main__":
    sys.exit(main())
