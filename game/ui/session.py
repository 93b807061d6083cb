"""One game as the window plays it: the engine's `Game`, who plays each side, and what the
player has selected. No pygame here, so the order logic is testable without a window.

Every change goes through `Game.submit`; a refusal is written to the message log with the engine's
reason and nothing else happens.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from game.engine import battle, combat, fog, movement
from game.engine.commands import Attack, Command, EndTurn, Event, Move, Outcome
from game.engine.game import Game
from game.engine.world import World

LOG_LIMIT = 300
MAX_REFUSALS = 25  # an opponent refused this often in one phase has its phase ended for it
PREVIEW_SAMPLES = 1000


@dataclass
class LogLine:
    text: str
    kind: str  # an Event kind, or "refused" / "info"


@dataclass
class Preview:
    """The odds preview of an attack, as the side panel shows it."""

    target: int
    attackers: tuple[int, ...]
    odds: float
    p_outcome: dict[str, float]
    att_loss: tuple[float, float, float]  # mean, p10, p90 (men)
    def_loss: tuple[float, float, float]
    modifiers: dict[str, object]
    p_att_cmd_lost: float
    p_def_cmd_lost: float


def opponent_player(kind: str, world: World, side: str, seed: int):
    """The AI if this build has one, else the random player (`kind` is "ai" or "random")."""
    from game.players import make_player

    if kind == "ai":
        try:
            return make_player("ai", world, side, seed), "ai"
        except ValueError:
            pass
    return make_player("random", world, side, seed), "random"


@dataclass
class Session:
    game: Game
    humans: frozenset[int]  # sides played at this screen
    opponent: object | None = None  # Player for the other side, None in hot-seat
    opponent_kind: str = "hot-seat"
    log: list[LogLine] = field(default_factory=list)
    selected: list[int] = field(default_factory=list)  # first is the unit that moves
    _reach: tuple[int, int, movement.Reach] | None = None
    _preview: dict[tuple, Preview] = field(default_factory=dict)
    _refusals: int = 0
    _visible: tuple | None = None
    version: int = 0  # bumped on every accepted command: screens key their caches on it
    reveal: bool = False  # show every unit and hex (benchmarks, debugging): no fog

    @classmethod
    def new(cls, world: World, seed: int, human: str, opponent: str) -> Session:
        """A new campaign: `human` is a side id; `opponent` is "hot-seat", "ai" or "random"."""
        game = Game(world, seed)
        side = world.side_index[human]
        if opponent == "hot-seat":
            s = cls(game, frozenset(range(len(world.side_ids))))
        else:
            other = world.side_ids[1 - side]
            player, kind = opponent_player(opponent, world, other, seed)
            s = cls(game, frozenset([side]), player, kind)
        s.add_events(game.opening_events)
        return s

    # ----------------------------------------------------------------- queries
    @property
    def world(self) -> World:
        return self.game.world

    @property
    def state(self):
        return self.game.state

    def human_to_move(self) -> bool:
        return not self.game.over and self.state.side in self.humans

    def viewer(self) -> int:
        """The side whose eyes the map shows: the side to move in hot-seat, else the human."""
        if len(self.humans) == 1:
            return next(iter(self.humans))
        return int(self.state.side)

    def visible_units(self) -> np.ndarray:
        """Units the viewer sees now, computed once per state (every frame asks)."""
        key = (self.version, self.viewer(), self.reveal)
        if self._visible is None or self._visible[0] != key:
            if self.reveal:
                vis = self.state.active()
            else:
                vis = fog.visible_units(self.world, self.state, self.viewer())
            self._visible = (key, vis)
        return self._visible[1]

    def hidden_hexes(self) -> np.ndarray:
        if self.reveal:
            return np.zeros(self.world.grid.size, dtype=bool)
        return ~fog.visible_hexes(self.world, self.state, self.viewer())

    def units_at(self, h: int, side: int | None = None, visible_only: bool = True) -> list[int]:
        units = self.state.units_at(h)
        if visible_only:
            vis = self.visible_units()
            units = units[vis[units]]
        if side is not None:
            units = units[self.world.unit_side[units] == side]
        return [int(u) for u in units]

    def reach(self, u: int) -> movement.Reach:
        key = (u, self.version)
        if self._reach is None or self._reach[:2] != key:
            self._reach = (u, self.version, movement.reach(self.world, self.state, u))
        return self._reach[2]

    def attackers_for(self, target: int) -> list[int]:
        """Selected units that can attack `target` (adjacent, not yet attacked)."""
        grid, st = self.world.grid, self.state
        return [
            u
            for u in self.selected
            if not st.attacked[u] and grid.direction(int(st.hex[u]), target) >= 0
        ]

    def preview(self, target: int) -> Preview | None:
        """Monte Carlo odds of the selected units attacking `target`, or None if they cannot."""
        atk = tuple(self.attackers_for(target))
        if not atk:
            return None
        side = int(self.world.unit_side[atk[0]])
        if battle.defenders_at(self.world, self.state, target, side).size == 0:
            return None
        key = (atk, target, self.version)
        if key not in self._preview:
            if len(self._preview) > 64:
                self._preview.clear()
            world, st = self.world, self.state
            eng, info = battle.build(world, st, list(atk), target, battle.engagement_key(st))
            p = combat.predict(eng, world.combat, PREVIEW_SAMPLES)
            names = {o: o.name.lower() for o in combat.Outcome}
            self._preview[key] = Preview(
                target=target,
                attackers=atk,
                odds=float(p.odds[0]),
                p_outcome={names[o]: float(p.p_outcome[0, o]) for o in combat.Outcome},
                att_loss=(
                    float(p.att_loss_mean[0]),
                    float(p.att_loss_p10[0]),
                    float(p.att_loss_p90[0]),
                ),
                def_loss=(
                    float(p.def_loss_mean[0]),
                    float(p.def_loss_p10[0]),
                    float(p.def_loss_p90[0]),
                ),
                modifiers={
                    "terrain": info["terrain"],
                    "posture": info["posture"],
                    "river": info["river"],
                    "fort": info["fort"],
                    "att_supply": info["att_supply"],
                    "def_supply": info["def_supply"],
                    "att_morale": info["att_morale"],
                    "def_morale": info["def_morale"],
                },
                p_att_cmd_lost=float(p.p_att_cmd_lost[0]),
                p_def_cmd_lost=float(p.p_def_cmd_lost[0]),
            )
        return self._preview[key]

    # ------------------------------------------------------------------ orders
    def add_events(self, events: list[Event]) -> None:
        for e in events:
            self.note(e.text, e.kind)

    def note(self, text: str, kind: str = "info") -> None:
        self.log.append(LogLine(text, kind))
        if len(self.log) > LOG_LIMIT:
            del self.log[: len(self.log) - LOG_LIMIT]

    def submit(self, cmd: Command) -> Outcome:
        out = self.game.submit(cmd)
        if out.ok:
            self.version += 1
            self.add_events(out.events)
            self.selected = [
                u
                for u in self.selected
                if self.state.status[u] == 1 and self.state.side == self.world.unit_side[u]
            ]
        else:
            self.note(f"Refused: {out.reason}", "refused")
        return out

    def select(self, u: int, add: bool = False) -> None:
        if add:
            if u in self.selected:
                self.selected.remove(u)
            else:
                self.selected.append(u)
        else:
            self.selected = [u]

    def move_selected(self, h: int) -> Outcome | None:
        if not self.selected:
            return None
        return self.submit(Move(self.world.unit_ids[self.selected[0]], int(h)))

    def attack(self, target: int) -> Outcome | None:
        atk = self.attackers_for(target) or self.selected[:1]
        if not atk:
            return None
        return self.submit(Attack(tuple(self.world.unit_ids[u] for u in atk), int(target)))

    def end_turn(self) -> Outcome:
        self.selected = []
        return self.submit(EndTurn())

    # ---------------------------------------------------------------- opponent
    def opponent_to_move(self) -> bool:
        return (
            self.opponent is not None and not self.game.over and self.state.side not in self.humans
        )

    def step_opponent(self) -> bool:
        """Let the opponent play one command; True when its phase has ended (or the game)."""
        if not self.opponent_to_move():
            return True
        cmd = self.opponent.next_command(self.world, self.state)
        if self._refusals >= MAX_REFUSALS:
            cmd = EndTurn()
        out = self.submit(cmd)
        if not out.ok:
            self._refusals += 1
        if isinstance(cmd, EndTurn) and out.ok:
            self._refusals = 0
            return True
        return not self.opponent_to_move()
