"""The Player protocol and the registry the command line uses (`--red random`, `--white ai:hard`).

Kinds: `random` (random legal commands, the baseline), `ai` (the computer opponent at normal
strength), `ai:easy` and `ai:hard` (the same AI, weaker or stronger: see `ai.LEVELS`).
"""

from __future__ import annotations

from typing import Protocol

from game.engine.commands import Command
from game.engine.state import GameState
from game.engine.world import World


class Player(Protocol):
    """Chooses the next command for the side to move; returns EndTurn to end its phase."""

    def next_command(self, world: World, state: GameState) -> Command: ...


PLAYER_KINDS = ("random", "ai", "ai:easy", "ai:hard", "historical")


def make_player(kind: str, world: World, side: str, seed: int) -> Player:
    if kind == "random":
        from game.players.random_player import RandomPlayer

        return RandomPlayer(world, side, seed)
    if kind == "historical":
        from game.players.historical import HistoricalPlayer

        return HistoricalPlayer(world, side, seed)
    if kind == "ai" or kind.startswith("ai:"):
        from game.players.ai import AIPlayer, parse_kind

        strength = parse_kind(kind)
        if strength is not None:
            return AIPlayer(world, side, seed, strength)
    raise ValueError(f"unknown player {kind!r}; choose from {', '.join(PLAYER_KINDS)}")
