"""A player that picks random legal commands: the baseline every real player must beat.

Each phase it visits its units in a random order; each unit, with some chance, either attacks an
adjacent enemy or moves to a random hex it can reach. It draws from its own generator (seeded from
the game seed and its side), so its games are as reproducible as any other.
"""

from __future__ import annotations

from game.engine import movement, rng
from game.engine.commands import Attack, Command, EndTurn, Move
from game.engine.state import GameState
from game.engine.world import World

ACT_CHANCE = 0.7  # share of units that do something each phase
ATTACK_CHANCE = 0.5  # chance to attack when an enemy is adjacent


class RandomPlayer:
    def __init__(self, world: World, side: str, seed: int):
        self.side = world.side_index[side]
        self.gen = rng.make_generator(seed, f"player-{side}")
        self._phase: tuple[int, int] | None = None
        self._queue: list[int] = []

    def next_command(self, world: World, state: GameState) -> Command:
        if self._phase != (state.turn, state.phase):
            self._phase = (state.turn, state.phase)
            units = state.units_of(self.side, world)
            self._queue = [int(u) for u in self.gen.permutation(units)]
        while self._queue:
            u = self._queue.pop()
            if state.status[u] != 1 or state.attacked[u] or self.gen.random() > ACT_CHANCE:
                continue
            cmd = self._choose(world, state, u)
            if cmd is not None:
                return cmd
        return EndTurn()

    def _choose(self, world: World, state: GameState, u: int) -> Command | None:
        uid = world.unit_ids[u]
        enemy = movement.enemy_mask(world, state, self.side)
        targets = [int(nb) for nb in world.grid.neighbours[state.hex[u]] if nb >= 0 and enemy[nb]]
        if targets and self.gen.random() < ATTACK_CHANCE:
            return Attack((uid,), targets[int(self.gen.integers(len(targets)))])
        if state.mp[u] <= 0 or state.moved[u]:
            return None
        stops = sorted(movement.reach(world, state, u).stops)
        if not stops:
            return None
        return Move(uid, stops[int(self.gen.integers(len(stops)))])
