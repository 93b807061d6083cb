"""The combat model against battles of 1921 (fact sheet: calibration figures), with the
scenario's own coefficients: the historical winner should come out in most replicas."""

import pytest

from game.engine import combat
from game.engine.world import build_world
from game.paths import DEFAULT_SCENARIO
from game.scenario.loader import load_scenario

HASTY = combat.POSTURES.index("hasty")


@pytest.fixture(scope="module")
def world():
    return build_world(load_scenario(DEFAULT_SCENARIO))


def _predict(world, place, att, dfn, **kw):
    h = world.place_hex[world.place_index[place]]
    eng = combat.Engagements.single(
        att, dfn, terrain=int(world.terrain[h]), fort=float(world.place_defence[h]), key=1921, **kw
    )
    return combat.predict(eng, world.combat, samples=2000)


def test_troitskosavsk_reinforced_holds(world):
    """7 June: ~1,400 bayonets and 4 guns in the town against Ungern's brigade (~2,500 sabres)."""
    p = _predict(
        world,
        "troitskosavsk",
        [0, 2500, 6, 20],
        [1400, 0, 4, 12],
        posture=HASTY,
        att_morale=0.8,
        def_morale=0.7,
        att_cmd=1.15,
        att_has_cmd=True,
    )
    assert p.p_attacker_wins[0] < 0.1
    assert p.att_loss_mean[0] > 2 * p.def_loss_mean[0]


def test_gusinoozersk_datsan_falls(world):
    """31 July: the Whites beat two rifle battalions with 4 guns at the datsan."""
    p = _predict(
        world,
        "gusinoozersk_datsan",
        [0, 2000, 4, 12],
        [800, 0, 4, 8],
        posture=HASTY,
        att_morale=0.75,
        def_morale=0.6,
        att_cmd=1.15,
        att_has_cmd=True,
    )
    assert p.p_attacker_wins[0] > 0.6
    assert p.p_defender_wins[0] < 0.05


def test_odds_table_is_decisive(world):
    """Open steppe, equal morale: 1:1 rarely wins, 3:1 usually does, 5:1 almost always."""
    steppe = world.terrain_ids.index("steppe")
    wins = []
    for odds in (1, 3, 5):
        eng = combat.Engagements.single(
            [1000 * odds, 0, 0, 0], [1000, 0, 0, 0], terrain=steppe, posture=HASTY, key=7
        )
        wins.append(combat.predict(eng, world.combat, samples=2000).p_attacker_wins[0])
    assert wins[0] < 0.1 and 0.6 < wins[1] < 0.95 and wins[2] > 0.9


def test_a_history_without_battles_has_nothing_to_score():
    import json

    from game.history.calibration import Calibration

    empty = Calibration([])
    assert empty.format_text() == "The history records no battles to check the engine on."
    data = json.loads(json.dumps(empty.to_json(), allow_nan=False))
    assert data["brier"] is None and data["total"] == 0
