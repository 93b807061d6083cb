"""Players: anything that chooses commands for one side through the engine's command API."""

from game.players.base import Player, make_player

__all__ = ["Player", "make_player"]
