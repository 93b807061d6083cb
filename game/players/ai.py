"""The computer opponent: plays either side through the command API, seeing what fog lets it see.

Each phase it looks at the board as its side sees it (`ai_view`), values places and enemies in
victory points from the scenario (`ai_tasks`), sends units in groups to defend, capture, scout,
raid, guard the railway or hunt, attacks where the resolver's own preview gives good odds, walks
its rail-bound units along the line to find raiders, and moves the rest towards their tasks
without ending where it would be outmatched (`ai_tactics`); `ai_phase` runs the phase command by
command. Sides differ only by what the data says: a side whose power is mostly
cavalry takes fewer risks (raids and evades), and everything it fights for comes from the
scenario's victory section.

Deterministic: no global randomness; its small tie-breaking noise comes from its own stream,
`rng.make_generator(seed, "ai-<side>-<turn>")`, and it keeps no memory between phases, so the
same state always gets the same commands (also after loading a saved game).

Strength: `make_player("ai:easy" | "ai" | "ai:hard", ...)` picks one of LEVELS.
"""

from __future__ import annotations

from dataclasses import dataclass

from game.engine.commands import Command, EndTurn
from game.engine.state import GameState
from game.engine.world import World
from game.players import ai_tasks
from game.players.ai_maps import static_maps
from game.players.ai_phase import RAIDER_SHARE, PhasePlan
from game.players.ai_view import unit_power


@dataclass(frozen=True)
class Strength:
    """Knobs of one level of play."""

    samples: int  # Monte Carlo replicas per previewed attack
    min_win: float  # least chance of winning it attacks at
    max_group: int  # most units it throws into one attack
    overkill: float  # stops adding attackers past this multiple of the defenders' power
    max_odds: float  # worst odds it lets the enemy have against a hex it ends a move in
    jitter: float  # noise (points) on move choices


LEVELS = {
    "easy": Strength(samples=16, min_win=0.35, max_group=2, overkill=2.0, max_odds=2.0, jitter=3.0),
    "normal": Strength(
        samples=32, min_win=0.55, max_group=8, overkill=8.0, max_odds=1.2, jitter=0.5
    ),
    "hard": Strength(
        samples=64, min_win=0.6, max_group=10, overkill=10.0, max_odds=1.0, jitter=0.2
    ),
}
DEFAULT_LEVEL = "normal"


class AIPlayer:
    def __init__(self, world: World, side: str, seed: int, strength: str = DEFAULT_LEVEL):
        if strength not in LEVELS:
            raise ValueError(f"unknown AI strength {strength!r}; choose from {', '.join(LEVELS)}")
        self.side = world.side_index[side]
        self.seed = int(seed)
        self.strength = strength
        self.params = LEVELS[strength]
        self.maps = static_maps(world)
        self.stakes = ai_tasks.commander_stakes(world)
        own = world.unit_side == self.side
        power = unit_power(world, world.unit_men[own], world.unit_morale[own])
        cavalry = power[world.unit_arm[own] == 1].sum()
        self.raider = bool(power.sum() > 0 and cavalry / power.sum() >= RAIDER_SHARE)
        per_1000 = world.scenario.victory.losses_per_1000
        self.loss_points = float(per_1000.get(side, 0.0)) / 1000.0
        other = world.side_ids[1 - self.side]
        self.enemy_loss_points = float(per_1000.get(other, 0.0)) / 1000.0
        self._plan: PhasePlan | None = None
        self._sent_on: GameState | None = None
        self._sent: Command | None = None

    def next_command(self, world: World, state: GameState) -> Command:
        if state.game_over or state.phase != self.side:
            return EndTurn()
        if self._plan is None or self._plan.key != (state.turn, state.phase):
            self._plan = PhasePlan(self, world, state)
        elif state is self._sent_on and self._sent is not None:
            self._plan.refused(self._sent)  # the game kept the old state: refused
        elif state is not self._plan.state:
            self._plan.accepted(state)
        cmd = self._plan.next_command()
        self._sent_on, self._sent = state, cmd
        return cmd


def parse_kind(kind: str) -> str | None:
    """The strength named by a player kind ("ai", "ai:hard"), or None if it is not the AI."""
    if kind == "ai":
        return DEFAULT_LEVEL
    if kind.startswith("ai:") and kind[3:] in LEVELS:
        return kind[3:]
    return None


__all__ = ["AIPlayer", "LEVELS", "Strength", "parse_kind"]
