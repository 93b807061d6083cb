"""The command API: every change of game state is one of these, applied by `rules.apply`.

Commands name units by id and hexes by flat index, so a command log is plain JSON that replays
against the same scenario. Applying a command yields an `Outcome`: the new state and the events it
caused, or a refusal with the reason (and the old state untouched).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from game.engine.state import GameState


@dataclass(frozen=True)
class Move:
    """Move a unit along its cheapest legal path to a hex."""

    unit: str
    to: int
    kind: str = field(default="move", init=False)


@dataclass(frozen=True)
class Attack:
    """Attack the enemy units in `target` with one or more adjacent units of the side to move.

    With `advance`, the first attacker moves into the hex if the defenders leave it.
    """

    units: tuple[str, ...]
    target: int
    advance: bool = True
    kind: str = field(default="attack", init=False)


@dataclass(frozen=True)
class EndTurn:
    """End the phase of the side to move; after the last side, the turn's upkeep runs."""

    kind: str = field(default="end_turn", init=False)


Command = Move | Attack | EndTurn
_KINDS = {"move": Move, "attack": Attack, "end_turn": EndTurn}


def command_to_dict(cmd: Command) -> dict[str, Any]:
    data = asdict(cmd)
    if "units" in data:
        data["units"] = list(data["units"])
    return data


def command_from_dict(data: dict[str, Any]) -> Command:
    """Rebuild a command from its dict; raises ValueError on anything malformed."""
    if not isinstance(data, dict) or data.get("kind") not in _KINDS:
        raise ValueError(f"not a command: {data!r}")
    args = {k: v for k, v in data.items() if k != "kind"}
    if "units" in args:
        if not isinstance(args["units"], list) or not all(
            isinstance(u, str) for u in args["units"]
        ):
            raise ValueError(f"attack units must be a list of ids: {data!r}")
        args["units"] = tuple(args["units"])
    try:
        return _KINDS[data["kind"]](**args)
    except TypeError as exc:
        raise ValueError(f"bad {data['kind']} command {data!r}: {exc}") from None


@dataclass(frozen=True)
class Event:
    """Something that happened: `kind` for code, `text` for the log, `data` for screens."""

    kind: str
    text: str
    data: dict[str, Any] = field(default_factory=dict)


@dataclass
class Outcome:
    ok: bool
    state: GameState
    events: list[Event] = field(default_factory=list)
    reason: str = ""


def refuse(state: GameState, reason: str) -> Outcome:
    return Outcome(False, state, [], reason)
