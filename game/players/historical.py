"""A player that gives the orders of 1921 and lets the engine decide the fighting.

Each phase, every unit of its side heads for where the history (`scenario.history`) has it at the
end of the turn — or, when it is among the attackers of a battle fought in the turn's days, for
the battle's place (defenders of such a battle hold that place) — and stops at the reachable hex closest to that goal by travel cost. Then it
fights those battles: the units the history names as attackers, where they stand next to the
enemy, attack the enemy hex nearest the battle's place, all together. Who wins, who retreats and
who is captured is the engine's business, so a batch of campaigns between two historical players
measures how likely the real outcome was under the rules (`simulate --red historical --white
historical`).

It draws no random numbers: with the same seed (the engine's dice) the same campaign results.
"""

from __future__ import annotations

import datetime as dt

import numpy as np

from game.engine import movement, rules
from game.engine.commands import Attack, Command, EndTurn, Move
from game.engine.state import GameState, UnitStatus
from game.engine.world import World
from game.history import model
from game.history.timeline import timeline_for

REACH = 1  # hexes from a battle's place (given by lat/lon) within which to look for the enemy


def _cost_to_go(world: World, utype: int, target: int) -> np.ndarray:
    """(H,) least movement cost from each hex to `target` for a unit type (enemies ignored)."""

    def build() -> np.ndarray:
        cost = world.step_cost[utype]
        nb = world.grid.neighbours
        safe = np.where(nb >= 0, nb, 0)
        go = np.full(world.grid.size, np.inf)
        go[target] = 0.0
        while True:
            cand = np.where(nb >= 0, cost + go[safe], np.inf).min(axis=1)
            new = np.minimum(go, cand)
            if np.array_equal(new, go):
                return go
            go = new

    return model.cached(world, ("cost_to_go", utype, target), build)


class HistoricalPlayer:
    def __init__(self, world: World, side: str, seed: int = 0):
        self.side = world.side_index[side]
        self.timeline = timeline_for(world)
        self.history = model.history_of(world)
        self._phase: tuple[int, int] | None = None
        self._queue: list[int] = []
        self._goal: dict[int, int] = {}
        self._battles: list = []

    # ------------------------------------------------------------------ planning
    def _plan(self, world: World, state: GameState) -> None:
        first = world.date_of(state.turn)
        last = min(first + dt.timedelta(days=world.days_per_turn - 1), world.scenario.meta.end)
        mine = world.unit_side == self.side
        self._battles = []
        stand: dict[int, int] = {}  # defenders of a battle in these days hold its place
        for b in self.history.battles:
            if b.date > last or (b.end or b.date) < first:
                continue
            lat, lon = model.latlon(world, b.place)
            place = int(world.grid.hex_at_latlon(lat, lon))
            attackers = [world.unit_index[u] for u in b.attacker.units]
            if attackers and mine[attackers[0]]:
                self._battles.append((b, attackers, place))
            else:
                stand.update({world.unit_index[u]: place for u in b.defender.units})
        end_of_turn = model.day_of(world, last) + 0.999
        pos = self.timeline.positions(end_of_turn)
        self._goal = {}
        for u in state.units_of(self.side, world):
            h = int(pos["hex"][u]) if pos["status"][u] == 1 else -1
            if h >= 0:
                self._goal[int(u)] = h
        for u, place in stand.items():
            if u in self._goal:
                self._goal[u] = place
        for _, attackers, place in self._battles:
            for u in attackers:
                if u in self._goal:
                    self._goal[u] = place
        self._queue = sorted(self._goal, reverse=True)

    # ------------------------------------------------------------------ commands
    def next_command(self, world: World, state: GameState) -> Command:
        if self._phase != (state.turn, state.phase):
            self._phase = (state.turn, state.phase)
            self._plan(world, state)
        while self._queue:
            u = self._queue.pop()
            cmd = self._move(world, state, u)
            if cmd is not None:
                return cmd
        attack = self._attack(world, state)
        return attack if attack is not None else EndTurn()

    def _move(self, world: World, state: GameState, u: int) -> Move | None:
        if state.status[u] != UnitStatus.ACTIVE or state.attacked[u] or state.mp[u] <= 0:
            return None
        goal = self._goal[u]
        here = int(state.hex[u])
        if here == goal:
            return None
        go = _cost_to_go(world, int(world.unit_type[u]), goal)
        found = movement.reach(world, state, u)
        if not found.stops:
            return None
        stops = np.array(sorted(found.stops), dtype=np.int64)
        if np.isfinite(go[here]):
            key = go[stops]
            best_here = go[here]
        else:  # the goal cannot be reached by this unit's moves: get as near as the crow flies
            key = world.grid.distance(stops, goal).astype(np.float64)
            best_here = float(world.grid.distance(here, goal))
        i = int(np.lexsort((stops, [found.cost[int(h)] for h in stops], key))[0])
        if key[i] >= best_here:
            return None
        return Move(world.unit_ids[u], int(stops[i]))

    def _attack(self, world: World, state: GameState) -> Attack | None:
        enemy = movement.enemy_mask(world, state, self.side)
        for battle, attackers, place in self._battles:
            ready = [
                u
                for u in attackers
                if state.status[u] == UnitStatus.ACTIVE
                and not state.attacked[u]
                and world.unit_side[u] == self.side
            ]
            targets = {
                int(nb) for u in ready for nb in world.grid.neighbours[state.hex[u]] if nb >= 0
            }
            reach = 0 if battle.place.place is not None else REACH  # a named place: that hex
            near = world.grid.distance(np.array(sorted(targets), dtype=np.int64), place)
            targets = sorted(
                h for h, d in zip(sorted(targets), near, strict=True) if enemy[h] and d <= reach
            )
            if not targets:
                continue
            target = min(targets, key=lambda h: (int(world.grid.distance(h, place)), h))
            group = tuple(
                world.unit_ids[u]
                for u in ready
                if world.grid.direction(int(state.hex[u]), target) >= 0
            )
            cmd = Attack(group, target)
            if rules.check_attack(world, state, cmd)[0]:
                return cmd
        return None
