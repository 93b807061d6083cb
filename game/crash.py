"""Crash reports: what the player can send when the game meets an error it did not expect.

A report is a plain-text log in `crashes/` of the player's data folder: when, the game's and the
libraries' versions, the scenario and its fingerprint, the game's seed and turn, the screens that
were open, then the traceback. The game in progress is saved beside the other saves as an
autosave, so nothing is lost. Writing a report never raises: a crash while reporting a crash
must not be the thing that kills the window. No pygame here.
"""

from __future__ import annotations

import datetime as dt
import platform
import sys
import traceback
from pathlib import Path
from typing import Any

from game import __version__

REPORTS_KEPT = 20  # older reports are removed, so a crash loop cannot fill the disk


def crash_dir() -> Path:
    from game import userdata

    return userdata.data_dir() / "crashes"


def _versions() -> dict[str, str]:
    out = {"game": __version__, "python": sys.version.split()[0], "platform": platform.platform()}
    for name in ("pygame", "pygame_gui", "numpy", "pydantic"):
        module = sys.modules.get(name)
        if module is not None:
            out[name] = str(getattr(module, "__version__", getattr(module, "ver", "?")))
    return out


def format_report(exc: BaseException, context: dict[str, Any] | None = None) -> str:
    lines = [
        "Mongolia 1921 crash report",
        f"time: {dt.datetime.now().isoformat(timespec='seconds')}",
    ]
    lines += [f"{k}: {v}" for k, v in _versions().items()]
    for key, value in (context or {}).items():
        if isinstance(value, list | tuple):
            lines.append(f"{key}:")
            lines += [f"  {v}" for v in value]
        else:
            lines.append(f"{key}: {value}")
    lines += ["", "traceback:"]
    lines += traceback.format_exception(type(exc), exc, exc.__traceback__)
    return "\n".join(line.rstrip("\n") for line in lines) + "\n"


def write_report(exc: BaseException, context: dict[str, Any] | None = None) -> Path | None:
    """Write a crash report; its path, or None when even that failed."""
    try:
        text = format_report(exc, context)
    except Exception:  # a context value that cannot be shown: keep the traceback at least
        text = "".join(traceback.format_exception(type(exc), exc, exc.__traceback__))
    try:
        folder = crash_dir()
        folder.mkdir(parents=True, exist_ok=True)
        stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S-%f")
        path = folder / f"crash-{stamp}.log"
        from game.saves import write_atomic

        write_atomic(path, text)
        old = sorted(folder.glob("crash-*.log"))[:-REPORTS_KEPT]
        for p in old:
            p.unlink(missing_ok=True)
        return path
    except Exception:
        return None


def save_game(game, fingerprint: str, **meta) -> Path | None:
    """An autosave of the game in progress (rotating with the others); None when it failed."""
    if game is None:
        return None
    from game import userdata

    for extra in (meta, {k: v for k, v in meta.items() if k != "players"}):
        try:
            return userdata.write_autosave(game, fingerprint, **extra)
        except TypeError:  # a save format without that field: try without it
            continue
        except Exception:
            return None
    return None
