"""Replays of played games: re-run the engine on a save's commands, check every turn's hash, and
keep snapshots so a screen can seek to any turn or command and continue from there.

A replay is the scenario, the seed and the command list (OpenSpiel's playthroughs, boardgame.io's
log): the engine re-runs it and must arrive at the state hash recorded after each turn. When the
scenario has changed since the game was played, `scenario_changes` says which files and keys
differ (replay files carry per-key digests; plain saves only say that the scenario differs); when
a hash differs, `divergence` says on which turn, and the replay stops being trusted from there —
the states up to that point are still shown.
"""

from __future__ import annotations

import bisect
import contextlib
import datetime as dt
import hashlib
from dataclasses import dataclass, field
from pathlib import Path

from game import saves
from game.engine import rules
from game.engine.commands import Command, Event, command_from_dict
from game.engine.game import Game
from game.engine.state import GameState
from game.engine.world import World
from game.history.replayfile import GameFile, diff_keys, file_digests, key_digests
from game.i18n import _, ngettext

KEYFRAME_EVERY = 16  # commands between stored states: a seek re-applies at most this many
QUIET_KINDS = frozenset({"move", "phase", "attrition", "supply", "retreat", "advance", "undo"})


@dataclass(frozen=True)
class Divergence:
    """Where a replay stops agreeing with the recorded game."""

    command: int  # index of the command (0-based) after which it shows
    turn: int
    message: str


@dataclass(frozen=True)
class ScenarioChanges:
    """How the scenario today differs from the one the game was played with."""

    files: list[str]  # files whose content changed (or that are missing)
    changed: list[str]  # dotted keys
    added: list[str]
    removed: list[str]
    keys_known: bool  # False for plain saves, which carry no key digests

    def describe(self, limit: int = 12) -> str:
        """What differs, in a sentence for the replay screen and the command line (which speaks
        English unless --lang says otherwise)."""
        parts = []
        if self.files:
            parts.append(_("changed files: {files}").format(files=", ".join(self.files)))
        if not self.keys_known:
            parts.append(
                _(
                    "this save carries no key digests, so the changed keys cannot be named "
                    "(replay files written by game.history.replayfile can)"
                )
            )
        for label, keys in (
            (_("changed keys: {keys}"), self.changed),
            (_("added keys: {keys}"), self.added),
            (_("removed keys: {keys}"), self.removed),
        ):
            if keys:
                shown = ", ".join(keys[:limit])
                if len(keys) > limit:
                    n = len(keys) - limit
                    shown = ngettext("{keys} … and {n} more", "{keys} … and {n} more", n).format(
                        keys=shown, n=n
                    )
                parts.append(label.format(keys=shown))
        return _("the scenario differs from the one the game was played with — {what}").format(
            what="; ".join(parts)
        )

    def to_json(self) -> dict:
        return {
            "files": self.files,
            "changed": self.changed,
            "added": self.added,
            "removed": self.removed,
            "keys_known": self.keys_known,
        }


def fingerprints(world: World, scenario_path: str | Path | None, mods=()) -> set[str]:
    """The fingerprints a save of this scenario may carry: the file's hash without mods, the
    merged scenario's hash (as written to a file, and as a JSON dump) with them."""
    from game.scenario.loader import fingerprint
    from game.scenario.mods import merged_file

    out = set()
    if scenario_path is not None and not mods:
        with contextlib.suppress(OSError):
            out.add(fingerprint(scenario_path))
    out.add(fingerprint(merged_file(world.canonical)))
    dump = world.canonical.model_dump_json(by_alias=True)
    out.add(hashlib.sha256(dump.encode("utf-8")).hexdigest())
    return out


def scenario_changes(
    world: World, file: GameFile, scenario_path: str | Path | None, mods=()
) -> ScenarioChanges | None:
    """None when the game was played on this very scenario, else what differs."""
    if file.save.scenario.fingerprint in fingerprints(world, scenario_path, mods):
        return None
    files: list[str] = []
    if file.files:
        now = {f["path"]: f["sha256"] for f in file_digests(scenario_path or "", mods)}
        for f in file.files:
            if now.get(f["path"]) != f["sha256"]:
                files.append(f["path"])
        files += [p for p in now if p not in {f["path"] for f in file.files}]
    else:
        files = [file.save.scenario.path or str(scenario_path), *file.save.scenario.mods]
    if file.keys:
        d = diff_keys(file.keys, key_digests(world.canonical))
        return ScenarioChanges(files, d["changed"], d["added"], d["removed"], True)
    return ScenarioChanges(files, [], [], [], False)


@dataclass
class Step:
    """One command of the replay and what it caused."""

    index: int  # 0-based position in the log
    command: Command
    turn: int  # turn on which it was given
    date: dt.date
    events: list[Event] = field(default_factory=list)


class GameReplay:
    """A played game, re-run and checked, with snapshots for seeking."""

    def __init__(self, world: World, save: saves.SaveFile, keyframe_every: int = KEYFRAME_EVERY):
        self.world = world
        self.save = save
        self.seed = save.seed
        self.every = max(1, keyframe_every)
        self.start = dict(save.start)
        game = saves.new_game(world, save.seed, self.start)
        self.opening_events = list(game.opening_events)
        self.steps: list[Step] = []
        self.turn_hashes: list[str] = []
        self.divergence: Divergence | None = None
        self._keyframes: dict[int, GameState] = {0: game.state}
        self._turn_start: list[int] = [0]  # command index at which each turn (1, 2, …) begins
        self._run(game)
        self.final_state = self._keyframes[len(self.steps)]

    def _run(self, game: Game) -> None:
        recorded = self.save.turn_hashes
        state = game.state
        for i, data in enumerate(self.save.commands):
            try:
                cmd = command_from_dict(data)
            except ValueError as exc:
                self._diverge(
                    i,
                    state.turn,
                    _("command {n} is damaged: {error}").format(n=i + 1, error=exc),
                )
                break
            turn = state.turn
            out = rules.apply(self.world, state, cmd)
            if not out.ok:
                self._diverge(
                    i,
                    turn,
                    _("command {n} ({kind}) on turn {turn} is refused: {reason}").format(
                        n=i + 1, kind=cmd.kind, turn=turn, reason=out.reason
                    ),
                )
                break
            self.steps.append(Step(i, cmd, turn, state.date(self.world), out.events))
            state = out.state
            if state.turn != turn or state.game_over:
                self.turn_hashes.append(state.state_hash())
                n = len(self.turn_hashes)
                if n <= len(recorded) and recorded[n - 1] != self.turn_hashes[-1]:
                    self._keyframes[i + 1] = state
                    self._diverge(
                        i,
                        turn,
                        _("the replay diverges from the recorded game on turn {turn}").format(
                            turn=turn
                        ),
                    )
                    break
                if state.turn != turn:
                    self._turn_start.append(i + 1)
            if (i + 1) % self.every == 0:
                self._keyframes[i + 1] = state
        self._keyframes[len(self.steps)] = state
        complete = self.divergence is None and len(self.steps) == len(self.save.commands)
        if complete and state.state_hash() != self.save.state_hash:
            self._diverge(
                len(self.steps) - 1,
                state.turn,
                _("the replay ends in a different state from the recorded game"),
            )

    def _diverge(self, index: int, turn: int, message: str) -> None:
        if self.divergence is None:
            self.divergence = Divergence(index, turn, message)

    # ------------------------------------------------------------------ status
    @property
    def verified(self) -> bool:
        """Every command replayed and every turn's hash agrees with the recording."""
        return self.divergence is None

    @property
    def length(self) -> int:
        """Number of commands that replayed."""
        return len(self.steps)

    @property
    def turns(self) -> int:
        return len(self._turn_start)

    # ------------------------------------------------------------------ seeking
    def state_at(self, index: int) -> GameState:
        """The state after the first `index` commands (0: the opening state)."""
        index = min(max(int(index), 0), self.length)
        base = max(k for k in self._keyframes if k <= index)
        state = self._keyframes[base]
        for step in self.steps[base:index]:
            state = rules.apply(self.world, state, step.command).state
        return state

    def turn_start(self, turn: int) -> int:
        """Command index at which `turn` begins (clamped to the turns played)."""
        turn = min(max(int(turn), 1), self.turns)
        return self._turn_start[turn - 1]

    def index_on(self, date: dt.date) -> int:
        """Command index at the end of the turn that holds `date` (the whole turn played)."""
        turn = self.world.turn_of(date)
        if turn >= self.turns:
            return self.length
        return self._turn_start[max(turn, 1)]

    def state_on(self, date: dt.date) -> GameState:
        return self.state_at(self.index_on(date))

    def events_until(self, index: int, quiet: bool = False) -> list[tuple[dt.date, Event]]:
        """The engine's events of the first `index` commands (with the opening ones), each with
        the date it happened; `quiet` keeps moves, phases and the like, left out by default."""
        start = self.world.scenario.meta.start
        out = [(start, e) for e in self.opening_events if quiet or e.kind not in QUIET_KINDS]
        for step in self.steps[: max(0, index)]:
            out += [(step.date, e) for e in step.events if quiet or e.kind not in QUIET_KINDS]
        return out

    def game_at(self, index: int) -> Game:
        """ "Continue from here": a live game after the first `index` commands, whose log and
        hashes are this replay's up to that point (so its own saves replay from the seed)."""
        index = min(max(int(index), 0), self.length)
        game = saves.new_game(self.world, self.seed, self.start)
        game.state = self.state_at(index)
        game.log = [s.command for s in self.steps[:index]]
        turns_done = bisect.bisect_right(self._turn_start, index) - 1
        game.turn_hashes = list(self.turn_hashes[:turns_done])
        return game
