"""The vectorised combat resolver: exact agreement with the scalar reference, determinism across
batches, and the behaviour the design notes ask of the model."""

from __future__ import annotations

import math
import subprocess
import sys

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from game.engine import combat
from game.engine.combat import (
    ARMS,
    POSTURES,
    CombatTables,
    CommanderFate,
    Engagements,
    Outcome,
    lanchester_step,
    predict,
    resolve,
)
from game.engine.combat_reference import resolve_scalar
from game.scenario.schema import CombatRules

TERRAIN = ("steppe", "forest", "mountains")
STEPPE, FOREST, MOUNTAINS = range(3)
MOVED, HASTY, PREPARED = range(3)
INT_KEYS = ("att_loss", "def_loss", "att_prisoners", "def_prisoners")
CODE_KEYS = ("outcome", "att_cmd_fate", "def_cmd_fate", "days")


def _arms(inf, cav, art, mg):
    return {"infantry": inf, "cavalry": cav, "artillery": art, "machine_guns": mg}


RULES = {
    "weights": _arms(1, 1, 30, 8),
    "terrain": {
        "steppe": {"arms": _arms(1, 1, 1, 1), "defence": 1, "environment": 1, "pursuit": 1},
        "forest": {
            "arms": _arms(1, 0.8, 0.9, 1),
            "defence": 1.3,
            "environment": 0.8,
            "pursuit": 0.5,
        },
        "mountains": {
            "arms": _arms(1, 0.5, 0.6, 1),
            "defence": 1.5,
            "environment": 0.7,
            "pursuit": 0.2,
        },
    },
    "posture": {"moved": 1.0, "hasty": 1.3, "prepared": 1.5},
    "river_attack": {"major": 0.6, "minor": 0.8},
    "noise_sigma": 0.37,
    "exponent": 0.5,
    "base_loss": {"attacker": 0.06, "defender": 0.04},
    "max_loss": {"attacker": 0.25, "defender": 0.2},
    "battle_days": 3,
    "equipment_loss": 0.5,
    "breakpoint_base": 0.10,
    "breakpoint_morale": 0.25,
    "rout_margin": 1.5,
    "pursuit_loss": 0.15,
    "prisoners_share": 0.5,
    "gun_capture": 0.3,
    "commander_killed": 0.05,
    "commander_captured": 0.05,
    "effectiveness": {"at_zero_morale": 0.6, "at_full_morale": 1.3},
    "fatigue_penalty": 0.3,
    "out_of_supply": 0.7,
    "morale_win": 0.05,
    "morale_loss": -0.1,
    "morale_rout": -0.25,
    "fatigue_per_battle": 0.2,
}


def make_rules(**changes) -> CombatRules:
    """The test calibration as a validated `CombatRules`, with top-level keys replaced."""
    return CombatRules.model_validate({**RULES, **changes})


def make_tables(**changes) -> CombatTables:
    return CombatTables.from_rules(make_rules(**changes), TERRAIN)


@pytest.fixture(scope="module")
def tables() -> CombatTables:
    return make_tables()


def random_engagements(n: int, seed: int = 0) -> Engagements:
    """A spread of engagements, with the awkward cases mixed in: sides of only guns, empty sides."""
    g = np.random.default_rng(seed)
    att = np.stack(
        [
            g.integers(0, 6000, n),
            g.integers(0, 3000, n),
            g.integers(0, 24, n),
            g.integers(0, 40, n),
        ],
        axis=1,
    )
    dfn = np.stack(
        [
            g.integers(0, 5000, n),
            g.integers(0, 2500, n),
            g.integers(0, 16, n),
            g.integers(0, 30, n),
        ],
        axis=1,
    )
    att[: n // 2, 1] = 0  # infantry-only attacks and a few tiny or odd forces
    att[::17, :2] = 0  # guns and machine guns only
    dfn[::23, :2] = 0
    dfn[::29] = 0  # nobody home
    att[::31] = g.integers(0, 5, (len(att[::31]), 4))
    return Engagements(
        att=att,
        dfn=dfn,
        terrain=g.integers(0, 3, n),
        posture=g.integers(0, 3, n),
        river=g.choice([1.0, 0.8, 0.6], n),
        fort=g.choice([1.0, 1.2, 1.4], n),
        att_morale=g.random(n),
        def_morale=g.random(n),
        att_fatigue=g.random(n),
        def_fatigue=g.random(n),
        att_supply=g.random(n) < 0.8,
        def_supply=g.random(n) < 0.8,
        att_cmd=g.uniform(0.85, 1.2, n),
        def_cmd=g.uniform(0.85, 1.2, n),
        att_cmd_morale=g.uniform(-0.1, 0.1, n),
        def_cmd_morale=g.uniform(-0.1, 0.1, n),
        att_has_cmd=g.random(n) < 0.6,
        def_has_cmd=g.random(n) < 0.6,
        key=g.integers(0, 2**63, n, dtype=np.uint64) * np.uint64(2) + np.uint64(seed),
    )


def assert_matches_scalar(res, eng: Engagements, tables: CombatTables, replicas, offset=0):
    for r in replicas:
        for e in range(len(eng)):
            ref = resolve_scalar(eng, e, tables, offset + r)
            for k in INT_KEYS:
                assert getattr(res, k)[r, e].tolist() == ref[k], (k, r, e)
            for k in CODE_KEYS:
                assert int(getattr(res, k)[r, e]) == ref[k], (k, r, e)
            for k in ("odds", "att_power", "def_power"):
                assert float(getattr(res, k)[e]) == ref[k], (k, e)


def assert_valid(res, eng: Engagements, tables: CombatTables):
    for side, counts in (("att", eng.att), ("def", eng.dfn)):
        loss, taken = getattr(res, f"{side}_loss"), getattr(res, f"{side}_prisoners")
        assert loss.dtype == np.int64 and taken.dtype == np.int64
        assert (loss >= 0).all() and (loss <= counts[None]).all()
        assert (taken >= 0).all() and (taken <= loss).all()
    assert np.isin(res.outcome, list(Outcome)).all()
    assert np.isin(res.att_cmd_fate, list(CommanderFate)).all()
    assert ((res.days >= 1) & (res.days <= tables.battle_days)).all()
    held = res.outcome == Outcome.HELD
    assert (res.days[held] == tables.battle_days).all()
    # Prisoners and captured guns only come from a rout, and only from the routed side.
    assert (res.att_prisoners[res.outcome != Outcome.ATTACKER_ROUTED] == 0).all()
    assert (res.def_prisoners[res.outcome != Outcome.DEFENDER_ROUTED] == 0).all()
    # Only a broken side with a commander can lose him.
    assert (res.att_cmd_fate[:, ~eng.att_has_cmd] == 0).all()
    assert (res.def_cmd_fate[:, ~eng.def_has_cmd] == 0).all()
    assert (res.att_cmd_fate[held] == 0).all() and (res.def_cmd_fate[held] == 0).all()


# ----------------------------------------------------------------------------------- tables


def test_tables_from_rules(tables):
    assert tables.weights.tolist() == [1, 1, 30, 8]
    assert tables.terrain_arms.shape == (3, 4)
    assert tables.terrain_arms[MOUNTAINS].tolist() == [1, 0.5, 0.6, 1]
    assert tables.terrain_defence.tolist() == [1, 1.3, 1.5]
    assert tables.terrain_env.tolist() == [1, 0.8, 0.7]
    assert tables.terrain_pursuit.tolist() == [1, 0.5, 0.2]
    assert tables.posture.tolist() == [1.0, 1.3, 1.5] and POSTURES == ("moved", "hasty", "prepared")
    assert ARMS == ("infantry", "cavalry", "artillery", "machine_guns")
    # fat(d) = 1 / ln(e + d), Euler's e, d = 1 … battle_days.
    np.testing.assert_allclose(tables.fatigue_decay, [1 / math.log(math.e + d) for d in (1, 2, 3)])


def test_unknown_terrain_is_neutral():
    t = CombatTables.from_rules(make_rules(), ("steppe", "lake", "forest"))
    assert t.terrain_arms[1].tolist() == [1, 1, 1, 1]
    assert (t.terrain_defence[1], t.terrain_env[1], t.terrain_pursuit[1]) == (1, 1, 1)
    assert t.terrain_defence[2] == 1.3


def test_missing_weight_is_an_error():
    rules = make_rules()
    del rules.weights["machine_guns"]
    with pytest.raises(ValueError, match="machine_guns"):
        CombatTables.from_rules(rules, TERRAIN)


# ------------------------------------------------------------------------------ engagements


def test_engagement_helpers():
    a = Engagements.single([100, 0, 2, 0], [80, 10, 0, 1], terrain=FOREST, key=5)
    b = Engagements.single([10, 20, 0, 0], [30, 0, 0, 0], posture=PREPARED, river=0.6, key=6)
    both = Engagements.stack([a, b])
    assert len(a) == 1 and len(both) == 2
    assert both.att.dtype == np.float64 and both.key.dtype == np.uint64
    assert both.posture.tolist() == [MOVED, PREPARED] and both.river.tolist() == [1.0, 0.6]
    back = both.take([1])
    assert back.dfn.tolist() == [[30, 0, 0, 0]] and back.key.tolist() == [6]
    with pytest.raises(ValueError, match="shape"):
        Engagements.single([1, 2, 3], [1, 2, 3, 4])


def test_resolve_rejects_bad_input(tables):
    with pytest.raises(ValueError, match="terrain"):
        resolve(Engagements.single([10, 0, 0, 0], [10, 0, 0, 0], terrain=3), tables)
    with pytest.raises(ValueError, match="whole numbers"):
        Engagements.single([-1, 0, 0, 0], [10, 0, 0, 0])
    with pytest.raises(ValueError, match="whole numbers"):
        Engagements.single([10, 0, 0, 0], [10.5, 0, 0, 0])


# ------------------------------------------------------------------- exact reproducibility


def test_vectorised_equals_scalar_reference(tables):
    eng = random_engagements(300, seed=1)
    res = resolve(eng, tables, replicas=4)
    assert res.att_loss.shape == (4, 300, 4) and res.outcome.shape == (4, 300)
    assert res.odds.shape == (300,)
    assert_matches_scalar(res, eng, tables, range(4))
    assert_valid(res, eng, tables)
    # The sample exercises every branch of the model.
    assert set(np.unique(res.outcome)) == set(Outcome)
    assert set(np.unique(res.days)) == {1, 2, 3}
    assert {1, 2} <= set(np.unique(res.att_cmd_fate)) | set(np.unique(res.def_cmd_fate))
    assert res.def_prisoners[..., 2].sum() > 0  # guns captured


def test_other_calibrations_equal_scalar_reference():
    eng = random_engagements(120, seed=2)
    for t in (
        make_tables(exponent=1.0, battle_days=5, noise_sigma=0.0),
        make_tables(exponent=0.0, equipment_loss=1.0, battle_days=1, rout_margin=1.0),
    ):
        assert_matches_scalar(resolve(eng, t, replicas=3, replica_offset=7), eng, t, range(3), 7)


def test_replica_in_batch_equals_single_resolution(tables):
    eng = random_engagements(40, seed=3)
    batch = resolve(eng, tables, replicas=50)
    for e in (0, 7, 39):
        for r in (0, 1, 33, 49):
            one = resolve(eng.take([e]), tables, replicas=1, replica_offset=r)
            for k in INT_KEYS + CODE_KEYS:
                np.testing.assert_array_equal(getattr(one, k)[0, 0], getattr(batch, k)[r, e])


def test_result_does_not_depend_on_batch(tables, monkeypatch):
    eng = random_engagements(500, seed=4)
    whole = resolve(eng, tables, replicas=3)
    order = np.random.default_rng(0).permutation(500)
    shuffled = resolve(eng.take(order), tables, replicas=3)
    monkeypatch.setattr(combat, "CHUNK", 128)  # many blocks, over several threads
    blocks = resolve(eng, tables, replicas=3, workers=2)
    first = resolve(eng, tables, workers=2)
    for k in INT_KEYS + CODE_KEYS:
        np.testing.assert_array_equal(getattr(shuffled, k), getattr(whole, k)[:, order])
        np.testing.assert_array_equal(getattr(blocks, k), getattr(whole, k))
        np.testing.assert_array_equal(getattr(first, k), getattr(whole, k)[:1])
    np.testing.assert_array_equal(blocks.odds, whole.odds)


def test_same_key_same_battle_other_key_other_battle(tables):
    base = dict(att=[3000, 500, 8, 10], dfn=[2500, 300, 6, 8], terrain=FOREST)
    a = resolve(Engagements.single(**base, key=11), tables, replicas=20)
    b = resolve(Engagements.single(**base, key=11), tables, replicas=20)
    c = resolve(Engagements.single(**base, key=12), tables, replicas=20)
    np.testing.assert_array_equal(a.def_loss, b.def_loss)
    assert not np.array_equal(a.def_loss, c.def_loss)


def test_empty_batch(tables):
    res = resolve(
        Engagements.stack([Engagements.single([1, 0, 0, 0], [1, 0, 0, 0])]).take([]), tables
    )
    assert res.att_loss.shape == (1, 0, 4) and res.odds.shape == (0,)


# ------------------------------------------------------------------------ model behaviour


def _duel(n: int, **kw) -> Engagements:
    """n copies of one engagement with distinct keys."""
    one = Engagements.single(**kw)
    eng = one.take(np.zeros(n, dtype=np.intp))
    eng.key = np.arange(n, dtype=np.uint64) * np.uint64(7919) + np.uint64(1)
    return eng


def _attacker_wins(res) -> float:
    return float(np.isin(res.outcome, [Outcome.DEFENDER_RETREATS, Outcome.DEFENDER_ROUTED]).mean())


def test_huge_odds_break_the_defender(tables):
    res = resolve(_duel(500, att=[100_000, 20_000, 100, 100], dfn=[1000, 0, 0, 0]), tables)
    assert (res.odds > 100).all()
    assert (res.outcome == Outcome.DEFENDER_ROUTED).all()
    assert (res.def_prisoners[..., :2].sum(axis=-1) > 0).all()
    res = resolve(_duel(500, att=[1000, 0, 0, 0], dfn=[100_000, 20_000, 100, 100]), tables)
    assert (res.outcome == Outcome.ATTACKER_ROUTED).all()
    # Lower odds win less often.
    wins = [
        _attacker_wins(resolve(_duel(500, att=[n, 0, 0, 0], dfn=[1000, 0, 0, 0]), tables))
        for n in (3000, 12_000, 30_000, 100_000)
    ]
    assert wins == sorted(wins) and wins[0] < 0.5 and wins[-1] == 1.0


def test_winners_lose_a_smaller_fraction_than_losers(tables):
    eng = random_engagements(4000, seed=5)
    res = resolve(eng, tables)
    men_a, men_d = eng.att[:, :2].sum(1), eng.dfn[:, :2].sum(1)
    ok = (men_a > 0) & (men_d > 0)
    fa = res.att_loss[0, :, :2].sum(-1) / np.where(ok, men_a, 1)
    fd = res.def_loss[0, :, :2].sum(-1) / np.where(ok, men_d, 1)
    att_won = ok & np.isin(res.outcome[0], [Outcome.DEFENDER_RETREATS, Outcome.DEFENDER_ROUTED])
    def_won = ok & np.isin(res.outcome[0], [Outcome.ATTACKER_REPULSED, Outcome.ATTACKER_ROUTED])
    assert att_won.sum() > 100 and def_won.sum() > 100
    assert fa[att_won].mean() < fd[att_won].mean()
    assert fd[def_won].mean() < fa[def_won].mean()


def test_daily_losses_within_caps():
    t = make_tables(battle_days=1, breakpoint_base=1.0)  # one day, nobody breaks
    eng = random_engagements(3000, seed=6)
    mult_a, mult_d = combat.side_multipliers(eng, t)
    wt = t.weights * t.terrain_arms[eng.terrain]
    f_att, f_def = combat.daily_fractions(
        combat.arm_power(eng.att, wt) * mult_a,
        combat.arm_power(eng.dfn, wt) * mult_d,
        0.0,
        t.terrain_env[eng.terrain],
        t,
        0,
    )
    assert (f_att <= t.max_loss_att).all() and (f_def <= t.max_loss_def).all()
    assert f_att.max() == t.max_loss_att and f_def.max() == t.max_loss_def  # the caps bite
    # Realised day-one losses: the binomial spread around a capped rate, never the whole force.
    res = resolve(eng, t, replicas=20)
    big = eng.att[:, 0] >= 1000
    frac = res.att_loss[:, big, 0] / eng.att[big, 0]
    cap_sd = math.sqrt(t.max_loss_att * (1 - t.max_loss_att) / 1000)
    assert frac.max() <= t.max_loss_att + 5 * cap_sd
    assert frac.mean() < t.max_loss_att


def _mean_outcome(tables, n=2000, **kw):
    res = resolve(_duel(n, **kw), tables)
    return float(res.odds[0]), _attacker_wins(res), res


# A lopsided attack the defender still often survives with this calibration: outcomes are open.
OPEN = dict(att=[12_000, 2000, 20, 10], dfn=[1000, 0, 0, 2])


def test_more_guns_more_power(tables):
    few = _mean_outcome(tables, **OPEN)
    more = _mean_outcome(tables, att=[12_000, 2000, 40, 10], dfn=[1000, 0, 0, 2])
    assert more[2].att_power[0] == pytest.approx(
        few[2].att_power[0] * (14_000 + 40 * 30 + 80) / (14_000 + 20 * 30 + 80)
    )
    assert more[0] > few[0] and more[1] > few[1]
    assert more[2].def_loss[..., 0].mean() > few[2].def_loss[..., 0].mean()


def test_prepared_posture_helps_the_defender(tables):
    odds, wins = [], []
    for posture in (MOVED, HASTY, PREPARED):
        o, w, _ = _mean_outcome(tables, posture=posture, **OPEN)
        odds.append(o)
        wins.append(w)
    assert odds[0] > odds[1] > odds[2]
    assert odds[0] / odds[2] == pytest.approx(1.5)
    assert wins[0] > wins[1] > wins[2]


def test_river_hurts_the_attacker(tables):
    dry = _mean_outcome(tables, **OPEN)
    wet = _mean_outcome(tables, river=0.6, **OPEN)
    assert wet[0] == pytest.approx(0.6 * dry[0])
    assert wet[1] < dry[1]
    assert wet[2].att_loss[..., 0].mean() > dry[2].att_loss[..., 0].mean()


def test_terrain_morale_supply_and_commander_shift_power(tables):
    kw = dict(att=[4000, 2000, 8, 10], dfn=[3000, 500, 4, 6])

    def odds(**more) -> float:
        return float(resolve(Engagements.single(**kw, **more), tables).odds[0])

    assert odds(terrain=MOUNTAINS) < odds(terrain=FOREST) < odds(terrain=STEPPE)
    assert odds(att_morale=0.9) > odds(att_morale=0.5)
    assert odds(att_supply=False) == pytest.approx(0.7 * odds())
    assert odds(def_supply=False) == pytest.approx(odds() / 0.7)
    assert odds(att_fatigue=1.0) == pytest.approx(0.7 * odds())
    assert odds(att_cmd=1.2) == pytest.approx(1.2 * odds())


def test_breakpoint_rises_with_morale(tables):
    kw = dict(att=[6000, 0, 10, 10], dfn=[3000, 0, 4, 6])
    shaky = resolve(_duel(2000, **kw, def_morale=0.1), tables)
    steady = resolve(_duel(2000, **kw, def_morale=0.9, def_cmd_morale=0.1), tables)
    assert _attacker_wins(shaky) > _attacker_wins(steady)


def test_commanders_of_broken_sides_are_at_risk(tables):
    res = resolve(
        _duel(
            4000, att=[20000, 5000, 40, 60], dfn=[1000, 0, 0, 2], def_has_cmd=True, att_has_cmd=True
        ),
        tables,
    )
    lost = res.def_cmd_fate != CommanderFate.SAFE
    assert lost.mean() == pytest.approx(0.10, abs=0.02)
    assert (res.def_cmd_fate == CommanderFate.KILLED).mean() == pytest.approx(0.05, abs=0.015)
    assert (res.att_cmd_fate == CommanderFate.SAFE).mean() > 0.99


def test_square_law_invariant():
    """With e = 1, one arm and no caps, the expected day is the Euler step of the square law."""
    t = make_tables(exponent=1.0, max_loss={"attacker": 1.0, "defender": 1.0})
    eng = Engagements.single([50000, 0, 0, 0], [30000, 0, 0, 0], terrain=FOREST, posture=HASTY)
    mult_a, mult_d = combat.side_multipliers(eng, t)
    ka, kd = mult_a[0], mult_d[0] * 1.0  # weight and terrain factor of infantry are 1
    att, dfn = eng.att.copy(), eng.dfn.copy()

    def invariant(a, d):
        return t.base_loss_def * (ka * a[0, 0]) ** 2 - t.base_loss_att * (kd * d[0, 0]) ** 2

    for day in range(t.battle_days):
        before = invariant(att, dfn)
        att, dfn = lanchester_step(att, dfn, eng, t, day)
        c = t.terrain_env[FOREST] * t.fatigue_decay[day]
        assert invariant(att, dfn) == pytest.approx(
            before * (1 - t.base_loss_att * t.base_loss_def * c * c), rel=1e-9
        )
    # With breakpoints off and no noise, the resolver's draws scatter around that expected battle.
    quiet = make_tables(
        exponent=1.0,
        noise_sigma=0.0,
        breakpoint_base=1.0,
        max_loss={"attacker": 1.0, "defender": 1.0},
    )
    res = resolve(eng, quiet, replicas=400)
    assert (res.outcome == Outcome.HELD).all()
    np.testing.assert_allclose(res.att_loss[..., 0].mean(), eng.att[0, 0] - att[0, 0], rtol=2e-3)
    np.testing.assert_allclose(res.def_loss[..., 0].mean(), eng.dfn[0, 0] - dfn[0, 0], rtol=2e-3)


# ------------------------------------------------------------------------------ prediction


def test_predict(tables):
    eng = Engagements.stack(
        [
            Engagements.single(**OPEN, key=3, def_has_cmd=True),
            Engagements.single([6000, 0, 2, 2], [1000, 0, 6, 6], posture=PREPARED, key=4),
        ]
    )
    p = predict(eng, tables, samples=1000)
    np.testing.assert_allclose(p.p_outcome.sum(axis=1), 1.0)
    assert (p.att_loss_p10 <= p.att_loss_p50).all() and (p.att_loss_p50 <= p.att_loss_p90).all()
    assert (p.def_loss_p10 <= p.def_loss_p50).all() and (p.def_loss_p50 <= p.def_loss_p90).all()
    assert p.p_attacker_wins[0] > p.p_attacker_wins[1]
    np.testing.assert_allclose(p.p_attacker_wins + p.p_defender_wins + p.p_outcome[:, 0], 1.0)
    assert p.p_def_cmd_lost[0] > 0 and p.p_def_cmd_lost[1] == 0
    # Samples are replicas 1 … samples: the in-game replica 0 stays unseen.
    res = resolve(eng, tables, replicas=1000, replica_offset=1)
    np.testing.assert_allclose(p.def_loss_mean, res.def_loss[..., :2].sum(-1).mean(axis=0))
    np.testing.assert_array_equal(p.odds, res.odds)


# ------------------------------------------------------------------------------ properties

counts = st.tuples(
    st.integers(0, 200_000), st.integers(0, 100_000), st.integers(0, 500), st.integers(0, 2000)
)
unit = st.floats(0.0, 1.0)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    att=counts,
    dfn=counts,
    terrain=st.integers(0, 2),
    posture=st.integers(0, 2),
    river=st.sampled_from([1.0, 0.8, 0.6]),
    morale=st.tuples(unit, unit),
    fatigue=st.tuples(unit, unit),
    supply=st.tuples(st.booleans(), st.booleans()),
    cmd=st.tuples(st.floats(0.85, 1.2), st.floats(0.85, 1.2)),
    key=st.integers(0, 2**64 - 1),
)
def test_property_losses_within_counts(
    att, dfn, terrain, posture, river, morale, fatigue, supply, cmd, key
):
    tables = make_tables()
    eng = Engagements.single(
        att,
        dfn,
        terrain=terrain,
        posture=posture,
        river=river,
        att_morale=morale[0],
        def_morale=morale[1],
        att_fatigue=fatigue[0],
        def_fatigue=fatigue[1],
        att_supply=supply[0],
        def_supply=supply[1],
        att_cmd=cmd[0],
        def_cmd=cmd[1],
        att_has_cmd=True,
        def_has_cmd=True,
        key=key,
    )
    res = resolve(eng, tables, replicas=3)
    assert_valid(res, eng, tables)
    assert_matches_scalar(res, eng, tables, range(3))


def test_engine_does_not_import_pygame():
    code = "import sys, game.engine.combat, game.engine.rng; assert 'pygame' not in sys.modules"
    subprocess.run([sys.executable, "-c", code], check=True)
