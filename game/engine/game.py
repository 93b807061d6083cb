"""A game session: the world, the current state, the command log and the per-turn hashes.

This is the object players, the simulator and the screens hold. It only ever changes state through
`rules.apply`, records every accepted command (the log plus the seed replays the game), and keeps
the state hash after each full turn so a replay can be checked turn by turn.

Undo: a move that showed the mover's side nothing new (no enemy sighted, no battle, no dice) can
be taken back. States are never changed in place, so undoing is restoring the state from before
the move and dropping the move from the log; the game is then exactly as if it had not been made.
"""

from __future__ import annotations

import numpy as np

from game.engine import rules
from game.engine.commands import Command, Event, Move, Outcome, refuse
from game.engine.flow import start_game
from game.engine.state import GameState
from game.engine.world import World
from game.i18n import N_, _

NOTHING_TO_UNDO = N_("there is nothing to undo")  # `can_undo` gives it in the language in use


class Game:
    def __init__(self, world: World, seed: int):
        self.world = world
        self.seed = int(seed)
        self.state: GameState
        self.state, self.opening_events = start_game(world, self.seed)
        self.log: list[Command] = []
        self.turn_hashes: list[str] = []
        self._undo: list[GameState] = []  # states before the undoable moves of this phase
        self._no_undo = NOTHING_TO_UNDO  # why the last command cannot be undone
        # How the game began when not from the scenario's start (e.g. {"kind": "history",
        # "date": "1921-07-06"} for Take command): saves record it so a replay rebuilds the
        # same first state before re-running the log. Empty: the scenario's own start.
        self.start: dict = {}

    @property
    def over(self) -> bool:
        return self.state.game_over

    def submit(self, command: Command) -> Outcome:
        """Apply a command; on success the game moves on, on refusal nothing changes."""
        before = self.state
        out = rules.apply(self.world, before, command)
        if out.ok:
            self.state = out.state
            self.log.append(command)
            if self.state.turn != before.turn or self.state.game_over:
                self.turn_hashes.append(self.state.state_hash())
            why = _why_final(command, before, self.state)
            if why:
                self._undo.clear()
                self._no_undo = why
            else:
                self._undo.append(before)
        return out

    def can_undo(self) -> str:
        """ "" when the last command can be undone, else the reason it cannot."""
        return "" if self._undo else _(self._no_undo)

    def undo(self) -> Outcome:
        """Take back the last move; refused (state untouched) when it cannot be."""
        why = self.can_undo()
        if why:
            return refuse(self.state, why)
        cmd = self.log.pop()
        self.state = self._undo.pop()
        if not self._undo:
            self._no_undo = NOTHING_TO_UNDO
        name = self.world.scenario.units[self.world.unit_index[cmd.unit]].name
        return Outcome(
            True,
            self.state,
            [Event("undo", _("{unit}: move undone").format(unit=name), {"unit": cmd.unit})],
        )

    def legal_commands(self, unit: str | None = None) -> list[Command]:
        return rules.legal_commands(self.world, self.state, unit)

    def events_text(self, events: list[Event]) -> list[str]:
        return [e.text for e in events]


def _why_final(command: Command, before: GameState, after: GameState) -> str:
    """Why an accepted command cannot be undone, or "" if it can."""
    if not isinstance(command, Move):
        if command.kind == "attack":
            return N_("a battle cannot be undone")
        return N_("a new phase has begun")
    if after.game_over:
        return N_("the game is over")
    side = before.side
    if not (
        np.array_equal(before.seen_hex[side], after.seen_hex[side])
        and np.array_equal(before.seen_turn[side], after.seen_turn[side])
    ):
        return N_("the last move revealed enemy units")
    return ""
