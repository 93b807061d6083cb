"""Benchmark of the combat resolver: vectorised, scalar reference, and the odds preview.

Run from the repository root: `python bench/resolver.py [--n 100000] [--workers 1,2]`.
The coefficients come from the shipped scenario's `rules.combat`; the engagements are a random
spread of force sizes, terrain, postures, rivers, morale, supply and commanders.
Targets (issue 6; issue 2 asked for 1,000,000): ≥ 2,000,000 engagements/s vectorised and ≥ 50×
the scalar reference; a 1,000-sample preview of one engagement in a few milliseconds.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import numpy as np  # noqa: E402
import yaml  # noqa: E402

from game.engine import combat  # noqa: E402
from game.engine.combat import CombatTables, Engagements  # noqa: E402
from game.engine.combat_reference import resolve_scalar  # noqa: E402
from game.scenario.schema import CombatRules  # noqa: E402


def load_tables(path: Path) -> CombatTables:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    rules = CombatRules.model_validate(data["rules"]["combat"])
    return CombatTables.from_rules(rules, list(data["terrain"]))


def engagements(n: int, n_terrain: int, seed: int = 1921) -> Engagements:
    g = np.random.default_rng(seed)

    def force(scale: float) -> np.ndarray:
        men = g.lognormal(np.log(1500 * scale), 0.8, n)
        cav = g.random(n)
        return np.stack(
            [
                np.rint(men * (1 - cav)),
                np.rint(men * cav),
                g.poisson(4 * scale, n),
                g.poisson(8 * scale, n),
            ],
            axis=1,
        )

    return Engagements(
        att=force(1.5),
        dfn=force(1.0),
        terrain=g.integers(0, n_terrain, n),
        posture=g.integers(0, 3, n),
        river=g.choice([1.0, 1.0, 1.0, 0.8, 0.6], n),
        fort=g.choice([1.0, 1.0, 1.0, 1.2, 1.4], n),
        att_morale=g.uniform(0.3, 1.0, n),
        def_morale=g.uniform(0.3, 1.0, n),
        att_fatigue=g.uniform(0.0, 0.6, n),
        def_fatigue=g.uniform(0.0, 0.6, n),
        att_supply=g.random(n) < 0.85,
        def_supply=g.random(n) < 0.85,
        att_cmd=g.uniform(0.85, 1.2, n),
        def_cmd=g.uniform(0.85, 1.2, n),
        att_cmd_morale=g.uniform(-0.1, 0.1, n),
        def_cmd_morale=g.uniform(-0.1, 0.1, n),
        att_has_cmd=g.random(n) < 0.5,
        def_has_cmd=g.random(n) < 0.5,
        key=g.integers(0, 2**63, n, dtype=np.uint64),
    )


def timed(fn, repeat: int) -> list[float]:
    out = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        out.append(time.perf_counter() - t0)
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=100_000, help="engagements per vectorised call")
    ap.add_argument("--repeat", type=int, default=9)
    ap.add_argument("--scalar", type=int, default=2000, help="engagements for the scalar reference")
    ap.add_argument("--workers", default="1,2", help="thread counts to time, comma-separated")
    ap.add_argument("--scenario", type=Path, default=ROOT / "scenarios" / "1921.yaml")
    args = ap.parse_args()

    tables = load_tables(args.scenario)
    eng = engagements(args.n, len(tables.terrain_ids))
    combat.resolve(eng.take(np.arange(min(args.n, 20_000))), tables)  # warm-up

    print(f"combat resolver, {args.n:,} engagements, battle_days={tables.battle_days}")
    best_vec = {}
    for w in (int(x) for x in args.workers.split(",")):
        times = timed(lambda w=w: combat.resolve(eng, tables, workers=w), args.repeat)
        best_vec[w] = args.n / min(times)
        print(
            f"  vectorised, {w} thread(s): best {args.n / min(times):>12,.0f} /s"
            f"   median {args.n / statistics.median(times):>12,.0f} /s"
        )
    res = combat.resolve(eng, tables)
    counts = np.bincount(res.outcome[0], minlength=len(combat.Outcome)) / args.n
    print(
        "  outcomes: "
        + ", ".join(
            f"{o.name.lower()} {p:.1%}" for o, p in zip(combat.Outcome, counts, strict=True)
        )
    )

    m = min(args.scalar, args.n)
    t0 = time.perf_counter()
    ref = [resolve_scalar(eng, e, tables, 0) for e in range(m)]
    scalar = m / (time.perf_counter() - t0)
    same = all(
        ref[e]["def_loss"] == res.def_loss[0, e].tolist() and ref[e]["outcome"] == res.outcome[0, e]
        for e in range(m)
    )
    print(f"  scalar reference (on {m:,}):  {scalar:>12,.0f} /s   (agrees with vectorised: {same})")
    one = max(best_vec.values())
    single = best_vec[min(best_vec)] / scalar
    print(f"  ratio vectorised/scalar: {single:,.0f}× fewest threads, {one / scalar:,.0f}× best")

    e1 = eng.take([0])
    combat.predict(e1, tables)
    pt = timed(lambda: combat.predict(e1, tables, samples=1000), 50)
    rt = timed(lambda: combat.resolve(e1, tables), 200)
    for label, t in (
        ("predict, 1 engagement × 1,000 samples", pt),
        ("resolve, 1 engagement (in game)", rt),
    ):
        print(
            f"  {label:<38} best {min(t) * 1e3:.2f} ms, median {statistics.median(t) * 1e3:.2f} ms"
        )
    ok = one >= 2_000_000 and one / scalar >= 50
    print(f"  targets (≥ 2,000,000 /s and ≥ 50× scalar): {'met' if ok else 'NOT met'}")


if __name__ == "__main__":
    main()
