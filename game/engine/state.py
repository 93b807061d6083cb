"""The mutable side of a game: everything that changes, as NumPy arrays plus a few scalars.

A `GameState` never changes in place once handed out: the rules copy it, change the copy and
return it, so a refused command leaves the caller's state untouched and undo is keeping the old
one. Everything random is drawn from the generators stored here (`rng`) or from the counter-based
combat key, so the state alone (with the World) reproduces the rest of the game.
"""

from __future__ import annotations

import copy
import hashlib
import json
from dataclasses import dataclass, field
from enum import IntEnum

import numpy as np

from game.engine import rng as rngmod
from game.engine.world import World

RNG_STREAMS = ("events", "attrition")


class UnitStatus(IntEnum):
    WAITING = 0  # not yet arrived
    ACTIVE = 1
    DESTROYED = 2  # disbanded, surrendered or destroyed
    WITHDRAWN = 3  # left the map by an event


class CommanderStatus(IntEnum):
    ACTIVE = 0
    KILLED = 1
    CAPTURED = 2


class Posture(IntEnum):
    MOVED = 0
    HASTY = 1
    PREPARED = 2


# Arrays of the state, in hash and save order, with their dtypes.
ARRAY_FIELDS = {
    "hex": np.int64,
    "status": np.int8,
    "men": np.int64,
    "morale": np.float64,
    "fatigue": np.float64,
    "supplied": np.bool_,
    "posture": np.int8,
    "mp": np.float64,
    "moved": np.bool_,
    "attacked": np.bool_,
    "cmd_status": np.int8,
    "cmd_unit": np.int64,
    "control": np.int8,
    "seen_hex": np.int64,
    "seen_turn": np.int64,
    "losses": np.int64,
    "prisoners": np.int64,
    "arrived": np.int64,
    "captured_guns": np.int64,
    "vp": np.float64,
}


@dataclass(eq=False)
class GameState:
    seed: int
    turn: int
    phase: int  # index into world.side_ids of the side to move
    hex: np.ndarray  # (U,) hex of each unit, -1 when off the map
    status: np.ndarray  # (U,) UnitStatus
    men: np.ndarray  # (U, 4) bayonets, sabres, guns, machine guns
    morale: np.ndarray  # (U,) 0..1
    fatigue: np.ndarray  # (U,) 0..1
    supplied: np.ndarray  # (U,) traced at the end of each turn
    posture: np.ndarray  # (U,) Posture
    mp: np.ndarray  # (U,) movement points left this phase
    moved: np.ndarray  # (U,) moved this phase
    attacked: np.ndarray  # (U,) attacked this phase
    cmd_status: np.ndarray  # (C,) CommanderStatus
    cmd_unit: np.ndarray  # (C,) unit led, -1 when none
    control: np.ndarray  # (H,) side holding each hex, -1 for nobody
    seen_hex: np.ndarray  # (S, U) where each side last saw each unit (-1 never)
    seen_turn: np.ndarray  # (S, U) turn of that sighting
    losses: np.ndarray  # (S, 4) men and guns lost by each side (incl. prisoners)
    prisoners: np.ndarray  # (S, 4) part of `losses` taken prisoner or captured
    arrived: np.ndarray  # (S, 4) strength that has entered the map, start included
    captured_guns: np.ndarray  # (S,) enemy guns each side has taken into service
    vp: np.ndarray  # (S,) victory points
    combat_key: int  # uint64 key of the combat draws
    combat_count: int = 0  # battles fought so far: the counter of the combat draws
    flags: tuple[str, ...] = ()
    fired: tuple[str, ...] = ()  # ids of events that have fired
    rng: dict[str, dict] = field(default_factory=dict)  # saved bit-generator state per stream
    game_over: bool = False
    result: dict | None = None

    # ------------------------------------------------------------------ helpers
    def copy(self) -> GameState:
        new = copy.copy(self)
        for name in ARRAY_FIELDS:
            setattr(new, name, getattr(self, name).copy())
        new.rng = copy.deepcopy(self.rng)
        new.result = copy.deepcopy(self.result)
        return new

    def random(self, stream: str, size=None):
        """Uniform draws in [0, 1) from one of the state's streams, advancing it."""
        gen = np.random.Generator(np.random.PCG64(0))
        gen.bit_generator.state = self.rng[stream]
        out = gen.random(size)
        self.rng[stream] = _rng_state(gen)
        return out

    @property
    def side(self) -> int:
        return self.phase

    def active(self) -> np.ndarray:
        return self.status == UnitStatus.ACTIVE

    def units_of(self, side: int, world: World) -> np.ndarray:
        return np.flatnonzero(self.active() & (world.unit_side == side))

    def units_at(self, h: int) -> np.ndarray:
        return np.flatnonzero(self.active() & (self.hex == h))

    def occupant_side(self, world: World) -> np.ndarray:
        """(H,) side of the units in each hex, -1 when empty."""
        out = np.full(world.grid.size, -1, dtype=np.int8)
        act = self.active()
        out[self.hex[act]] = world.unit_side[act]
        return out

    def commander_of(self, unit: int) -> int:
        hits = np.flatnonzero((self.cmd_unit == unit) & (self.cmd_status == CommanderStatus.ACTIVE))
        return int(hits[0]) if hits.size else -1

    def date(self, world: World):
        return world.date_of(self.turn)

    # ---------------------------------------------------------------- identity
    def state_hash(self) -> str:
        """SHA-256 of everything that matters, independent of process, platform and hash seed."""
        h = hashlib.sha256()
        h.update(json.dumps(self._scalars(), sort_keys=True).encode())
        for name, dtype in ARRAY_FIELDS.items():
            arr = np.ascontiguousarray(getattr(self, name), dtype=dtype)
            h.update(name.encode())
            h.update(str(arr.shape).encode())
            h.update(arr.astype(arr.dtype.newbyteorder("<"), copy=False).tobytes())
        return h.hexdigest()

    def _scalars(self) -> dict:
        return {
            "seed": self.seed,
            "turn": self.turn,
            "phase": self.phase,
            "combat_key": self.combat_key,
            "combat_count": self.combat_count,
            "flags": list(self.flags),
            "fired": list(self.fired),
            "rng": {k: self.rng[k] for k in sorted(self.rng)},
            "game_over": self.game_over,
            "result": self.result,
        }

    def to_dict(self) -> dict:
        """A JSON-ready snapshot; `from_dict` restores it exactly."""
        out = self._scalars()
        for name in ARRAY_FIELDS:
            arr = getattr(self, name)
            out[name] = {"shape": list(arr.shape), "data": arr.ravel().tolist()}
        return out

    @classmethod
    def from_dict(cls, data: dict) -> GameState:
        arrays = {
            name: np.array(data[name]["data"], dtype=dtype).reshape(data[name]["shape"])
            for name, dtype in ARRAY_FIELDS.items()
        }
        gens = {}
        for name, st in data["rng"].items():
            g = np.random.Generator(np.random.PCG64(0))
            g.bit_generator.state = st  # checks the saved state is well formed
            gens[name] = _rng_state(g)
        return cls(
            seed=data["seed"],
            turn=data["turn"],
            phase=data["phase"],
            combat_key=data["combat_key"],
            combat_count=data["combat_count"],
            flags=tuple(data["flags"]),
            fired=tuple(data["fired"]),
            rng=gens,
            game_over=data["game_over"],
            result=data["result"],
            **arrays,
        )


def _rng_state(g: np.random.Generator) -> dict:
    st = g.bit_generator.state
    return {
        "bit_generator": st["bit_generator"],
        "state": {k: int(v) for k, v in st["state"].items()},
        "has_uint32": int(st["has_uint32"]),
        "uinteger": int(st["uinteger"]),
    }


def initial_state(world: World, seed: int) -> GameState:
    """The state on the first day, before any side has moved (arrivals of turn 1 placed)."""
    n_units = len(world.unit_ids)
    n_sides = len(world.side_ids)
    size = world.grid.size
    on_map = world.unit_arrive_turn <= 1
    control = np.full(size, -1, dtype=np.int8)
    for place in world.scenario.map.places:
        if place.control is not None:
            control[world.place_hex[world.place_index[place.id]]] = world.side_index[place.control]
    men = world.unit_men.copy()
    arrived = np.zeros((n_sides, 4), dtype=np.int64)
    for s in range(n_sides):
        arrived[s] = men[on_map & (world.unit_side == s)].sum(axis=0)
    state = GameState(
        seed=int(seed),
        turn=1,
        phase=0,
        hex=np.where(on_map, world.unit_start_hex, -1).astype(np.int64),
        status=np.where(on_map, UnitStatus.ACTIVE, UnitStatus.WAITING).astype(np.int8),
        men=men,
        morale=world.unit_morale.copy(),
        fatigue=np.zeros(n_units),
        supplied=np.ones(n_units, dtype=bool),
        posture=np.full(n_units, Posture.HASTY, dtype=np.int8),
        mp=np.zeros(n_units),
        moved=np.zeros(n_units, dtype=bool),
        attacked=np.zeros(n_units, dtype=bool),
        cmd_status=np.zeros(len(world.commander_ids), dtype=np.int8),
        cmd_unit=world.commander_unit.copy(),
        control=control,
        seen_hex=np.full((n_sides, n_units), -1, dtype=np.int64),
        seen_turn=np.zeros((n_sides, n_units), dtype=np.int64),
        losses=np.zeros((n_sides, 4), dtype=np.int64),
        prisoners=np.zeros((n_sides, 4), dtype=np.int64),
        arrived=arrived,
        captured_guns=np.zeros(n_sides, dtype=np.int64),
        vp=np.zeros(n_sides),
        combat_key=rngmod.derive_key(seed, "combat"),
        rng={name: _rng_state(rngmod.make_generator(seed, name)) for name in RNG_STREAMS},
    )
    return state
