"""A game session: the world, the current state, the command log and the per-turn hashes.

This is the object players, the simulator and the screens hold. It only ever changes state through
`rules.apply`, records every accepted command (the log plus the seed replays the game), and keeps
the state hash after each full turn so a replay can be checked turn by turn.
"""

from __future__ import annotations

from game.engine import rules
from game.engine.commands import Command, Event, Outcome
from game.engine.flow import start_game
from game.engine.state import GameState
from game.engine.world import World


class Game:
    def __init__(self, world: World, seed: int):
        self.world = world
        self.seed = int(seed)
        self.state: GameState
        self.state, self.opening_events = start_game(world, self.seed)
        self.log: list[Command] = []
        self.turn_hashes: list[str] = []

    @property
    def over(self) -> bool:
        return self.state.game_over

    def submit(self, command: Command) -> Outcome:
        """Apply a command; on success the game moves on, on refusal nothing changes."""
        before = self.state.turn
        out = rules.apply(self.world, self.state, command)
        if out.ok:
            self.state = out.state
            self.log.append(command)
            if self.state.turn != before or self.state.game_over:
                self.turn_hashes.append(self.state.state_hash())
        return out

    def legal_commands(self, unit: str | None = None) -> list[Command]:
        return rules.legal_commands(self.world, self.state, unit)

    def events_text(self, events: list[Event]) -> list[str]:
        return [e.text for e in events]
