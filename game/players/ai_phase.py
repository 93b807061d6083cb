"""One phase of the AI: plan at the start, then hand out commands one at a time.

The plan is made once per phase (the picture of the enemy, the values, the tasks) and refreshed
only when something the AI sees changes: a battle, or a move that brings new enemies into sight.
Attacks come first (units may move next to a target and strike in the same phase), then every
other unit moves towards its task, then the phase ends. Each unit moves at most once a phase and
every refused command takes its units out of the running, so a phase always ends.
"""

from __future__ import annotations

from collections import deque
from typing import TYPE_CHECKING

import numpy as np

from game.engine import flow, movement, rng
from game.engine.commands import Attack, Command, EndTurn, Move
from game.engine.state import CommanderStatus, GameState, UnitStatus
from game.engine.world import World
from game.players import ai_tactics, ai_tasks
from game.players.ai_view import build_view

if TYPE_CHECKING:
    from game.players.ai import AIPlayer

ACTIVE = int(UnitStatus.ACTIVE)
RAIDER_SHARE = 0.75  # a side whose power is mostly cavalry fights as raiders
RAIDER_CAUTION = 0.7  # raiders accept this share of the odds others would risk
SCOUT_BOLDNESS = 2.0  # scouts risk this much worse odds: they are few, fast and gone next turn
SWEEP_EVERY = 2  # turns between two walks of a rail-bound patrol along its beat
STAGE_SLACK = 0.5  # turns: a group sets out when enough of it is this close to its gathering line
STAKE_CAUTION = 20.0  # a commander worth this many points halves his unit's risk-taking


class PhasePlan:
    def __init__(self, player: AIPlayer, world: World, state: GameState):
        self.world = world
        self.side = player.side
        self.params = player.params
        self.maps = player.maps
        self.key = (state.turn, state.phase)
        self.gen = rng.make_generator(player.seed, f"ai-{world.side_ids[self.side]}-{state.turn}")
        self.stakes = player.stakes
        self.raider = player.raider
        self.loss_points = player.loss_points
        self.enemy_loss_points = player.enemy_loss_points
        self.enemy_rail_points = ai_tasks.rail_points(world, 1 - self.side)
        self.rail_min_men = ai_tasks.rail_min_men(world)
        self.no_attack: set[int] = set()
        self._retried: set[int] = set()
        self.paths: dict[int, list[int]] = {}  # the path each unit's last move was planned on
        self._hops: dict[tuple[int, int], list[int]] = {}  # patrol hops: (unit, stop) -> path
        self.done: set[int] = set()
        self.queue: deque[Command] = deque()
        self._allow: dict[int, float] = {}
        self._straight: dict[int, np.ndarray] = {}
        self._reach: dict[int, movement.Reach] = {}
        self.view = None
        self._values_key = None
        self._places = np.array(sorted(set(world.place_hex.tolist())), dtype=np.int64)
        self._rebuild(state)

    # ------------------------------------------------------------------ bookkeeping
    def _rebuild(self, state: GameState) -> None:
        """Look again: the enemy in sight, the threat, values, tasks and who does what."""
        self.state = state
        old = self.view
        self.view = build_view(self.world, self.maps, state, self.side)
        self.belief = self.view.belief
        self._masks = None
        self._cmd: dict[int, int] | None = None
        self._own: list[int] | None = None
        self._stack: np.ndarray | None = None
        self._here: np.ndarray | None = None
        self._seen = self._seen_key(state)
        self._battles = state.combat_count
        if old is None or state.combat_count != old.belief.combat_count:
            self.attacking = True
        else:  # a sighting: only enemies newly in sight can offer a new attack
            self.attacking = self.attacking or self._new_targets(old)
        if old is not None:
            self._forget_reach(old.belief)
        seen = np.flatnonzero(self.view.seen_units)
        self.enemy_rail_men = ai_tasks.rail_men(self.world, state, seen)
        # Values change only with a battle or a place changing hands.
        key = (state.combat_count, state.control[self._places].tobytes())
        if key != self._values_key:
            self._values_key = key
            self.values = ai_tasks.place_values(self.world, self.maps, state, self.side)
            self.fall_gains = ai_tasks.fall_gains(self.world, state, self.side, self.stakes)
        tasks = ai_tasks.build_tasks(self.world, self.maps, self.view, self.values, self.stakes)
        movers = [u for u in self.own_units() if not self.belief.attacked[u] and u not in self.done]
        allow = np.array([self.allowance(u) for u in movers])
        self.assignment = ai_tasks.assign(self.world, self.maps, self.view, tasks, movers, allow)
        # Rail-bound units help hold a place an enemy in sight could strike next; otherwise
        # they patrol the line (a threat only guessed at is not worth a blind railway).
        rail_only = self.world.type_rail_only[self.world.unit_type]
        self.patrols = []
        for u in movers:
            t = self.assignment.task_of.get(u)
            if rail_only[u] and (t is None or t.kind != "defend" or self.view.imminent[t.hex] <= 0):
                self.assignment.task_of.pop(u, None)
                self.patrols.append(u)
        movers = [u for u in movers if u not in self.patrols]
        self.floor = self._pace()
        self.order = sorted(
            movers,
            key=lambda u: (
                self.assignment.task_of[u].kind != "defend" if u in self.assignment.task_of else 2,
                -(self.assignment.task_of[u].value if u in self.assignment.task_of else 0.0),
                u,
            ),
        )

    def _pace(self) -> dict[int, float]:
        """(unit -> least distance, in its movement points, it keeps from its target this
        turn.) An attack on a place goes in together: the group gathers at the edge of its
        supply towards the target (or a day's march out, if that is farther), and sets out
        from there when enough of it has come, rather than go in one unit after the other or
        wait, out of supply and in reach of the defenders, at the gates."""
        floor: dict[int, float] = {}
        supplied = self.view.supply >= 0
        for t in self.assignment.tasks:
            if t.kind != "capture" or t.core < 2:
                continue
            line, away, fields = {}, {}, {}
            for u in t.units:
                p = self.maps.unit_profile(u)
                if p not in fields:
                    f = self.maps.field(p, t.targets)
                    edge = f[supplied & np.isfinite(f)]
                    fields[p] = (f, float(edge.min()) if edge.size else 0.0)
                f, edge = fields[p]
                line[u] = max(edge, self.allowance(u))
                away[u] = max(0.0, float(f[self.belief.hex[u]]) - line[u]) / self.allowance(u)
            got, when = 0.0, 0.0
            for u in sorted(t.units[: t.core], key=lambda u: (away[u], u)):
                got += float(self.view.power[u])
                when = away[u]
                if got >= t.need:
                    break
            if not np.isfinite(when) or when <= STAGE_SLACK:
                continue  # enough of it is there: go
            for u in t.units:
                floor[u] = line[u]
        return floor

    def _seen_key(self, state: GameState) -> bytes:
        """Changes whenever the engine records a new sighting for this side."""
        return state.seen_hex[self.side].tobytes() + state.seen_turn[self.side].tobytes()

    def _new_targets(self, old) -> bool:
        """Whether an enemy hex now in sight (and not before) is within striking range of a
        unit that may still attack."""
        grid = self.world.grid
        new = np.flatnonzero(self.view.enemy_at > 0)
        new = new[old.enemy_at[new] <= 0]
        if new.size == 0:
            return False
        for u in self.own_units():
            if self.belief.attacked[u] or u in self.no_attack:
                continue
            reach = self.strike_range(u) if self.may_move(u) else 1
            if (grid.distance(new, int(self.belief.hex[u])) <= reach).any():
                return True
        return False

    def _forget_reach(self, before: GameState) -> None:
        """Drop the searches that enemy units appearing, leaving or dying may have changed:
        those that came within a zone of control of such a hex, and those of units that moved."""
        world = self.world
        was = movement.enemy_mask(world, before, self.side)
        now = movement.enemy_mask(world, self.belief, self.side)
        changed = np.flatnonzero(was != now)
        near = set(changed.tolist())
        near.update(int(n) for n in world.grid.neighbours[changed].ravel() if n >= 0)
        for u in list(self._reach):
            r = self._reach[u]
            if r.origin != self.belief.hex[u] or not near.isdisjoint(r.cost):
                del self._reach[u]

    def accepted(self, state: GameState) -> None:
        """The last command went through: refresh what it changed."""
        if state.combat_count != self._battles or self._seen_key(state) != self._seen:
            self.queue.clear()
            self._rebuild(state)
            return
        self.state = state
        self._own = self._stack = self._here = None
        # Own units moved: the belief takes their new places (the enemy's stay as they were).
        own = self.world.unit_side == self.side
        self.belief.hex = np.where(own, state.hex, self.belief.hex)
        for name in ("mp", "moved", "attacked", "fatigue", "posture"):
            setattr(self.belief, name, getattr(state, name))

    def refused(self, cmd: Command) -> None:
        """A hidden enemy (or anything else) stopped the last command. A move is tried once
        more, half as far along the same path (the enemy's zone of control is likely on the
        far half), a patrol's hop one hex shorter until it goes through (so the patrol ends
        next to what stopped it); an attack's units are left out of attacks for the rest of
        the phase."""
        self.queue.clear()
        if isinstance(cmd, Move):
            u = self.world.unit_index[cmd.unit]
            self.done.add(u)
            hop = self._hops.get((u, cmd.to))
            if hop is not None and len(hop) > 2:  # a patrol: one hex short, and look again
                self._hops[(u, hop[-2])] = hop[:-1]
                self.queue.append(Move(cmd.unit, hop[-2]))
            elif u not in self._retried:
                self._retried.add(u)
                path = self.paths.get(u) or (
                    self._reach[u].path_to(cmd.to) if u in self._reach else []
                )
                if len(path) > 2 and path[-1] == cmd.to:
                    self.queue.append(Move(cmd.unit, path[(len(path) - 1) // 2]))
        elif isinstance(cmd, Attack):
            self.no_attack.update(self.world.unit_index[u] for u in cmd.units)

    # ------------------------------------------------------------------- commands
    def next_command(self) -> Command:
        while self.queue:
            cmd = self.queue.popleft()
            if isinstance(cmd, Move):
                u = self.world.unit_index[cmd.unit]
                self.done.add(u)
                if (u, cmd.to) in self._hops:
                    self.paths[u] = self._hops[(u, cmd.to)]
            return cmd
        if self.attacking:
            plan = ai_tactics.best_attack(self)
            if plan is not None:
                ids = self.world.unit_ids
                self.queue.extend(Move(ids[u], h) for u, h in plan.moves)
                self.queue.append(
                    Attack(tuple(ids[u] for u in plan.units), plan.target, plan.advance)
                )
                return self.next_command()
            self.attacking = False
        # Rail-bound units walk their beats of the railway, so raiders on it come into sight
        # before the rest move (a sighting makes a new plan, with them in it).
        trains = [u for u in self.own_units() if self.world.type_rail_only[self.world.unit_type[u]]]
        while self.patrols:
            u = self.patrols.pop(0)
            if not self.may_move(u) or (self.key[0] + trains.index(u)) % SWEEP_EVERY:
                continue  # (each walks its beat every few turns: raiders stay longer)
            hops = ai_tactics.sweep(self, u, trains)
            self.done.add(u)
            if hops:
                uid = self.world.unit_ids[u]
                for stop, path in hops:
                    self._hops[(u, stop)] = path
                    self.queue.append(Move(uid, stop))
                return self.next_command()
        while self.order:
            u = self.order.pop(0)
            if not self.may_move(u):
                continue
            stop = ai_tactics.choose_stop(self, u, self.assignment.task_of.get(u))
            self.done.add(u)
            if stop is not None:
                return Move(self.world.unit_ids[u], stop)
        return EndTurn()

    # -------------------------------------------------------------- queries for tactics
    def own_units(self) -> list[int]:
        if self._own is None:
            b = self.belief
            mine = (b.status == ACTIVE) & (self.world.unit_side == self.side)
            self._own = np.flatnonzero(mine).tolist()
        return self._own

    def may_move(self, u: int) -> bool:
        b = self.belief
        return u not in self.done and b.status[u] == ACTIVE and not b.attacked[u] and b.mp[u] > 0

    def reach(self, u: int) -> movement.Reach:
        got = self._reach.get(u)
        if got is None:
            got = movement.reach(self.world, self.belief, u)
            self._reach[u] = got
        return got

    def enemy_and_zoc(self) -> tuple[list[bool], list[bool]]:
        """Enemy-held hexes and their zones of control in the belief, as lists for path walks."""
        if self._masks is None:
            world, b = self.world, self.belief
            self._masks = (
                movement.enemy_mask(world, b, self.side).tolist(),
                movement.zoc_mask(world, b, self.side).tolist(),
            )
        return self._masks

    def straight_field(self, h: int) -> np.ndarray:
        got = self._straight.get(h)
        if got is None:
            grid = self.world.grid
            got = grid.distance(np.arange(grid.size), h) * ai_tasks.HEX_COST
            self._straight[h] = got
        return got

    def allowance(self, u: int) -> float:
        got = self._allow.get(u)
        if got is None:
            got = max(flow.movement_allowance(self.world, self.belief, u), 0.5)
            self._allow[u] = got
        return got

    def strike_range(self, u: int) -> float:
        return float(self.belief.mp[u]) / self.maps.strike_step[self.maps.unit_profile(u)] + 1

    def fatigue_after(self, u: int, cost: float) -> float:
        full = flow.movement_allowance(self.world, self.belief, u)
        per = self.world.scenario.rules.fatigue.per_move
        return min(
            1.0, float(self.belief.fatigue[u]) + (per * min(1.0, cost / full) if full else 0)
        )

    def stack_counts(self) -> np.ndarray:
        if self._stack is None:
            own = self.own_units()
            self._stack = np.bincount(self.belief.hex[own], minlength=self.world.grid.size)
        return self._stack

    def power_here(self) -> np.ndarray:
        """(H,) power of own units in each hex."""
        if self._here is None:
            own = self.own_units()
            self._here = np.bincount(
                self.belief.hex[own], weights=self.view.power[own], minlength=self.world.grid.size
            )
        return self._here

    def is_garrison(self, u: int) -> bool:
        t = self.assignment.task_of.get(u)
        return t is not None and t.kind == "defend" and int(self.belief.hex[u]) == t.hex

    def odds_against(self, u: int, cand: np.ndarray, scouting: bool = False) -> np.ndarray:
        """Odds the enemy in reach would have against u ending its move in each hex (a scout
        heeds only the enemies seen, not the guesses it is sent to check)."""
        b, world = self.belief, self.world
        pw = float(self.view.power[u])
        here = self.power_here().copy()
        here[b.hex[u]] -= pw
        postures = world.combat.posture
        posture = np.full(cand.size, postures[0])
        if not b.moved[u]:
            posture[cand == b.hex[u]] = postures[min(int(b.posture[u]) + 1, len(postures) - 1)]
        defence = (here[cand] + pw) * self.maps.defence[cand] * posture
        defence += ai_tactics.ADJACENT_SUPPORT * here[self.maps.neighbours[cand]].sum(axis=1)
        danger = self.view.seen_danger if scouting else self.view.danger
        return danger[cand] / np.maximum(defence, 1e-9)

    def max_odds(self, u: int, scouting: bool = False) -> float:
        odds = self.params.max_odds * (RAIDER_CAUTION if self.raider else 1.0)
        if scouting:
            odds *= SCOUT_BOLDNESS
        c = self.commander(u)
        if c >= 0:
            odds /= 1.0 + self.stakes[c] / STAKE_CAUTION
        return odds

    def supply_cost(self, u: int, cand: np.ndarray) -> np.ndarray:
        """Share of u's power lost per turn out of supply in each hex (cavalry forage)."""
        rules = self.world.scenario.rules
        t = self.world.combat
        forage = self.world.forage[cand] & (self.world.unit_arm[u] == 1)
        men = np.where(forage, rules.attrition.foraging, rules.attrition.out_of_supply)
        eff = t.eff_zero + t.eff_slope * float(self.belief.morale[u])
        return men + rules.morale.out_of_supply * t.eff_slope / eff

    def commander(self, u: int) -> int:
        if self._cmd is None:
            b = self.belief
            self._cmd = {}
            for c in np.flatnonzero(b.cmd_status == CommanderStatus.ACTIVE):
                self._cmd.setdefault(int(b.cmd_unit[c]), int(c))
        return self._cmd.get(u, -1)

    def jitter(self, n: int) -> np.ndarray:
        return self.gen.random(n) * self.params.jitter
