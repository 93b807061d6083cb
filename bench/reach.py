"""Time of one unit's reachable area (the movement search), per arm: target <= 2 ms.

Run from the repository root: `python bench/reach.py`.
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from game.engine import movement  # noqa: E402
from game.engine.flow import start_game  # noqa: E402
from game.engine.world import build_world  # noqa: E402
from game.paths import DEFAULT_SCENARIO  # noqa: E402
from game.scenario.loader import load_scenario  # noqa: E402


def main() -> None:
    world = build_world(load_scenario(DEFAULT_SCENARIO))
    state, _ = start_game(world, 1)
    by_arm: dict[str, list[float]] = {}
    for u in range(len(world.unit_ids)):
        if state.status[u] != 1:
            continue
        arm = ("infantry", "cavalry", "artillery")[world.unit_arm[u]]
        budget = float(world.type_movement[world.unit_type[u]])
        times = []
        for _ in range(20):
            t0 = time.perf_counter()
            found = movement.reach(world, state, u, budget=budget)
            times.append(time.perf_counter() - t0)
        by_arm.setdefault(arm, []).append(statistics.median(times))
        by_arm.setdefault(arm + " hexes", []).append(len(found.stops))
    for arm in ("infantry", "cavalry", "artillery"):
        if arm in by_arm:
            t = by_arm[arm]
            print(
                f"reach, {arm:<9}: median {statistics.median(t) * 1000:.2f} ms, max {max(t) * 1000:.2f} ms"
                f" ({statistics.median(by_arm[arm + ' hexes']):.0f} hexes reachable; target <= 2 ms)"
            )


if __name__ == "__main__":
    main()
