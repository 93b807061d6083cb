"""The combat resolver: every engagement of a turn, or 10^5 Monte Carlo replicas, in one NumPy call.

The model (research notes: `design/combat-model.md`; every coefficient comes from the scenario's
`rules.combat`, compiled into `CombatTables`):

* Power (simplified QJM). `P = Σ_arm N·w·T_arm[terrain] × mult`, with the side multiplier
  `mult = eff(morale) · commander · supply · (1 − fatigue_penalty · fatigue)`, times the river
  factor for the attacker and posture × terrain defence for the defender; `eff` is linear in
  morale from `at_zero_morale` to `at_full_morale`.
* Odds (Helmbold). `r = P_att / P_def · exp(σZ)`, one Z per engagement and replica. The power
  ratio is re-evaluated each day from the men still standing, which makes the model a discrete
  generalised Lanchester law (e = 1: square law; see `lanchester_step`), while the luck of the
  day, Z, is fixed for the battle.
* Daily loss fractions. Attacker `min(base_A · r^(−e) · env · fat(d), max_A)`, defender
  `min(base_D · r^(e) · env · fat(d), max_D)`, with Rubio-Campillo's fatigue decay
  `fat(d) = 1 / ln(ℯ + d)`, ℯ Euler's number and d = 1 … battle_days. Guns and machine guns
  lose at `f · equipment_loss`. Each day each arm loses a normal approximation of
  Binomial(N_remaining, f), rounded to the nearest whole number and clipped to [0, N]; the
  normals come from `rng.quick_normal_pair` (Box–Muller, both halves of each pair used).
* Breakpoint. A side breaks when its cumulative loss fraction of men (infantry + cavalry; by
  weighted power if it has no men) reaches `breakpoint_base + breakpoint_morale · morale +
  commander morale`. The battle stops on the first day someone breaks; if both break, the
  larger loss fraction yields (the attacker on a tie). Nobody broken after battle_days: HELD.
* Rout. The side that yields routs, rather than falls back, when one more day at its last
  daily loss rate would carry its loss to `rout_margin × breakpoint`, i.e.
  `loss + f_last ≥ rout_margin · breakpoint`. The loss rate rises with the odds against it, so
  lopsided battles rout and close ones end in an orderly retreat, with `rout_margin` the only
  coefficient. A routed side loses `pursuit_loss × (winner's cavalry share of its men) ×
  terrain pursuit` of its men and machine guns (binomial draws), `prisoners_share` of them
  taken prisoner, and each of its guns is captured with chance `gun_capture`.
* Commanders. Each side that broke (both may have) and has a commander draws one uniform:
  killed below `commander_killed`, captured below `commander_killed + commander_captured`.

Determinism: the draws of replica r of engagement e are `rng.mix(key[e], replica_offset + r,
slot)`, nothing else, so a battle resolved alone equals the same battle in any batch, and
`predict` (replicas 1 … samples) never reuses the in-game draws (replica 0). `combat_reference`
implements the same model in scalar Python, operation for operation; the tests hold the two
to exact equality.
"""

from __future__ import annotations

import math
import os
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, fields
from enum import IntEnum

import numpy as np

from game.engine import rng
from game.scenario.schema import CombatRules

ARMS = ("infantry", "cavalry", "artillery", "machine_guns")
POSTURES = ("moved", "hasty", "prepared")

# Numerical guard, not a rule: powers are floored here before taking their ratio, so a side
# with no combat power gives huge but finite odds instead of 0/0.
POWER_FLOOR = 1e-9
# Rows per block of the vectorised resolver: large enough to amortise NumPy's per-call cost,
# small enough to keep a block's arrays in cache (8192 measured best on the 2-core VM).
CHUNK = 8192


class Outcome(IntEnum):
    HELD = 0
    DEFENDER_RETREATS = 1
    DEFENDER_ROUTED = 2
    ATTACKER_REPULSED = 3
    ATTACKER_ROUTED = 4


class CommanderFate(IntEnum):
    SAFE = 0
    KILLED = 1
    CAPTURED = 2


def _need(table: dict, key: str, what: str) -> float:
    if key not in table:
        raise ValueError(f"rules.combat.{what} has no entry for {key!r}")
    return float(table[key])


@dataclass(frozen=True, eq=False)
class CombatTables:
    """`CombatRules` compiled to arrays indexed by arm, terrain and posture.

    A terrain id absent from `rules.combat.terrain` gets neutral values (arms 1, defence 1,
    environment 1, pursuit 1): the map may hold terrain where no battle is fought (lakes), and
    a missing entry then costs nothing. Arms missing from a terrain's `arms` are neutral too.
    Missing weights, postures, base or max losses are errors.
    """

    terrain_ids: tuple[str, ...]
    weights: np.ndarray  # (4,) power of one bayonet, sabre, gun, machine gun
    terrain_arms: np.ndarray  # (T, 4)
    terrain_defence: np.ndarray  # (T,)
    terrain_env: np.ndarray  # (T,)
    terrain_pursuit: np.ndarray  # (T,)
    posture: np.ndarray  # (3,) in POSTURES order
    fatigue_decay: np.ndarray  # (battle_days,) 1 / ln(e + d), d = 1 … battle_days
    river_attack: dict[str, float]
    noise_sigma: float
    exponent: float
    base_loss_att: float
    base_loss_def: float
    max_loss_att: float
    max_loss_def: float
    battle_days: int
    equipment_loss: float
    breakpoint_base: float
    breakpoint_morale: float
    rout_margin: float
    pursuit_loss: float
    prisoners_share: float
    gun_capture: float
    commander_killed: float
    commander_captured: float
    eff_zero: float
    eff_full: float
    fatigue_penalty: float
    out_of_supply: float

    @classmethod
    def from_rules(cls, rules: CombatRules, terrain_ids: Sequence[str]) -> CombatTables:
        ids = tuple(str(t) for t in terrain_ids)
        arms = np.ones((len(ids), 4))
        defence, env, pursuit = np.ones(len(ids)), np.ones(len(ids)), np.ones(len(ids))
        for i, tid in enumerate(ids):
            tc = rules.terrain.get(tid)
            if tc is None:
                continue
            arms[i] = [float(tc.arms.get(a, 1.0)) for a in ARMS]
            defence[i], env[i], pursuit[i] = tc.defence, tc.environment, tc.pursuit
        days = int(rules.battle_days)
        return cls(
            terrain_ids=ids,
            weights=np.array([_need(rules.weights, a, "weights") for a in ARMS]),
            terrain_arms=arms,
            terrain_defence=defence,
            terrain_env=env,
            terrain_pursuit=pursuit,
            posture=np.array([_need(rules.posture, p, "posture") for p in POSTURES]),
            fatigue_decay=np.array([1.0 / math.log(math.e + d) for d in range(1, days + 1)]),
            river_attack={str(k): float(v) for k, v in rules.river_attack.items()},
            noise_sigma=float(rules.noise_sigma),
            exponent=float(rules.exponent),
            base_loss_att=_need(rules.base_loss, "attacker", "base_loss"),
            base_loss_def=_need(rules.base_loss, "defender", "base_loss"),
            max_loss_att=_need(rules.max_loss, "attacker", "max_loss"),
            max_loss_def=_need(rules.max_loss, "defender", "max_loss"),
            battle_days=days,
            equipment_loss=float(rules.equipment_loss),
            breakpoint_base=float(rules.breakpoint_base),
            breakpoint_morale=float(rules.breakpoint_morale),
            rout_margin=float(rules.rout_margin),
            pursuit_loss=float(rules.pursuit_loss),
            prisoners_share=float(rules.prisoners_share),
            gun_capture=float(rules.gun_capture),
            commander_killed=float(rules.commander_killed),
            commander_captured=float(rules.commander_captured),
            eff_zero=_need(rules.effectiveness, "at_zero_morale", "effectiveness"),
            eff_full=_need(rules.effectiveness, "at_full_morale", "effectiveness"),
            fatigue_penalty=float(rules.fatigue_penalty),
            out_of_supply=float(rules.out_of_supply),
        )

    # Derived scalars, shared by the vectorised and the scalar resolver so both use the very
    # same float values.
    @property
    def eff_slope(self) -> float:
        return self.eff_full - self.eff_zero

    @property
    def noise_scale(self) -> float:
        """e·σ: the noise term of ln(r^e)."""
        return self.exponent * self.noise_sigma

    @property
    def commander_lost(self) -> float:
        return self.commander_killed + self.commander_captured

    @property
    def n_pairs(self) -> int:
        """Normal pairs every (engagement, replica) draws: the odds noise and the days."""
        return 1 + 4 * self.battle_days

    @property
    def pursuit_slot(self) -> int:
        return 1 + 4 * self.battle_days

    @property
    def commander_slot(self) -> int:
        return 3 + 4 * self.battle_days


# Slot plan of one (engagement, replica), D = battle_days. Hash slot p gives the normal pair
# (z0, z1) of `rng.quick_normal_pair(mix(key, replica, p))`:
#   pair 0             z0: odds noise Z            z1: unused
#   pair 1 + 4d + a    z0: attacker arm a, day d   z1: defender arm a, day d
#   pair 1 + 4D        z0: pursuit, infantry       z1: pursuit, cavalry
#   pair 2 + 4D        z0: pursuit, guns taken     z1: pursuit, machine guns
# Slots 3 + 4D and 4 + 4D give the uniforms of the attacker's and defender's commander.
# Only the first 1 + 4D pairs are drawn for every row; the rest only where they are needed.
def pair_of_day(d: int, arm: int) -> int:
    return 1 + 4 * d + arm


_ENG_FIELDS = {
    "att": np.float64,
    "dfn": np.float64,
    "terrain": np.intp,
    "posture": np.intp,
    "river": np.float64,
    "fort": np.float64,
    "att_morale": np.float64,
    "def_morale": np.float64,
    "att_fatigue": np.float64,
    "def_fatigue": np.float64,
    "att_supply": np.bool_,
    "def_supply": np.bool_,
    "att_cmd": np.float64,
    "def_cmd": np.float64,
    "att_cmd_morale": np.float64,
    "def_cmd_morale": np.float64,
    "att_has_cmd": np.bool_,
    "def_has_cmd": np.bool_,
    "key": np.uint64,
}


@dataclass
class Engagements:
    """E engagements as parallel arrays (counts are integer-valued float64, columns in ARMS order).

    `river` is the attacker's power multiplier (1.0 = no river; the engine derives it from
    `river_attack`); `fort` the defender's extra multiplier for a town or datsan in the hex (1.0 =
    none; from `place_defence`); `*_cmd` the commander's combat multiplier (1.0 if none); `*_cmd_morale` the
    commander's breakpoint bonus (0.0 if none); `key` the uint64 key of the engagement's draws.
    """

    att: np.ndarray
    dfn: np.ndarray
    terrain: np.ndarray
    posture: np.ndarray
    river: np.ndarray
    fort: np.ndarray
    att_morale: np.ndarray
    def_morale: np.ndarray
    att_fatigue: np.ndarray
    def_fatigue: np.ndarray
    att_supply: np.ndarray
    def_supply: np.ndarray
    att_cmd: np.ndarray
    def_cmd: np.ndarray
    att_cmd_morale: np.ndarray
    def_cmd_morale: np.ndarray
    att_has_cmd: np.ndarray
    def_has_cmd: np.ndarray
    key: np.ndarray

    def __post_init__(self) -> None:
        for name, dtype in _ENG_FIELDS.items():
            setattr(self, name, np.asarray(getattr(self, name), dtype=dtype))
        n = len(self.key)
        for name in _ENG_FIELDS:
            shape = getattr(self, name).shape
            want = (n, 4) if name in ("att", "dfn") else (n,)
            if shape != want:
                raise ValueError(f"Engagements.{name} has shape {shape}, expected {want}")
        for counts in (self.att, self.dfn):
            if (counts < 0).any() or (np.rint(counts) != counts).any():
                raise ValueError("Engagements counts must be whole numbers ≥ 0")

    def __len__(self) -> int:
        return len(self.key)

    @classmethod
    def single(
        cls,
        att: Sequence[float],
        dfn: Sequence[float],
        *,
        terrain: int = 0,
        posture: int = 0,
        river: float = 1.0,
        fort: float = 1.0,
        att_morale: float = 0.7,
        def_morale: float = 0.7,
        att_fatigue: float = 0.0,
        def_fatigue: float = 0.0,
        att_supply: bool = True,
        def_supply: bool = True,
        att_cmd: float = 1.0,
        def_cmd: float = 1.0,
        att_cmd_morale: float = 0.0,
        def_cmd_morale: float = 0.0,
        att_has_cmd: bool = False,
        def_has_cmd: bool = False,
        key: int = 0,
    ) -> Engagements:
        """One engagement from scalars (counts in ARMS order)."""
        values = dict(locals())
        del values["cls"]
        return cls(**{k: [v] for k, v in values.items()})

    @classmethod
    def stack(cls, items: Sequence[Engagements]) -> Engagements:
        return cls(
            **{f.name: np.concatenate([getattr(e, f.name) for e in items]) for f in fields(cls)}
        )

    def take(self, idx) -> Engagements:
        idx = np.atleast_1d(np.asarray(idx, dtype=np.intp))
        return Engagements(**{f.name: getattr(self, f.name)[idx] for f in fields(self)})


@dataclass
class CombatResult:
    """Results of R replicas of E engagements; per-replica arrays are shaped (R, E, …).

    Losses include prisoners and captured guns; `*_prisoners` is the part of the loss taken
    prisoner (men, machine guns) or captured (guns, column 2).
    """

    att_loss: np.ndarray  # (R, E, 4) int64
    def_loss: np.ndarray
    att_prisoners: np.ndarray
    def_prisoners: np.ndarray
    outcome: np.ndarray  # (R, E) int8, Outcome
    att_cmd_fate: np.ndarray  # (R, E) int8, CommanderFate
    def_cmd_fate: np.ndarray
    days: np.ndarray  # (R, E) int8, days fought
    odds: np.ndarray  # (E,) deterministic power ratio, no noise
    att_power: np.ndarray  # (E,)
    def_power: np.ndarray  # (E,)


# ------------------------------------------------------------------------- deterministic core


def side_multipliers(eng: Engagements, tables: CombatTables) -> tuple[np.ndarray, np.ndarray]:
    """Per-engagement power multipliers of attacker and defender: everything but the counts."""
    t = tables
    E = len(eng)
    mult_a = _side_mult(
        t, eng.att_morale, eng.att_cmd, eng.att_supply, eng.att_fatigue, np.empty(E), np.empty(E)
    )
    mult_a *= eng.river
    mult_d = _side_mult(
        t, eng.def_morale, eng.def_cmd, eng.def_supply, eng.def_fatigue, np.empty(E), np.empty(E)
    )
    mult_d *= t.posture.take(eng.posture)
    mult_d *= t.terrain_defence.take(eng.terrain)
    mult_d *= eng.fort
    return mult_a, mult_d


def _sum4(x: np.ndarray, w: np.ndarray) -> np.ndarray:
    """Σ_a x[a]·w[a] over axis -2 (arms), left to right like the scalar reference."""
    acc = x[..., 0, :] * w[..., 0, :]
    for a in (1, 2, 3):
        acc += x[..., a, :] * w[..., a, :]
    return acc


def arm_power(counts: np.ndarray, wt: np.ndarray) -> np.ndarray:
    """Σ_arm N·w·T for counts (…, 4) and weights (…, 4), summed left to right."""
    return _sum4(
        np.swapaxes(counts, -1, -2), np.swapaxes(np.broadcast_to(wt, counts.shape), -1, -2)
    )


def daily_fractions(
    att_power: np.ndarray,
    def_power: np.ndarray,
    noise: np.ndarray | float,
    env: np.ndarray,
    tables: CombatTables,
    day: int,
) -> tuple[np.ndarray, np.ndarray]:
    """Helmbold daily loss fractions of men, capped; `noise` is e·σ·Z (0: the expected battle)."""
    t = tables
    ratio = np.maximum(att_power, POWER_FLOOR) / np.maximum(def_power, POWER_FLOOR)
    q = np.exp(np.log(ratio) * t.exponent + noise)
    fat = float(t.fatigue_decay[day])
    f_att = np.minimum(t.base_loss_att / q * env * fat, t.max_loss_att)
    f_def = np.minimum(t.base_loss_def * q * env * fat, t.max_loss_def)
    return f_att, f_def


def lanchester_step(
    att: np.ndarray, dfn: np.ndarray, eng: Engagements, tables: CombatTables, day: int
) -> tuple[np.ndarray, np.ndarray]:
    """One day of the expected battle (Z = 0, no rounding) on real-valued counts (E, 4).

    The resolver's daily mean. With exponent 1 and one arm, the attacker loses
    base_A·(P_def/P_att)·c of its power and the defender base_D·(P_att/P_def)·c, c = env·fat(d):
    the Euler step of Lanchester's square law. It scales the invariant base_D·P_att² −
    base_A·P_def² by exactly (1 − base_A·base_D·c²), i.e. conserves it to second order.
    """
    wt = tables.weights * tables.terrain_arms[eng.terrain]
    mult_a, mult_d = side_multipliers(eng, tables)
    env = tables.terrain_env[eng.terrain]
    f_att, f_def = daily_fractions(
        arm_power(att, wt) * mult_a, arm_power(dfn, wt) * mult_d, 0.0, env, tables, day
    )
    equip = np.array([1.0, 1.0, tables.equipment_loss, tables.equipment_loss])
    return att - att * (f_att[:, None] * equip), dfn - dfn * (f_def[:, None] * equip)


# ------------------------------------------------------------------------------ the resolver


def _binomial(
    n: np.ndarray, f: np.ndarray, z: np.ndarray, out: np.ndarray, mean: np.ndarray
) -> np.ndarray:
    """Normal approximation of Binomial(n, f) from the normal deviate z, rounded, clipped to [0, n].

    Operation order (the scalar reference repeats it): mean = n·f; sd = √((1 − f)·mean);
    x = rint(sd·z + mean) (nearest, ties to even, as Python's `round`); clip. `out` and `mean`
    are scratch arrays of n's shape.
    """
    np.multiply(n, f, out=mean)
    np.subtract(1.0, f, out=out)
    out *= mean
    np.sqrt(out, out=out)
    out *= z
    out += mean
    np.rint(out, out=out)
    np.maximum(out, 0.0, out=out)
    np.minimum(out, n, out=out)
    return out


class _Work:
    """Scratch arrays for one block of up to C rows, reused block after block.

    Everything the resolver computes lives in these cache-sized blocks: large temporaries would
    cost more in page faults (1–5 µs per 4 KiB page on this VM) than the arithmetic itself.
    """

    def __init__(self, tables: CombatTables, C: int):
        P = tables.n_pairs
        self.h = np.empty((P, C), np.uint64)
        self.ht = np.empty((P, C), np.uint64)
        self.z = np.empty((2, P, C))
        self.wt = np.empty((4, C))
        self.n0, self.n, self.loss, self.tmp, self.mean = (np.empty((2, 4, C)) for _ in range(5))
        self.side = np.empty((5, 2, C))  # mult, bp, den, scratch, last day's loss fraction
        self.offs = (np.arange(P, dtype=np.uint64) + np.uint64(1)) * np.uint64(rng.GOLDEN)


def _side_mult(
    t: CombatTables, morale, cmd, supply, fatigue, out: np.ndarray, tmp: np.ndarray
) -> np.ndarray:
    """eff(morale) · commander · supply · (1 − fatigue_penalty · fatigue), in this order."""
    np.multiply(t.eff_slope, morale, out=out)
    out += t.eff_zero
    out *= cmd
    np.multiply(out, t.out_of_supply, out=out, where=~np.asarray(supply, dtype=bool))
    np.multiply(t.fatigue_penalty, fatigue, out=tmp)
    np.subtract(1.0, tmp, out=tmp)
    out *= tmp
    return out


def _setup(eng: Engagements, sel: slice | np.ndarray, tables: CombatTables, work: _Work) -> dict:
    """The deterministic inputs of a block of rows: counts, powers, odds, breakpoints."""
    t = tables

    def get(name: str) -> np.ndarray:
        a = getattr(eng, name)
        return a[sel] if isinstance(sel, slice) else a.take(sel, axis=0)

    terrain = get("terrain")
    C = terrain.shape[0]
    wt = work.wt[:, :C]
    t.terrain_arms.T.take(terrain, axis=1, out=wt, mode="clip")
    wt *= t.weights[:, None]
    n = work.n0[..., :C]
    n[0] = get("att").T
    n[1] = get("dfn").T
    mult, bp, den, tmp = work.side[:4, :, :C]
    _side_mult(
        t, get("att_morale"), get("att_cmd"), get("att_supply"), get("att_fatigue"), mult[0], tmp[0]
    )
    mult[0] *= get("river")
    _side_mult(
        t, get("def_morale"), get("def_cmd"), get("def_supply"), get("def_fatigue"), mult[1], tmp[1]
    )
    mult[1] *= t.posture.take(get("posture"))
    mult[1] *= t.terrain_defence.take(terrain)
    mult[1] *= get("fort")
    power = _sum4(n, wt)
    power *= mult
    np.multiply(get("att_morale"), t.breakpoint_morale, out=bp[0])
    np.multiply(get("def_morale"), t.breakpoint_morale, out=bp[1])
    bp += t.breakpoint_base
    bp[0] += get("att_cmd_morale")
    bp[1] += get("def_cmd_morale")
    # A side's loss fraction counts men (infantry + cavalry); a side without men counts weighted
    # power (usually no row: kept as index lists); a side with neither never breaks.
    np.add(n[:, 0], n[:, 1], out=den)
    no_men = []
    for s in range(2):
        idx = np.flatnonzero(den[s] <= 0)
        if idx.size:
            pw0 = _sum4(n[s][:, idx], np.broadcast_to(t.weights[:, None], (4, idx.size)))
            den[s, idx] = np.where(pw0 > 0, pw0, 1.0)
        no_men.append(idx)
    att_power, def_power = power
    has_cmd = np.empty((2, C), dtype=bool)
    has_cmd[0] = get("att_has_cmd")
    has_cmd[1] = get("def_has_cmd")
    return {
        "n0": n,
        "wt": wt,
        "mult": mult,
        "att_power": att_power,
        "def_power": def_power,
        "odds": np.maximum(att_power, POWER_FLOOR) / np.maximum(def_power, POWER_FLOOR),
        "bp": bp,
        "den": den,
        "no_men": no_men,
        "env": t.terrain_env.take(terrain),
        "pursuit": t.terrain_pursuit.take(terrain),
        "has_cmd": has_cmd,
        "key": get("key"),
    }


def _loss_fraction(
    n0: np.ndarray, n: np.ndarray, pre: dict, weights: np.ndarray, out: np.ndarray
) -> np.ndarray:
    """Cumulative loss fraction per side (2, C). Men lost = den − men standing: counts are whole
    numbers, so this equals the scalar reference's sum of losses exactly."""
    np.add(n[:, 0], n[:, 1], out=out)
    np.subtract(pre["den"], out, out=out)
    for s, idx in enumerate(pre["no_men"]):
        if idx.size:
            lost = n0[s][:, idx] - n[s][:, idx]
            out[s, idx] = _sum4(lost, np.broadcast_to(weights[:, None], (4, idx.size)))
    out /= pre["den"]
    return out


def _slot_hash(base: np.ndarray, slot: int) -> np.ndarray:
    """mix(key, replica, slot) from base = mix(key, replica), for a few rows."""
    with np.errstate(over="ignore"):
        h = base + np.uint64((slot + 1) * rng.GOLDEN & rng.MASK64)
    return rng.fmix_inplace(h)


def _resolve_block(
    pre: dict, reps: np.ndarray, tables: CombatTables, work: _Work, out: dict, rows: slice
) -> None:
    t = tables
    D = t.battle_days
    C = reps.shape[0]

    # Draws shared by every row: h[slot] = mix(key, replica, slot) for slot < n_pairs.
    h, ht = work.h[:, :C], work.ht[:, :C]
    base = rng.mix(pre["key"], reps)
    with np.errstate(over="ignore"):
        np.add(work.offs[:, None], base[None, :], out=h)
    rng.fmix_inplace(h, ht)
    z = work.z[:, :, :C]
    rng.quick_normal_pair(h, out=(z[0], z[1]))
    noise = z[0, 0] * t.noise_scale

    n0 = pre["n0"]
    n, tmp, mean = (a[..., :C] for a in (work.n, work.tmp, work.mean))
    n[...] = n0  # men standing, lowered day by day; losses are n0 − n
    wt, mult, env, bp = pre["wt"], pre["mult"], pre["env"], pre["bp"]
    frac, f = work.side[3:, :, :C]
    f1, fe, fe1 = (np.empty((2, 1, C)) for _ in range(3))
    active = np.ones(C, dtype=bool)
    active_f = np.ones(C)
    broken = np.zeros((2, C), dtype=bool)
    f_last = np.zeros((2, C))
    days = np.full(C, D, dtype=np.int8)
    caps = np.array([[t.max_loss_att], [t.max_loss_def]])
    men, equip = slice(0, 2), slice(2, 4)
    for d in range(D):
        power = _sum4(n, wt)
        power *= mult
        np.maximum(power, POWER_FLOOR, out=power)
        q = np.divide(power[0], power[1], out=power[0])
        np.log(q, out=q)
        q *= t.exponent
        q += noise
        np.exp(q, out=q)
        np.divide(t.base_loss_att, q, out=f[0])
        np.multiply(t.base_loss_def, q, out=f[1])
        f *= env
        f *= t.fatigue_decay[d]
        np.minimum(f, caps, out=f)
        f *= active_f
        # `_binomial` with the rate per arm, f for men and f·equipment_loss for guns and
        # machine guns, broadcast from (2, 1, C) instead of spelt out over the four arms.
        fa = f[:, None]
        np.multiply(fa, t.equipment_loss, out=fe)
        np.subtract(1.0, fa, out=f1)
        np.subtract(1.0, fe, out=fe1)
        np.multiply(n[:, men], fa, out=mean[:, men])
        np.multiply(n[:, equip], fe, out=mean[:, equip])
        np.multiply(f1, mean[:, men], out=tmp[:, men])
        np.multiply(fe1, mean[:, equip], out=tmp[:, equip])
        np.sqrt(tmp, out=tmp)
        tmp *= z[:, pair_of_day(d, 0) : pair_of_day(d, 4)]
        tmp += mean
        np.rint(tmp, out=tmp)
        np.maximum(tmp, 0.0, out=tmp)
        np.minimum(tmp, n, out=tmp)
        n -= tmp
        _loss_fraction(n0, n, pre, t.weights, frac)
        brk = frac >= bp
        brk &= active
        stop = brk[0] | brk[1]
        if not stop.any():
            continue
        broken |= brk
        np.copyto(f_last, f, where=stop)
        days[stop] = d + 1
        active &= ~stop
        if not active.any():
            break
        active_f[stop] = 0.0
    loss = np.subtract(n0, n, out=work.loss[..., :C])

    att_loses = broken[0] & (~broken[1] | (frac[0] >= frac[1]))
    def_loses = broken[1] & ~att_loses
    l_frac = np.where(att_loses, frac[0], frac[1])
    l_frac += np.where(att_loses, f_last[0], f_last[1])
    rout = np.where(att_loses, bp[0], bp[1])
    rout *= t.rout_margin
    rout = l_frac >= rout
    rout &= att_loses | def_loses
    outcome = np.zeros(C, dtype=np.int8)
    outcome[def_loses] = Outcome.DEFENDER_RETREATS
    outcome[att_loses] = Outcome.ATTACKER_REPULSED
    outcome[rout] += 1  # RETREATS → ROUTED, REPULSED → ROUTED

    prisoners = np.zeros((2, 4, C))
    routed = np.flatnonzero(rout)
    if routed.size:
        # Pursuit, on the routed rows only: the loser's men and machine guns, and its guns.
        al = att_loses[routed]
        win = np.where(al, n[1, :2][:, routed], n[0, :2][:, routed])  # winner's infantry, cavalry
        men = win[0] + win[1]
        share = np.zeros(routed.size)
        np.divide(win[1], men, out=share, where=men > 0)
        p = np.empty((4, routed.size))
        np.multiply(t.pursuit_loss, share, out=p[0])
        p[0] *= pre["pursuit"][routed]
        p[1] = p[0]
        p[2] = t.gun_capture
        p[3] = p[0]
        zp = np.empty((4, routed.size))
        rb = base[routed]
        rng.quick_normal_pair(_slot_hash(rb, t.pursuit_slot), out=(zp[0], zp[1]))
        rng.quick_normal_pair(_slot_hash(rb, t.pursuit_slot + 1), out=(zp[2], zp[3]))
        nl = np.where(al, n[0][:, routed], n[1][:, routed])
        pl = _binomial(nl, p, zp, np.empty_like(nl), np.empty_like(nl))
        taken = pl * t.prisoners_share
        taken += 0.5
        np.floor(taken, out=taken)
        taken[2] = pl[2]
        side = np.where(al, 0, 1)
        loss[side, :, routed] += pl.T
        prisoners[side, :, routed] = taken.T

    fates = np.zeros((2, C), dtype=np.int8)
    risk = broken & pre["has_cmd"]
    for s in range(2):
        at = np.flatnonzero(risk[s])
        if at.size:
            u = rng.uniform(_slot_hash(base[at], t.commander_slot + s))
            fates[s, at[u < t.commander_lost]] = CommanderFate.CAPTURED
            fates[s, at[u < t.commander_killed]] = CommanderFate.KILLED

    out["att_loss"][rows] = loss[0].T
    out["def_loss"][rows] = loss[1].T
    out["att_prisoners"][rows] = prisoners[0].T
    out["def_prisoners"][rows] = prisoners[1].T
    out["outcome"][rows] = outcome
    out["att_cmd_fate"][rows] = fates[0]
    out["def_cmd_fate"][rows] = fates[1]
    out["days"][rows] = days


def resolve(
    eng: Engagements,
    tables: CombatTables,
    replicas: int = 1,
    replica_offset: int = 0,
    workers: int | None = 1,
) -> CombatResult:
    """Resolve every engagement `replicas` times in one vectorised pass.

    Replica r of engagement e draws only from (key[e], replica_offset + r, slot), so row r of
    a batch equals `resolve(eng.take([e]), tables, 1, replica_offset + r)`. The game resolves
    with replica 0; `predict` uses replicas 1 … samples. Rows (replica-major) run in blocks of
    CHUNK; `workers` > 1 (None: one per core) spreads the blocks over threads, as NumPy
    releases the GIL in its loops. Neither the blocks nor the threads change any result.
    """
    E, R = len(eng), int(replicas)
    M = R * E
    if E and (eng.terrain.min() < 0 or eng.terrain.max() >= len(tables.terrain_ids)):
        raise ValueError("Engagements.terrain holds an index outside the tables' terrain ids")
    if E and (eng.posture.min() < 0 or eng.posture.max() >= len(POSTURES)):
        raise ValueError("Engagements.posture holds an index outside POSTURES")
    if R < 1 or replica_offset < 0:
        raise ValueError("replicas must be ≥ 1 and replica_offset ≥ 0")
    out = {
        "att_loss": np.empty((M, 4), np.int64),
        "def_loss": np.empty((M, 4), np.int64),
        "att_prisoners": np.empty((M, 4), np.int64),
        "def_prisoners": np.empty((M, 4), np.int64),
        "outcome": np.empty(M, np.int8),
        "att_cmd_fate": np.empty(M, np.int8),
        "def_cmd_fate": np.empty(M, np.int8),
        "days": np.empty(M, np.int8),
    }
    det = {k: np.empty(E) for k in ("odds", "att_power", "def_power")}

    def keep(pre: dict, a: int, b: int) -> None:
        for k in det:
            det[k][a:b] = pre[k]

    def run(part: Sequence[int]) -> None:
        work = _Work(tables, min(CHUNK, M))
        for a in part:
            b = min(a + CHUNK, M)
            if R == 1:
                pre = _setup(eng, slice(a, b), tables, work)
                keep(pre, a, b)
                reps = np.full(b - a, replica_offset, np.uint64)
            else:
                idx = np.arange(a, b)
                pre = _setup(eng, idx % E, tables, work)
                reps = (idx // E + replica_offset).astype(np.uint64)
            _resolve_block(pre, reps, tables, work, out, slice(a, b))

    if R != 1:  # the (E,) deterministic outputs, once per engagement
        work = _Work(tables, min(CHUNK, E))
        for a in range(0, E, CHUNK):
            keep(_setup(eng, slice(a, min(a + CHUNK, E)), tables, work), a, min(a + CHUNK, E))
    starts = range(0, M, CHUNK)
    nw = min(os.cpu_count() or 1 if workers is None else workers, len(starts))
    if nw <= 1:
        run(starts)
    else:
        with ThreadPoolExecutor(nw) as pool:
            list(pool.map(run, [starts[i::nw] for i in range(nw)]))

    shaped = {k: v.reshape((R, E) + v.shape[1:]) for k, v in out.items()}
    return CombatResult(**shaped, **det)


# ------------------------------------------------------------------------------ prediction


@dataclass
class Prediction:
    """What the odds preview shows, per engagement (arrays of length E)."""

    odds: np.ndarray
    p_outcome: np.ndarray  # (E, 5) probability of each Outcome
    att_loss_mean: np.ndarray  # men (infantry + cavalry) lost by the attacker
    att_loss_p10: np.ndarray
    att_loss_p50: np.ndarray
    att_loss_p90: np.ndarray
    def_loss_mean: np.ndarray
    def_loss_p10: np.ndarray
    def_loss_p50: np.ndarray
    def_loss_p90: np.ndarray
    p_att_cmd_lost: np.ndarray  # chance the attacker's commander is killed or captured
    p_def_cmd_lost: np.ndarray

    @property
    def p_attacker_wins(self) -> np.ndarray:
        return (
            self.p_outcome[:, Outcome.DEFENDER_RETREATS]
            + self.p_outcome[:, Outcome.DEFENDER_ROUTED]
        )

    @property
    def p_defender_wins(self) -> np.ndarray:
        return (
            self.p_outcome[:, Outcome.ATTACKER_REPULSED]
            + self.p_outcome[:, Outcome.ATTACKER_ROUTED]
        )


def predict(eng: Engagements, tables: CombatTables, samples: int = 1000) -> Prediction:
    """Monte Carlo preview on replicas 1 … samples, never the in-game replica 0.

    So the preview is honest (it cannot know the actual result) but reproducible: the same
    engagement always previews the same distribution.
    """
    res = resolve(eng, tables, replicas=samples, replica_offset=1)
    E = len(eng)
    counts = np.zeros((E, len(Outcome)))
    for o in Outcome:
        counts[:, o] = (res.outcome == o).sum(axis=0)
    att_men = res.att_loss[..., 0] + res.att_loss[..., 1]
    def_men = res.def_loss[..., 0] + res.def_loss[..., 1]
    pa = np.percentile(att_men, [10, 50, 90], axis=0)
    pd = np.percentile(def_men, [10, 50, 90], axis=0)
    return Prediction(
        odds=res.odds,
        p_outcome=counts / samples,
        att_loss_mean=att_men.mean(axis=0),
        att_loss_p10=pa[0],
        att_loss_p50=pa[1],
        att_loss_p90=pa[2],
        def_loss_mean=def_men.mean(axis=0),
        def_loss_p10=pd[0],
        def_loss_p50=pd[1],
        def_loss_p90=pd[2],
        p_att_cmd_lost=(res.att_cmd_fate != CommanderFate.SAFE).mean(axis=0),
        p_def_cmd_lost=(res.def_cmd_fate != CommanderFate.SAFE).mean(axis=0),
    )
