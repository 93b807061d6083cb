"""Frame time of the map screen and start-up time of the window (dummy video driver).

Frames: 1280×800, the whole theatre and every unit shown (fog off), while the view pans (mouse
drag every frame) and zooms (one wheel step every 8 frames, from the whole theatre to the closest
zoom and back). Each frame is the real `App.step` (events, update, draw) plus `display.flip`.
The cached map levels are built before timing (their one-off cost is printed separately).
Start: from launching a fresh Python process to the first drawn menu.

Targets (game-window issue): median <= 8 ms, 99th percentile <= 16 ms, start <= 1.5 s.
Run from the repository root: `python bench/frame.py [--frames N]`.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")

import numpy as np  # noqa: E402
import pygame  # noqa: E402

START_PROBE = """
import os, sys
sys.path.insert(0, {root!r})
from game.cli import _load_world
from game.paths import DEFAULT_SCENARIO
from game.ui.app import App
app = App(_load_world(str(DEFAULT_SCENARIO)))
app.step(0.016, [])
import pygame
pygame.display.flip()
print("drawn", flush=True)
"""


def start_time() -> float:
    """Seconds from spawning a fresh interpreter to the first menu frame drawn."""
    code = START_PROBE.format(root=str(ROOT))
    t0 = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True)
    for line in proc.stdout:
        if line.startswith("drawn"):
            elapsed = time.perf_counter() - t0
            break
    else:
        raise RuntimeError("the start probe never drew the menu")
    proc.wait()
    return elapsed


def frames(n: int) -> tuple[list[float], list[float], dict[float, float]]:
    from game.cli import _load_world
    from game.paths import DEFAULT_SCENARIO
    from game.ui.app import App
    from game.ui.layers import LEVELS

    app = App(_load_world(str(DEFAULT_SCENARIO)), seed=1)
    app.new_campaign(app.world.side_ids[0], "hot-seat")
    scene = app.stack.top
    scene.session.reveal = True
    scene.camera.fit()
    app.step(0.016, [])
    build = {}
    for lv in LEVELS:  # one-off cost of each cached level, then warm
        t0 = time.perf_counter()
        scene.layers.surface(lv)
        build[lv] = time.perf_counter() - t0
    cam = scene.camera
    vx, vy, vw, vh = cam.view
    centre = (vx + vw // 2, vy + vh // 2)
    times, whole = [], []
    direction = 1
    pan = np.array([1.0, 0.6])
    E = pygame.event.Event
    app.step(0.016, [E(pygame.MOUSEBUTTONDOWN, pos=centre, button=1)])
    pos = np.array(centre, dtype=float)
    for i in range(n):
        events = []
        step = pan * 9
        nxt = pos + step
        if not (vx + 50 < nxt[0] < vx + vw - 50 and vy + 50 < nxt[1] < vy + vh - 50):
            pan = -pan
            step = pan * 9
            nxt = pos + step
        events.append(
            E(
                pygame.MOUSEMOTION,
                pos=tuple(int(v) for v in nxt),
                rel=tuple(int(v) for v in step),
                buttons=(1, 0, 0),
            )
        )
        pos = nxt
        if i % 8 == 0:
            if cam.zoom >= 9.99:
                direction = -1
            elif cam.zoom <= cam.min_zoom + 1e-9:
                direction = 1
            events.append(E(pygame.MOUSEWHEEL, x=0, y=direction, flipped=False))
        t0 = time.perf_counter()
        app.step(1 / 60, events)
        pygame.display.flip()
        dt = time.perf_counter() - t0
        times.append(dt)
        x0, y0, x1, y1 = cam.world_rect()
        if x0 <= 0 and y0 <= 0 and x1 >= scene.layers.world_w and y1 >= scene.layers.world_h:
            whole.append(dt)
    pygame.quit()
    return times, whole, build


def _ms(values: list[float], q: float) -> float:
    return float(np.percentile(np.array(values) * 1000, q))


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--frames", type=int, default=1200)
    args = ap.parse_args()
    starts = [start_time() for _ in range(3)]
    times, whole, build = frames(args.frames)
    print(
        f"frame 1280x800, pan+zoom, all units: median {_ms(times, 50):.2f} ms, "
        f"p99 {_ms(times, 99):.2f} ms, max {max(times) * 1000:.1f} ms over {len(times)} frames "
        f"(targets: median <= 8 ms, p99 <= 16 ms)"
    )
    if whole:
        print(
            f"  of which whole theatre in view: median {_ms(whole, 50):.2f} ms, "
            f"p99 {_ms(whole, 99):.2f} ms over {len(whole)} frames"
        )
    print(
        "  one-off build of the cached map levels: "
        + ", ".join(f"{lv:g} px/km {t * 1000:.0f} ms" for lv, t in build.items())
    )
    print(
        f"start to first drawn menu: median {statistics.median(starts):.2f} s "
        f"(runs {', '.join(f'{s:.2f}' for s in starts)}; target <= 1.5 s)"
    )


if __name__ == "__main__":
    main()
