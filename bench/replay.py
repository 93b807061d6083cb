"""Seeking in the replay: the historical timeline and a played game's replay, over random dates
and positions, forwards and backwards; target < 100 ms per seek.

Run from the repository root: `python bench/replay.py`.
"""

from __future__ import annotations

import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from game import saves  # noqa: E402
from game.engine.world import build_world  # noqa: E402
from game.history.battles import predict_battles  # noqa: E402
from game.history.gamereplay import GameReplay  # noqa: E402
from game.history.takecommand import historical_state  # noqa: E402
from game.history.timeline import Timeline  # noqa: E402
from game.paths import DEFAULT_SCENARIO  # noqa: E402
from game.scenario.loader import load_scenario  # noqa: E402
from game.sim.campaign import play_campaign  # noqa: E402

SEEKS = 500
TARGET_MS = 100.0


def _times(fn, args) -> list[float]:
    out = []
    for a in args:
        t0 = time.perf_counter()
        fn(a)
        out.append((time.perf_counter() - t0) * 1000)
    return out


def _line(what: str, ms: list[float]) -> None:
    print(
        f"{what:<44} median {statistics.median(ms):7.2f} ms   max {max(ms):7.2f} ms"
        f"   ({len(ms)} runs; target < {TARGET_MS:g} ms)"
    )


def main() -> None:
    world = build_world(load_scenario(DEFAULT_SCENARIO))
    rng = random.Random(1921)

    t0 = time.perf_counter()
    timeline = Timeline(world)
    print(f"{'timeline compiled once':<44} {(time.perf_counter() - t0) * 1000:7.2f} ms")
    dates = [rng.uniform(0, timeline.days) for _ in range(SEEKS)]
    _line("timeline: frame at a random moment", _times(timeline.frame, dates))

    result = play_campaign(world, 7, red="random", white="random")
    save = saves.SaveFile.model_validate(saves.to_save(result.game, "f" * 64))
    t0 = time.perf_counter()
    replay = GameReplay(world, save)
    print(
        f"{'played game re-run and checked':<44} {(time.perf_counter() - t0) * 1000:7.0f} ms"
        f"   ({replay.length} commands, {replay.turns} turns, verified: {replay.verified})"
    )
    indices = [rng.randrange(replay.length + 1) for _ in range(SEEKS)]
    _line("game replay: state at a random command", _times(replay.state_at, indices))

    when = [timeline.date_at(rng.uniform(0, timeline.days)) for _ in range(20)]
    _line(
        "take command: state from a random date",
        _times(lambda d: historical_state(world, d, 1), when),
    )

    t0 = time.perf_counter()
    preds = predict_battles(world)
    print(
        f"{'prediction of every historical battle':<44} {(time.perf_counter() - t0) * 1000:7.1f} ms"
        f"   ({len(preds)} battles × {preds[0].samples} replicas)"
    )


if __name__ == "__main__":
    main()
