"""Fuzz the loaders with many mutated scenarios and mods and count how each case ended.

Every shipped scenario (scenarios/*.yaml, plus the minimal test scenario) and every shipped mod
(mods/*/mod.yaml) is damaged by 1–3 mutations — deleted lines, wrong types, out-of-range, huge,
NaN and infinite numbers, unknown references, duplicate ids, broken indentation and quoting,
random bytes, truncation — and loaded as the game does and as `validate` does. Each case must
either load (and then compile and start a game) or be refused with located errors; anything else
is a bug and is printed. Run from the repository root: `python bench/fuzz.py [--cases N] [--seed S]`.
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

from game.scenario.fuzz import mutate, run_case, targets  # noqa: E402


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--cases", type=int, default=1000)
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args()
    files = targets()
    names = sorted(files)
    rng = np.random.default_rng(args.seed)
    counts: collections.Counter[str] = collections.Counter()
    by_target: collections.Counter[str] = collections.Counter()
    bugs = []
    t0 = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        for i in range(args.cases):
            name = names[i % len(names)]
            kind, text = files[name]
            damaged, how = mutate(text, rng, int(rng.integers(1, 4)))
            by_target[name] += 1
            try:
                counts[run_case(kind, damaged, Path(tmp) / str(i))] += 1
            except Exception as exc:  # the bug this script hunts, AssertionError included
                bugs.append((i, name, how, f"{type(exc).__name__}: {exc}"[:500]))
                counts["BUG"] += 1
    elapsed = time.perf_counter() - t0
    print(
        f"{args.cases} mutated files in {elapsed:.0f} s ({elapsed / args.cases * 1000:.0f} ms each), "
        f"seed {args.seed}:"
    )
    print("  " + ", ".join(f"{n}: {c}" for n, c in sorted(by_target.items())))
    for k, v in counts.most_common():
        print(f"  {k:<10} {v:>6}")
    for bug in bugs[:20]:
        print("  BUG", bug)
    return 1 if bugs else 0


if __name__ == "__main__":
    sys.exit(main())
