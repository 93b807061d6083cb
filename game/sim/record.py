"""What a campaign leaves behind for analysis: milestones and per-turn series.

Measurement is kept apart from the model (as Mesa's DataCollector is): the recorder only reads
the events the engine returns and the states it passes through, and never changes them.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from game.engine.commands import Event
from game.engine.state import GameState
from game.engine.world import World


@dataclass
class Recorder:
    world: World
    captures: dict[str, list[tuple[str, str]]] = field(default_factory=dict)  # place → (date, side)
    commanders: dict[str, tuple[str, str]] = field(default_factory=dict)  # id → (fate, date)
    strength: list[dict[str, int]] = field(default_factory=list)  # men present per side per turn
    battles: int = 0
    fights: list[dict] = field(default_factory=list)  # date, hex, attacking side, outcome

    def on_events(self, state: GameState, events: list[Event]) -> None:
        date = state.date(self.world).isoformat()
        for e in events:
            if e.kind == "control":
                self.captures.setdefault(e.data["place"], []).append((date, e.data["side"]))
            elif e.kind == "commander" and "fate" in e.data:
                self.commanders.setdefault(e.data["commander"], (e.data["fate"], date))
            elif e.kind == "battle":
                self.battles += 1
                first = self.world.unit_index[e.data["attackers"][0]]
                side = self.world.side_ids[int(self.world.unit_side[first])]
                self.fights.append(
                    {
                        "date": date,
                        "hex": e.data["target"],
                        "side": side,
                        "outcome": e.data["outcome"],
                    }
                )

    def on_turn(self, state: GameState) -> None:
        row = {}
        for s, side in enumerate(self.world.side_ids):
            units = state.units_of(s, self.world)
            row[side] = int(state.men[units, :2].sum())
        self.strength.append(row)

    def first_capture(self, place: str, side: str) -> str | None:
        """Date on which `side` first took `place` during the game, if it did."""
        return next((d for d, s in self.captures.get(place, []) if s == side), None)

    def to_json(self) -> dict:
        return {
            "captures": {p: [list(x) for x in v] for p, v in self.captures.items()},
            "commanders": {c: {"fate": f, "date": d} for c, (f, d) in self.commanders.items()},
            "strength": self.strength,
            "battles": self.battles,
            "fights": self.fights,
        }
