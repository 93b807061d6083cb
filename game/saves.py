"""Saved games: a versioned JSON file written atomically, read defensively.

A save holds what reproduces the game — the scenario's fingerprint, the seed and the command log —
plus the hash after every turn and a snapshot of the current state, so loading is instant and a
replay can check itself turn by turn. Saves are untrusted input: a truncated, garbled, hand-edited
or future-version file gives a `SaveError` with a clear message, never a traceback, and writing
goes through a temporary file, fsync and rename, so a crash or a full disk leaves the old save.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import tempfile
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from game import __version__
from game.engine.commands import command_from_dict, command_to_dict
from game.engine.game import Game
from game.engine.state import GameState
from game.engine.world import World
from game.i18n import _, format_number

FORMAT = "mongolia1921-save"
VERSION = 1
MAX_BYTES = 50 * 1024 * 1024
AUTOSAVES_KEPT = 5


class SaveError(Exception):
    """A save that cannot be read or does not fit the scenario, with the reason (in the language
    in use: the load screen shows it)."""


def _at(path: Path, message: str) -> str:
    """`path: message`, the file first as every located message writes it."""
    return f"{path}: {message}"


class ScenarioRef(BaseModel):
    model_config = ConfigDict(extra="forbid")
    id: str
    fingerprint: str = Field(
        description="SHA-256 of the scenario (and mods) the game was played on."
    )
    path: str = ""
    mods: list[str] = Field(default_factory=list)


class SaveFile(BaseModel):
    """The on-disk shape of a save (version 1)."""

    model_config = ConfigDict(extra="forbid")
    format: str
    version: int
    name: str = ""
    created: str
    game_version: str
    scenario: ScenarioRef
    seed: int
    players: dict[str, str] = Field(
        default_factory=dict,
        description="Who played each side (side id → human, ai, random); empty in older saves.",
    )
    start: dict[str, Any] = Field(
        default_factory=dict,
        description="How the game began when not at the scenario's start, e.g. "
        '{"kind": "history", "date": "1921-07-06"}; empty in older saves.',
    )
    commands: list[dict[str, Any]]
    turn_hashes: list[str]
    state_hash: str
    snapshot: dict[str, Any]


def to_save(
    game: Game, fingerprint: str, name: str = "", scenario_path: str = "", mods=(), players=None
) -> dict:
    return {
        "format": FORMAT,
        "version": VERSION,
        "name": name,
        "created": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "game_version": __version__,
        "scenario": {
            "id": game.world.scenario.meta.id,
            "fingerprint": fingerprint,
            "path": str(scenario_path),
            "mods": [str(m) for m in mods],
        },
        "seed": game.seed,
        "players": dict(players or {}),
        "start": dict(game.start),
        "commands": [command_to_dict(c) for c in game.log],
        "turn_hashes": list(game.turn_hashes),
        "state_hash": game.state.state_hash(),
        "snapshot": game.state.to_dict(),
    }


def write_atomic(path: Path, text: str) -> None:
    """Write `text` so that `path` holds either the old content or the new, never a mix."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    try:  # make the rename itself durable where the platform allows it
        dfd = os.open(path.parent, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(dfd)
    except OSError:
        pass
    finally:
        os.close(dfd)


def save_game(path: Path, game: Game, fingerprint: str, **meta) -> None:
    write_atomic(Path(path), json.dumps(to_save(game, fingerprint, **meta), separators=(",", ":")))


def read_save(path: Path) -> SaveFile:
    """Parse and check a save file's shape; raises SaveError with the reason."""
    path = Path(path)
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise SaveError(_cannot_read(path, exc)) from None
    if size > MAX_BYTES:
        raise SaveError(
            _at(
                path,
                _("the file is too large to be a save ({size} bytes)").format(
                    size=format_number(size)
                ),
            )
        )
    try:
        data = json.loads(path.read_bytes().decode("utf-8"))
    except UnicodeDecodeError:
        raise SaveError(_at(path, _("not a save (the file is not text)"))) from None
    except json.JSONDecodeError as exc:
        damaged = _("the save is damaged or truncated ({error})").format(error=exc.msg)
        raise SaveError(_at(f"{path}:{exc.lineno}:{exc.colno}", damaged)) from None
    except OSError as exc:
        raise SaveError(_cannot_read(path, exc)) from None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise SaveError(_at(path, _("not a Mongolia 1921 save")))
    version = data.get("version")
    if not isinstance(version, int) or version > VERSION:
        newer = _(
            "saved by a newer version of the game (format {version}; this game reads up to {known})"
        ).format(version=repr(version), known=VERSION)
        raise SaveError(_at(path, newer))
    if version < 1:
        old = _("save format {version} is no longer supported").format(version=version)
        raise SaveError(_at(path, old))
    try:
        return SaveFile.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        edited = _("the save has been damaged or edited: {where}: {error}").format(
            where=where, error=first["msg"]
        )
        raise SaveError(_at(path, edited)) from None


def _cannot_read(path: Path, exc: OSError) -> str:
    why = _("cannot read the save ({error})").format(error=exc.strerror or exc)
    return _at(path, why)


def new_game(world: World, seed: int, start: dict | None = None) -> Game:
    """The game as it stood before its first command: the scenario's start, or (Take command)
    the historical positions of a date. SaveError for a start this version cannot rebuild."""
    if not start:
        return Game(world, seed)
    if start.get("kind") == "history":
        from game.history.model import NoHistory, parse_date
        from game.history.takecommand import take_command

        try:
            return take_command(world, parse_date(str(start.get("date"))), seed)
        except (NoHistory, ValueError) as exc:
            raise SaveError(
                _("the game began from history on {date}: {error}").format(
                    date=start.get("date"), error=exc
                )
            ) from None
    raise SaveError(
        _("the game began in a way this version does not know: {start}").format(start=repr(start))
    )


def restore(save: SaveFile, world: World, fingerprint: str, verify: bool = False) -> Game:
    """The game of a save: from its snapshot, or (`verify`) by replaying every command and
    checking each turn's hash. Raises SaveError when the scenario differs or a hash diverges."""
    if save.scenario.fingerprint != fingerprint:
        raise SaveError(
            _(
                "the save was made with a different version of scenario {scenario} "
                "(its files have changed since)"
            ).format(scenario=repr(save.scenario.id))
        )
    if verify:
        return replay(save, world)
    game = new_game(world, save.seed, save.start)
    try:
        game.state = GameState.from_dict(save.snapshot)
        game.log = [command_from_dict(c) for c in save.commands]
    except (KeyError, TypeError, ValueError) as exc:
        raise SaveError(_("the save's snapshot is damaged ({error})").format(error=exc)) from None
    if game.state.state_hash() != save.state_hash:
        raise SaveError(
            _("the save's snapshot does not match its recorded hash (damaged or edited)")
        )
    game.turn_hashes = list(save.turn_hashes)
    return game


def replay(save: SaveFile, world: World) -> Game:
    """Re-run a save's commands, checking the hash after every turn."""
    game = new_game(world, save.seed, save.start)
    for i, data in enumerate(save.commands):
        try:
            cmd = command_from_dict(data)
        except ValueError as exc:
            raise SaveError(
                _("command {n} of the save is damaged: {error}").format(n=i + 1, error=exc)
            ) from None
        turn = game.state.turn
        out = game.submit(cmd)
        if not out.ok:
            raise SaveError(
                _("command {n} ({kind}) on turn {turn} is refused: {reason}").format(
                    n=i + 1, kind=data.get("kind"), turn=turn, reason=out.reason
                )
            )
        n = len(game.turn_hashes)
        ended_turn = game.state.turn != turn and n <= len(save.turn_hashes)
        if ended_turn and game.turn_hashes[-1] != save.turn_hashes[n - 1]:
            raise SaveError(_("the replay diverges from the save on turn {turn}").format(turn=turn))
    if game.state.state_hash() != save.state_hash:
        raise SaveError(_("the replay ends in a different state from the save"))
    return game


def autosave(
    folder: Path, game: Game, fingerprint: str, keep: int = AUTOSAVES_KEPT, **meta
) -> Path:
    """Write `autosave-1.json`, shifting older autosaves down and keeping the last `keep`."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    oldest = folder / f"autosave-{keep}.json"
    oldest.unlink(missing_ok=True)
    for i in range(keep - 1, 0, -1):
        src = folder / f"autosave-{i}.json"
        if src.exists():
            os.replace(src, folder / f"autosave-{i + 1}.json")
    path = folder / "autosave-1.json"
    save_game(path, game, fingerprint, name=f"Autosave, turn {game.state.turn}", **meta)
    return path
