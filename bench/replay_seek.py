"""Seeking on the replay screen: from a random moment to another (backwards half the time), the
picture rebuilt and the whole 1280×800 frame drawn, for the history and for a played game; and
the frame time while playing at 16×. Target: a seek under 100 ms (`bench/replay.py` times the
data layer alone).

Run from the repository root: `python bench/replay_seek.py` (dummy video driver, no window).
"""

from __future__ import annotations

import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

SEEKS = 300
PLAY_FRAMES = 300
TARGET_MS = 100.0


def _line(what: str, ms: list[float]) -> None:
    ms = sorted(ms)
    p99 = ms[min(len(ms) - 1, round(0.99 * (len(ms) - 1)))]
    print(
        f"{what:<46} median {statistics.median(ms):6.1f} ms   p99 {p99:6.1f} ms   "
        f"max {ms[-1]:6.1f} ms   ({len(ms)} runs; target < {TARGET_MS:g} ms)"
    )


def _seeks(app, scene, rng) -> list[float]:
    out = []
    for _ in range(SEEKS):
        target = rng.uniform(0, scene.replay.days)
        t0 = time.perf_counter()
        scene.seek(target)
        app.step(0.0, [])
        out.append((time.perf_counter() - t0) * 1000)
    return out


def _playing(app, scene) -> list[float]:
    scene.seek(0.0)
    scene.playback.set_speed(16)
    scene.playback.playing = True
    out = []
    for _ in range(PLAY_FRAMES):
        t0 = time.perf_counter()
        app.step(1 / 60, [])
        out.append((time.perf_counter() - t0) * 1000)
    scene.playback.playing = False
    return out


def main() -> None:
    with tempfile.TemporaryDirectory() as home:
        os.environ["MONGOLIA1921_DATA_DIR"] = home
        import pygame

        from game import userdata
        from game.engine.world import build_world
        from game.paths import DEFAULT_SCENARIO
        from game.scenario.loader import load_scenario
        from game.sim.campaign import play_campaign
        from game.ui.app import App
        from game.ui.replay_scene import open_replay

        world = build_world(load_scenario(DEFAULT_SCENARIO))
        app = App(world, seed=1, size=(1280, 800))
        app.step(0.016, [])
        t0 = time.perf_counter()
        open_replay(app)
        app.step(0.016, [])
        print(
            f"{'open the replay screen (history)':<46} {(time.perf_counter() - t0) * 1000:6.1f} ms"
        )
        scene = app.stack.top
        rng = random.Random(1921)
        _line("history: seek + draw at 1280×800", _seeks(app, scene, rng))
        _line("history: a frame while playing at 16×", _playing(app, scene))

        game = play_campaign(world, 7, red="ai", white="ai").game
        path = userdata.write_slot(
            "bench", game, app.fingerprint, scenario_path=str(DEFAULT_SCENARIO)
        )
        t0 = time.perf_counter()
        problem = scene.open_game(path)
        app.step(0.016, [])
        assert not problem, problem
        print(
            f"{'open a played game (' + str(len(game.log)) + ' commands, re-run)':<46} "
            f"{(time.perf_counter() - t0) * 1000:6.1f} ms"
        )
        _line("played game: seek + draw at 1280×800", _seeks(app, scene, rng))
        _line("played game: a frame while playing at 16×", _playing(app, scene))
        pygame.quit()


if __name__ == "__main__":
    main()
