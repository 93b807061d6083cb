"""Replay files: a save plus what it takes to say *what* changed when the scenario has.

A save (`game/saves.py`) holds the scenario's fingerprint, the seed and the command log, which is
enough to re-run a game and to notice that the scenario changed — but not to say where. A replay
file wraps the same save with the fingerprint of each file the scenario was built from (the base
file and every mod) and a digest of each key of the scenario (entries of lists by id, down to the
leaves: `units.r_103rd_brigade.strength`, `rules.combat.noise_sigma`), so a replay of a game made
with an older scenario can name the files and the keys that differ.

`read_game_file` reads either kind (a plain save gives no key digests) and raises `SaveError` with
a plain message for anything damaged, never a traceback.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from game import saves
from game.engine.game import Game
from game.i18n import _
from game.scenario.schema import Scenario

FORMAT = "mongolia1921-replay"
VERSION = 1
DIGEST_CHARS = 16  # 64 bits of SHA-256 per key: plenty to tell versions apart
ID_KEYS = ("id", "commander")  # what list entries are known by
MAX_DEPTH = 6  # deeper values are digested whole with their parent


@dataclass
class GameFile:
    """A save or a replay file, read and checked."""

    path: str
    save: saves.SaveFile
    files: list[dict[str, str]] = field(default_factory=list)  # {"path", "sha256"}
    keys: dict[str, str] = field(default_factory=dict)  # dotted key → digest
    kind: str = "save"  # "save" or "replay"


# ------------------------------------------------------------------------------ digests


def _digest(value: Any) -> str:
    text = json.dumps(value, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:DIGEST_CHARS]


def _walk(value: Any, path: str, depth: int, out: dict[str, str]) -> None:
    if depth >= MAX_DEPTH:
        out[path] = _digest(value)
        return
    if isinstance(value, dict) and value:
        for k, v in value.items():
            _walk(v, f"{path}.{k}" if path else str(k), depth + 1, out)
        return
    if isinstance(value, list) and value and all(isinstance(v, dict) for v in value):
        key = next((k for k in ID_KEYS if all(k in v for v in value)), None)
        if key is not None:
            for v in value:
                _walk(v, f"{path}.{v[key]}", depth + 1, out)
            return
    out[path] = _digest(value)


def key_digests(scenario: Scenario) -> dict[str, str]:
    """Dotted key → digest of its value, for every key of the scenario (entries by id)."""
    out: dict[str, str] = {}
    _walk(scenario.model_dump(mode="json", by_alias=True), "", 0, out)
    return out


def diff_keys(old: dict[str, str], new: dict[str, str]) -> dict[str, list[str]]:
    """Keys changed, added and removed between two digest tables."""
    return {
        "changed": sorted(k for k in old.keys() & new.keys() if old[k] != new[k]),
        "added": sorted(new.keys() - old.keys()),
        "removed": sorted(old.keys() - new.keys()),
    }


def file_digests(scenario_path: str | Path, mods=()) -> list[dict[str, str]]:
    """The SHA-256 of the scenario file and of each mod's file, in the order applied."""
    from game.scenario.mods import resolve_mod

    paths = [Path(scenario_path)]
    for m in mods:
        found = resolve_mod(m)
        paths.append(found if found is not None else Path(str(m)))
    out = []
    for p in paths:
        try:
            sha = hashlib.sha256(p.read_bytes()).hexdigest()
        except OSError:
            sha = ""
        out.append({"path": str(p), "sha256": sha})
    return out


# ------------------------------------------------------------------------------ writing


def make_replay(
    game: Game, fingerprint: str, scenario_path: str | Path, mods=(), name: str = "", **meta
) -> dict:
    """The replay file's content for a game: its save, the file digests and the key digests."""
    save = saves.to_save(
        game, fingerprint, name=name, scenario_path=str(scenario_path), mods=mods, **meta
    )
    return {
        "format": FORMAT,
        "version": VERSION,
        "save": save,
        "files": file_digests(scenario_path, mods),
        "keys": key_digests(game.world.canonical),
    }


def write_replay(
    path: str | Path,
    game: Game,
    fingerprint: str,
    scenario_path: str | Path,
    mods=(),
    name: str = "",
    **meta,
) -> None:
    """Write a replay file atomically (as saves are written)."""
    doc = make_replay(game, fingerprint, scenario_path, mods, name, **meta)
    saves.write_atomic(Path(path), json.dumps(doc, separators=(",", ":"), ensure_ascii=False))


# ------------------------------------------------------------------------------ reading


def read_game_file(path: str | Path) -> GameFile:
    """A save or replay file, checked; `SaveError` with the reason when it cannot be used."""
    path = Path(path)
    try:
        head = path.read_bytes()[: saves.MAX_BYTES + 1]
    except OSError as exc:
        raise saves.SaveError(
            _("{path}: cannot read the file ({error})").format(path=path, error=exc.strerror or exc)
        ) from None
    if len(head) > saves.MAX_BYTES:
        raise saves.SaveError(
            _("{path}: the file is too large to be a save or a replay").format(path=path)
        )
    try:
        data = json.loads(head.decode("utf-8"))
    except UnicodeDecodeError:
        raise saves.SaveError(
            _("{path}: not a save or replay (the file is not text)").format(path=path)
        ) from None
    except json.JSONDecodeError as exc:
        raise saves.SaveError(
            _("{path}:{line}:{col}: the file is damaged or truncated ({error})").format(
                path=path, line=exc.lineno, col=exc.colno, error=exc.msg
            )
        ) from None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        return GameFile(str(path), saves.read_save(path))
    version = data.get("version")
    if not isinstance(version, int) or version > VERSION or version < 1:
        raise saves.SaveError(
            _("{path}: replay format {version} is not one this game reads (up to {latest})").format(
                path=path, version=repr(version), latest=VERSION
            )
        )
    inner, files, keys = data.get("save"), data.get("files"), data.get("keys")
    if not isinstance(inner, dict) or inner.get("format") != saves.FORMAT:
        raise saves.SaveError(
            _("{path}: the replay holds no save (damaged or edited)").format(path=path)
        )
    files_ok = isinstance(files, list) and all(
        isinstance(f, dict) and isinstance(f.get("path"), str) and isinstance(f.get("sha256"), str)
        for f in files
    )
    keys_ok = isinstance(keys, dict) and all(
        isinstance(k, str) and isinstance(v, str) for k, v in keys.items()
    )
    if not files_ok or not keys_ok:
        raise saves.SaveError(
            _("{path}: the replay's scenario digests are damaged").format(path=path)
        )
    try:
        save = saves.SaveFile.model_validate(inner)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        raise saves.SaveError(
            _("{path}: the replay's save has been damaged or edited: {where}: {error}").format(
                path=path, where=where, error=first["msg"]
            )
        ) from None
    return GameFile(str(path), save, files, keys, "replay")
