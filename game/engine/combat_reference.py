"""Scalar reference of the combat resolver: one engagement, one replica, plain Python floats.

Written for reading and for checking `combat.resolve`, not for speed. It repeats the vectorised
resolver's arithmetic operation for operation (same association order, same draws from
`rng.mix_scalar`), so the two must agree exactly, integers and all; any divergence is a bug in
one of them. See `combat` for the model.
"""

from __future__ import annotations

import math

import numpy as np

from game.engine import rng
from game.engine.combat import (
    POWER_FLOOR,
    CombatTables,
    CommanderFate,
    Engagements,
    Outcome,
    pair_of_day,
)


def _power(n: list[float], wt: list[float]) -> float:
    return n[0] * wt[0] + n[1] * wt[1] + n[2] * wt[2] + n[3] * wt[3]


def _binomial(n: float, f: float, z: float) -> float:
    mean = n * f
    sd = math.sqrt((1.0 - f) * mean)
    x = float(round(sd * z + mean))  # nearest, ties to even: np.rint
    return min(max(x, 0.0), n)


def resolve_scalar(eng: Engagements, e: int, tables: CombatTables, replica: int) -> dict:
    """Replica `replica` of engagement `e`; the keys and meanings of `combat.CombatResult`.

    Returns att_loss, def_loss, att_prisoners, def_prisoners (lists of 4 ints), outcome,
    att_cmd_fate, def_cmd_fate, days (ints), odds, att_power, def_power (floats).
    """
    t = tables
    D = t.battle_days
    ter, pos = int(eng.terrain[e]), int(eng.posture[e])
    w = [float(x) for x in t.weights]
    wt = [w[a] * float(t.terrain_arms[ter, a]) for a in range(4)]
    counts = [[float(x) for x in eng.att[e]], [float(x) for x in eng.dfn[e]]]
    morale = [float(eng.att_morale[e]), float(eng.def_morale[e])]
    fatigue = [float(eng.att_fatigue[e]), float(eng.def_fatigue[e])]
    supply = [bool(eng.att_supply[e]), bool(eng.def_supply[e])]
    cmd = [float(eng.att_cmd[e]), float(eng.def_cmd[e])]
    cmd_morale = [float(eng.att_cmd_morale[e]), float(eng.def_cmd_morale[e])]
    has_cmd = [bool(eng.att_has_cmd[e]), bool(eng.def_has_cmd[e])]
    env = float(t.terrain_env[ter])

    mult = []
    for s in range(2):
        eff = t.eff_slope * morale[s] + t.eff_zero
        sup = 1.0 if supply[s] else t.out_of_supply
        ff = 1.0 - t.fatigue_penalty * fatigue[s]
        m = eff * cmd[s] * sup * ff
        if s == 0:
            m = m * float(eng.river[e])
        else:
            m = m * float(t.posture[pos]) * float(t.terrain_defence[ter]) * float(eng.fort[e])
        mult.append(m)
    att_power = _power(counts[0], wt) * mult[0]
    def_power = _power(counts[1], wt) * mult[1]
    odds = max(att_power, POWER_FLOOR) / max(def_power, POWER_FLOOR)

    bp, frac_w, den = [], [], []
    for s in range(2):
        bp.append(t.breakpoint_base + t.breakpoint_morale * morale[s] + cmd_morale[s])
        men0 = counts[s][0] + counts[s][1]
        pw0 = _power(counts[s], w)
        if men0 > 0:  # men lost / men
            frac_w.append(None)
            den.append(men0)
        else:  # weighted power lost / power; a side with none never breaks
            frac_w.append(w)
            den.append(pw0 if pw0 > 0 else 1.0)

    # Draws: see the slot plan in `combat`.
    base = rng.mix_scalar(int(eng.key[e]), replica)

    def pair(slot: int) -> tuple[float, float]:
        return rng.quick_normal_pair_scalar(rng.mix_scalar(base, slot))

    noise = pair(0)[0] * t.noise_scale
    n = [list(counts[0]), list(counts[1])]
    loss = [[0.0] * 4, [0.0] * 4]
    broken = [False, False]
    frac = [0.0, 0.0]
    f_last = [0.0, 0.0]
    days = D
    caps = (t.max_loss_att, t.max_loss_def)
    for d in range(D):
        p = [max(_power(n[s], wt) * mult[s], POWER_FLOOR) for s in range(2)]
        # NumPy's log and exp, not math's: the vectorised resolver's SIMD loops may differ from
        # libm in the last bit, and a NumPy scalar runs through those same loops.
        q = float(np.exp(np.log(np.float64(p[0] / p[1])) * t.exponent + noise))
        fat = float(t.fatigue_decay[d])
        f = [t.base_loss_att / q * env * fat, t.base_loss_def * q * env * fat]
        f = [min(f[s], caps[s]) for s in range(2)]
        fe = [f[s] * t.equipment_loss for s in range(2)]
        zs = [pair(pair_of_day(d, a)) for a in range(4)]
        for s in range(2):
            for a in range(4):
                x = _binomial(n[s][a], f[s] if a < 2 else fe[s], zs[a][s])
                n[s][a] -= x
                loss[s][a] += x
        for s in range(2):
            if frac_w[s] is None:
                lw = loss[s][0] + loss[s][1]
            else:
                lw = _power(loss[s], frac_w[s])
            frac[s] = lw / den[s]
        brk = [frac[s] >= bp[s] for s in range(2)]
        if brk[0] or brk[1]:
            broken = brk
            f_last = f
            days = d + 1
            break

    att_loses = broken[0] and (not broken[1] or frac[0] >= frac[1])
    def_loses = broken[1] and not att_loses
    outcome = Outcome.HELD
    prisoners = [[0.0] * 4, [0.0] * 4]
    if att_loses or def_loses:
        ls = 0 if att_loses else 1
        rout = frac[ls] + f_last[ls] >= t.rout_margin * bp[ls]
        if att_loses:
            outcome = Outcome.ATTACKER_ROUTED if rout else Outcome.ATTACKER_REPULSED
        else:
            outcome = Outcome.DEFENDER_ROUTED if rout else Outcome.DEFENDER_RETREATS
        if rout:
            win = n[1 - ls]
            men = win[0] + win[1]
            share = win[1] / men if men > 0 else 0.0
            fp = t.pursuit_loss * share * float(t.terrain_pursuit[ter])
            zs = pair(t.pursuit_slot) + pair(t.pursuit_slot + 1)  # infantry, cavalry, guns, mg
            probs = (fp, fp, t.gun_capture, fp)
            for a in range(4):
                x = _binomial(n[ls][a], probs[a], zs[a])
                taken = x if a == 2 else float(math.floor(x * t.prisoners_share + 0.5))
                loss[ls][a] += x
                prisoners[ls][a] += taken

    fates = [CommanderFate.SAFE, CommanderFate.SAFE]
    for s in range(2):
        if broken[s] and has_cmd[s]:
            u = rng.uniform_scalar(rng.mix_scalar(base, t.commander_slot + s))
            if u < t.commander_killed:
                fates[s] = CommanderFate.KILLED
            elif u < t.commander_lost:
                fates[s] = CommanderFate.CAPTURED

    return {
        "att_loss": [int(x) for x in loss[0]],
        "def_loss": [int(x) for x in loss[1]],
        "att_prisoners": [int(x) for x in prisoners[0]],
        "def_prisoners": [int(x) for x in prisoners[1]],
        "outcome": int(outcome),
        "att_cmd_fate": int(fates[0]),
        "def_cmd_fate": int(fates[1]),
        "days": days,
        "odds": odds,
        "att_power": att_power,
        "def_power": def_power,
    }
