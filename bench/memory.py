"""Peak memory of a game in play (issue 6): target <= 300 MB.

Opens the real window under the dummy video driver, starts a campaign from the menu's own entry
point, renders frames while panning and zooming over the whole theatre, plays whole turns, and
reads the process's peak resident set size (`ru_maxrss`, which counts NumPy, SDL and every
surface, not only Python objects). Run from the repository root: `python bench/memory.py`.
"""

from __future__ import annotations

import os
import resource
import sys
import time
from pathlib import Path

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

TARGET_MB = 300.0
TURNS = 12
FRAMES = 600


def rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0  # KiB on Linux


def main() -> None:
    import pygame

    from game.cli import _load_world
    from game.paths import DEFAULT_SCENARIO
    from game.ui.app import App

    base = rss_mb()
    t0 = time.perf_counter()
    app = App(_load_world(str(DEFAULT_SCENARIO)), seed=1)
    app.step(0.016, [])
    app.new_campaign(app.world.side_ids[0], "hot-seat")
    scene = app.stack.top
    scene.session.reveal = True
    app.step(0.016, [])
    after_start = rss_mb()
    cam = scene.camera
    vx, vy, vw, vh = cam.view
    centre = (vx + vw // 2, vy + vh // 2)
    E = pygame.event.Event
    for i in range(FRAMES):
        events = [E(pygame.MOUSEMOTION, pos=centre, rel=(0, 0), buttons=(0, 0, 0))]
        if i % 10 == 0:  # from the whole theatre to the closest zoom and back, at the centre
            events.append(
                E(pygame.MOUSEWHEEL, x=0, y=1 if (i // 100) % 2 == 0 else -1, flipped=False)
            )
        cam.pan_pixels(5.0 if (i // 150) % 2 else -5.0, 2.0)
        app.step(1 / 60, events)
        pygame.display.flip()
        if i % (FRAMES // TURNS) == 0 and not scene.session.game.over:
            scene.session.end_turn()
    peak = rss_mb()
    print(
        f"peak RSS: interpreter and imports {base:.0f} MB, after opening the map {after_start:.0f} MB, "
        f"after {FRAMES} frames and {TURNS} phases {peak:.0f} MB ({time.perf_counter() - t0:.1f} s)"
    )
    print(f"target <= {TARGET_MB:.0f} MB: {'met' if peak <= TARGET_MB else 'NOT met'}")


if __name__ == "__main__":
    main()
