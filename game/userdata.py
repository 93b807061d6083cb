"""The player's own folder (saves, autosaves, settings): one answer for every screen.

The folder comes from `platformdirs` (e.g. ~/.local/share/mongolia1921 on Linux), the same one
the mods folder lives in, unless `MONGOLIA1921_DATA_DIR` names another (tests, portable copies).
Named save slots are files in `saves/`, autosaves rotate in `saves/autosave/`. Listing never
raises: a damaged file is listed with the reason it cannot be loaded, so a menu can show it greyed
out instead of crashing or hiding it.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from dataclasses import dataclass
from pathlib import Path

APP_NAME = "mongolia1921"  # the same name `game.scenario.mods.user_mods_dir` uses
ENV_VAR = "MONGOLIA1921_DATA_DIR"
SAVE_SUFFIX = ".json"
MAX_NAME = 60  # characters of a slot name kept in its file name


def data_dir() -> Path:
    """The player's data folder (not created here)."""
    override = os.environ.get(ENV_VAR)
    if override:
        return Path(override)
    import platformdirs

    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def saves_dir() -> Path:
    return data_dir() / "saves"


def autosave_dir() -> Path:
    return saves_dir() / "autosave"


def replays_dir() -> Path:
    """Replay files of finished games (`python main.py replay --game FILE` plays them back)."""
    return data_dir() / "replays"


def settings_path() -> Path:
    """Where the settings screen may keep its JSON (one file beside the saves)."""
    return data_dir() / "settings.json"


def slug(name: str) -> str:
    """A file name from a slot name: lower case, letters, digits and dashes only."""
    s = re.sub(r"[^\w]+", "-", name.strip().lower(), flags=re.UNICODE).strip("-_")
    return s[:MAX_NAME].strip("-_") or "save"


def slot_path(name: str) -> Path:
    return saves_dir() / f"{slug(name)}{SAVE_SUFFIX}"


@dataclass(frozen=True)
class SaveEntry:
    """One file of the saves folder as a load list shows it."""

    path: Path
    name: str
    autosave: bool
    modified: dt.datetime
    scenario: str = ""  # scenario id
    turn: int = 0
    date: str = ""  # ISO date of that turn, when the scenario is known
    error: str = ""  # why it cannot be loaded; "" when it reads fine

    @property
    def ok(self) -> bool:
        return not self.error

    def label(self) -> str:
        """`name — turn 3 · 1921-05-07 · saved 12 Jun 14:02`, or the reason it is unreadable."""
        when = f"saved {self.modified:%d %b %H:%M}"
        if self.error:
            return f"{self.name} — cannot be loaded: {self.error}"
        parts = [f"turn {self.turn}"] + ([self.date] if self.date else []) + [when]
        return f"{self.name} — " + " · ".join(parts)


def _entry(path: Path, autosave: bool, world=None, replay: bool = False) -> SaveEntry:
    from game.saves import SaveError, read_save

    if replay:  # a replay file wraps a save with the digests of the files it was played on
        from game.history.replayfile import read_game_file

        def read_save(p):  # noqa: F811  (the same reading, through the replay's wrapper)
            return read_game_file(p).save

    try:
        modified = dt.datetime.fromtimestamp(path.stat().st_mtime)
    except OSError:
        modified = dt.datetime.fromtimestamp(0)
    try:
        save = read_save(path)
    except SaveError as exc:
        reason = str(exc)
        prefix = f"{path}: "
        reason = reason[len(prefix) :] if reason.startswith(prefix) else reason
        return SaveEntry(path, path.stem, autosave, modified, error=reason)
    turn = save.snapshot.get("turn", 0)
    turn = turn if isinstance(turn, int) else 0
    date = ""
    if world is not None and save.scenario.id == world.scenario.meta.id and turn >= 1:
        try:
            date = world.date_of(turn).isoformat()
        except Exception:  # a turn past the scenario's end: the date is only decoration
            date = ""
    return SaveEntry(path, save.name or path.stem, autosave, modified, save.scenario.id, turn, date)


def list_saves(
    include_autosaves: bool = True, world=None, include_replays: bool = False
) -> list[SaveEntry]:
    """Named saves newest first, then the autosaves, then (`include_replays`) the replays of
    finished games, each newest first. Never raises.

    With `world`, entries get the date of their turn when they belong to its scenario.
    """
    out: list[SaveEntry] = []
    groups = [(saves_dir(), False)] + ([(autosave_dir(), True)] if include_autosaves else [])
    groups += [(replays_dir(), "replay")] if include_replays else []
    for folder, auto in groups:
        try:
            files = [p for p in folder.iterdir() if p.is_file() and p.suffix == SAVE_SUFFIX]
        except OSError:
            continue
        files = [p for p in files if not p.name.startswith(".")]  # temporaries of atomic writes
        entries = [_entry(p, auto is True, world, replay=auto == "replay") for p in files]
        out += sorted(entries, key=lambda e: e.modified, reverse=True)
    return out


def write_slot(name: str, game, fingerprint: str, **meta) -> Path:
    """Save `game` in the named slot (replacing a save of the same name); returns its file."""
    from game.saves import save_game

    path = slot_path(name)
    save_game(path, game, fingerprint, name=name.strip() or path.stem, **meta)
    return path


def write_autosave(game, fingerprint: str, **meta) -> Path:
    """The autosave of the current turn, rotating the older ones (`saves.autosave`)."""
    from game.saves import autosave

    return autosave(autosave_dir(), game, fingerprint, **meta)


def write_replay(game, fingerprint: str, scenario_path, mods=(), **meta) -> Path:
    """Keep a finished game as a replay file (seed, scenario and mod digests, command log, hashes);
    the name holds the scenario, the final date and the time it was written, so none is replaced."""
    import datetime as dt

    from game.history.replayfile import write_replay as write

    world = game.world
    when = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    final = game.state.date(world).isoformat()
    path = replays_dir() / f"{slug(world.scenario.meta.id)}-{final}-{when}{SAVE_SUFFIX}"
    path.parent.mkdir(parents=True, exist_ok=True)
    name = f"{world.scenario.meta.title}, ended {final}"
    write(path, game, fingerprint, scenario_path, mods, name=name, **meta)
    return path


def list_replays() -> list[Path]:
    """Replay files, newest first. Never raises."""
    try:
        files = [p for p in replays_dir().iterdir() if p.suffix == SAVE_SUFFIX]
    except OSError:
        return []
    files = [p for p in files if p.is_file() and not p.name.startswith(".")]
    return sorted(files, key=lambda p: p.stat().st_mtime, reverse=True)
