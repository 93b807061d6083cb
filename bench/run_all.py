"""Run every benchmark in this folder and print all their figures: `python bench/run_all.py`."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


def main() -> int:
    env = dict(os.environ, SDL_VIDEODRIVER="dummy", SDL_AUDIODRIVER="dummy")
    failed = 0
    for script in sorted(HERE.glob("*.py")):
        if script.name == Path(__file__).name:
            continue
        print(f"== {script.name}", flush=True)
        t0 = time.perf_counter()
        done = subprocess.run([sys.executable, str(script)], cwd=HERE.parent, env=env)
        failed += done.returncode != 0
        print(f"   ({time.perf_counter() - t0:.1f} s)\n", flush=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
