"""Start-up time: from launching `python main.py play` to the first menu frame drawn.

Each run is a fresh interpreter going through the real path (main.py → the command line → load
and validate the scenario → compile the world → settings → window → menu → first frame), with
the loop stopped after that frame; the time is measured from outside, so interpreter start-up
and every import count. A second, in-process pass splits the time into its stages.

Target (game-window issue): <= 1.5 s, in every language (French adds reading its catalogue and
translating the scenario's texts). Run from the repository root:
`python bench/startup.py [--runs N] [--langs en,fr]`.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGET = 1.5

CHILD = """
import sys
sys.path.insert(0, {root!r})
import pygame
from game.ui import app as app_module

def one_frame(self):
    self.step(0.016)
    pygame.display.flip()
    print("drawn", flush=True)
    self.running = False

app_module.App.loop = one_frame
from game.cli import main
sys.exit(main(["--lang", {lang!r}, "play"]))
"""


def one_start(env: dict, lang: str = "en") -> float:
    t0 = time.perf_counter()
    proc = subprocess.Popen(
        [sys.executable, "-c", CHILD.format(root=str(ROOT), lang=lang)],
        stdout=subprocess.PIPE,
        text=True,
        env=env,
        cwd=ROOT,
    )
    elapsed = None
    for line in proc.stdout:
        if line.startswith("drawn"):
            elapsed = time.perf_counter() - t0
    proc.wait()
    if elapsed is None:
        raise RuntimeError("the game never drew its menu")
    return elapsed


def stages() -> list[tuple[str, float]]:
    """The same path in this process, stage by stage (imports already warm for numpy)."""
    out = []
    t = time.perf_counter()
    import pygame

    from game.ui import app as app_module

    out.append(("import pygame, pygame_gui and the game", time.perf_counter() - t))
    from game.cli import _load_world
    from game.paths import DEFAULT_SCENARIO

    t = time.perf_counter()
    world = _load_world(str(DEFAULT_SCENARIO))
    out.append(("load, validate and compile the scenario", time.perf_counter() - t))
    t = time.perf_counter()
    from game.ui.settings import Settings

    app = app_module.App(world, settings=Settings.load())
    out.append(("window, theme and menu widgets", time.perf_counter() - t))
    t = time.perf_counter()
    app.step(0.016)
    pygame.display.flip()
    out.append(("first frame", time.perf_counter() - t))
    pygame.quit()
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--langs", default="en,fr", help="languages to time, comma-separated")
    args = ap.parse_args()
    langs = [x for x in args.langs.split(",") if x]
    with tempfile.TemporaryDirectory() as tmp:  # default settings, no player files
        env = dict(os.environ, MONGOLIA1921_DATA_DIR=tmp, PYGAME_HIDE_SUPPORT_PROMPT="1")
        env.setdefault("SDL_VIDEODRIVER", "dummy")
        env.setdefault("SDL_AUDIODRIVER", "dummy")
        os.environ.update(
            {k: env[k] for k in ("MONGOLIA1921_DATA_DIR", "SDL_VIDEODRIVER", "SDL_AUDIODRIVER")}
        )
        os.environ["PYGAME_HIDE_SUPPORT_PROMPT"] = "1"
        by_lang = {lang: [one_start(env, lang) for _ in range(args.runs)] for lang in langs}
        split = stages()
    for lang, times in by_lang.items():
        med = statistics.median(times)
        print(
            f"start to first drawn menu ({lang}): median {med:.2f} s, best {min(times):.2f} s, "
            f"worst {max(times):.2f} s over {len(times)} runs (target <= {TARGET} s: "
            f"{'met' if med <= TARGET else 'MISSED'})"
        )
    for name, secs in split:
        print(f"  {name}: {secs * 1000:.0f} ms")


if __name__ == "__main__":
    main()
