"""Rules on a small synthetic map: rasterising, movement, ZOC, stacking, supply, turns, victory."""

import numpy as np
import pytest

from game.engine import movement, rules, supply
from game.engine.commands import Attack, EndTurn, Move
from game.engine.flow import start_game
from game.engine.state import UnitStatus
from tests.factory import scenario_data, small_world


@pytest.fixture(scope="module")
def world():
    return small_world()


def _start(world, seed=1):
    state, _ = start_game(world, seed)
    return state


def _hex(world, lat, lon):
    return int(world.grid.hex_at_latlon(lat, lon))


def _to_red(world, state):
    out = rules.apply(world, state, EndTurn())
    assert out.ok
    return out.state


# --------------------------------------------------------------------- rasterising


def test_places_fall_in_the_hex_of_their_coordinates(world):
    for p in world.scenario.map.places:
        assert world.place_hex[world.place_index[p.id]] == world.grid.hex_at_latlon(p.lat, p.lon)


def test_areas_paint_terrain(world):
    t = world.terrain_ids
    assert t[world.terrain[_hex(world, 50.1, 106.1)]] == "mountains"
    assert t[world.terrain[_hex(world, 50.88, 107.3)]] == "lake"
    assert t[world.terrain[_hex(world, 50.5, 107.0)]] == "steppe"
    assert world.impassable[_hex(world, 50.88, 107.3)]


def test_river_is_a_continuous_barrier(world):
    """Every path from the west bank to the east bank crosses a river edge."""
    x_river = world.grid.latlon_to_xy(50.5, 106.77)[0]
    west = world.grid.x < x_river
    crossing = world.river_edge > 0
    nb = world.grid.neighbours
    for h in range(world.grid.size):
        for d in range(6):
            n = nb[h, d]
            if n >= 0 and west[h] != west[n]:
                assert crossing[h, d], (h, d)


def test_road_connects_consecutive_hexes(world):
    road = np.flatnonzero(world.route_hex == 2)
    assert road.size >= 8
    # every road hex but the two ends has two road edges
    degree = (world.route_edge[road] == 2).sum(axis=1)
    assert (degree >= 1).all()
    assert (degree == 1).sum() == 2


def test_railway_hexes(world):
    assert world.rail[world.place_hex[world.place_index["depot"]]]
    assert world.rail.sum() >= 3


# ------------------------------------------------------------------------ movement


def test_costs_follow_terrain_roads_and_rivers(world):
    inf, cav = world.type_ids.index("inf"), world.type_ids.index("cav")
    h = _hex(world, 50.7, 107.1)  # open steppe east of the river, off the road
    assert world.step_cost[inf, h, 3] == 1.0
    west_mtn = _hex(world, 50.15, 106.15)
    into = world.grid.neighbours[west_mtn, 0]
    # stepping from the steppe into the mountains costs the mountain price
    d = world.grid.direction(int(into), west_mtn)
    assert world.step_cost[cav, into, d] == 3.0
    # crossing the river off the road adds the crossing cost
    crossing = np.argwhere(world.river_edge > 0)
    h, d = crossing[0]
    if world.route_edge[h, d] == 0:
        assert world.step_cost[inf, h, d] >= 1.0 + 4.0


def test_rail_only_units_stay_on_the_railway(world):
    train = world.type_ids.index("train")
    finite = np.isfinite(world.step_cost[train])
    src = np.argwhere(finite)
    for h, d in src:
        assert world.rail[h] and world.rail[world.grid.neighbours[h, d]]


def test_reach_respects_movement_points(world):
    state = _to_red(world, _start(world))
    u = world.unit_index["red_inf"]
    found = movement.reach(world, state, u)
    assert all(c <= state.mp[u] + 1e-9 for c in found.cost.values())
    assert found.stops
    for h in list(found.stops)[:20]:
        path = found.path_to(h)
        assert path[0] == state.hex[u] and path[-1] == h
        cost = sum(
            world.step_cost[world.unit_type[u], a, world.grid.direction(a, b)]
            for a, b in zip(path, path[1:], strict=False)
        )
        assert cost == pytest.approx(found.cost[h])


def test_move_command_and_refusals(world):
    state = _to_red(world, _start(world))
    u = world.unit_index["red_cav"]
    stops = sorted(movement.reach(world, state, u).stops)
    target = stops[len(stops) // 2]
    out = rules.apply(world, state, Move("red_cav", target))
    assert out.ok and out.state.hex[u] == target
    assert out.state.mp[u] < state.mp[u]
    assert state.hex[u] != target  # the old state is untouched
    # refusals: unknown unit, enemy unit, off-map hex, out of reach
    h0 = state.state_hash()
    for cmd, why in [
        (Move("nobody", target), "no unit"),
        (Move("white_cav", target), "other side"),
        (Move("red_cav", 10**6), "not on the map"),
        (Move("red_inf", _hex(world, 50.95, 106.05)), "cannot reach"),
    ]:
        res = rules.apply(world, state, cmd)
        assert not res.ok and why in res.reason
        assert state.state_hash() == h0


def test_zoc_stops_movement_and_cavalry_breaks_off(world):
    state = _to_red(world, _start(world))
    w = world.unit_index["white_cav2"]
    r = world.unit_index["red_cav"]
    # put the white raiders next to the red horse
    state = state.copy()
    nb = int(world.grid.neighbours[state.hex[r], 3])
    state.hex[w] = nb
    zoc = movement.zoc_mask(world, state, world.side_index["red"])
    found = movement.reach(world, state, r)
    for h in found.cost:
        if h != state.hex[r] and zoc[h]:
            # nothing is reached through a ZOC hex
            assert all(found.parent.get(k) != h for k in found.cost)
    # infantry in ZOC may not step into another ZOC hex; cavalry may
    assert not world.zoc_to_zoc[world.type_ids.index("inf")]
    assert world.zoc_to_zoc[world.type_ids.index("cav")]


def test_stacking_limit(world):
    state = _to_red(world, _start(world)).copy()
    h = int(state.hex[world.unit_index["red_inf"]])
    state.hex[world.unit_index["red_train"]] = h  # two units: the limit of this scenario
    found = movement.reach(world, state, world.unit_index["red_cav"])
    assert h not in found.stops


# ------------------------------------------------------------------------- supply


def test_supply_traced_from_held_sources(world):
    state = _start(world)
    red = world.side_index["red"]
    field = supply.supply_field(world, state, red)
    depot = world.place_hex[world.place_index["depot"]]
    assert field[depot] == 10
    assert field[_hex(world, 50.05, 106.1)] < 0  # far off in the mountains
    # a source the side does not hold gives nothing
    west = world.place_hex[world.place_index["west_town"]]
    assert field[west] < 6


def test_enemy_blocks_supply(world):
    state = _start(world).copy()
    red = world.side_index["red"]
    depot = world.place_hex[world.place_index["depot"]]
    before = supply.supply_field(world, state, red)
    state.hex[world.unit_index["white_cav2"]] = depot
    after = supply.supply_field(world, state, red)
    assert after[depot] < 0 and (after >= 0).sum() < (before >= 0).sum()


# --------------------------------------------------------------------------- turns


def test_turn_sequence_reinforcements_and_events(world):
    state = _start(world)
    late = world.unit_index["red_late"]
    assert state.status[late] == UnitStatus.WAITING
    assert world.side_ids[state.side] == "white"
    for _ in range(4):  # two turns: 1 Jun and 4 Jun → the reserve arrives on turn 3 (7 Jun)
        state = rules.apply(world, state, EndTurn()).state
    assert state.turn == 3
    assert state.status[late] == UnitStatus.ACTIVE
    assert "rallied" in state.flags and "rally" in state.fired


def test_game_ends_on_the_last_day_with_a_level(world):
    state = _start(world)
    while not state.game_over:
        state = rules.apply(world, state, EndTurn()).state
    assert state.turn == world.turns + 1
    r = state.result
    assert r["winner"] in ("red", "white", "draw") and r["level"]
    assert rules.apply(world, state, EndTurn()).reason == "the game is over"


def test_sudden_death(world):
    state = _start(world).copy()
    west = world.place_hex[world.place_index["west_town"]]
    state.control[west] = world.side_index["red"]
    state = rules.apply(world, state, EndTurn()).state
    state = rules.apply(world, state, EndTurn()).state
    assert state.game_over and "West Town falls" in state.result["reason"]


def test_victory_levels_are_measured_against_history():
    data = scenario_data()
    data["victory"]["historical_score"] = 1000  # red can only do worse than this history
    w = small_world(data)
    state = _start(w)
    while not state.game_over:
        state = rules.apply(w, state, EndTurn()).state
    assert state.result["winner"] == "white"


# -------------------------------------------------------------------------- attack


def test_attack_resolves_and_refusals_leave_state_untouched(world):
    state = _to_red(world, _start(world)).copy()
    r = world.unit_index["red_inf"]
    w = world.unit_index["white_cav2"]
    target = int(world.grid.neighbours[state.hex[r], 0])
    state.hex[w] = target
    h0 = state.state_hash()
    bad = rules.apply(world, state, Attack(("red_cav",), target))
    assert not bad.ok and "not next to" in bad.reason and state.state_hash() == h0
    out = rules.apply(world, state, Attack(("red_inf",), target))
    assert out.ok
    battle = [e for e in out.events if e.kind == "battle"]
    assert len(battle) == 1
    new = out.state
    assert new.attacked[r] and new.combat_count == 1
    again = rules.apply(world, new, Attack(("red_inf",), target))
    assert not again.ok


def test_legal_commands_are_all_accepted(world):
    state = _to_red(world, _start(world))
    cmds = rules.legal_commands(world, state)
    assert isinstance(cmds[-1], EndTurn)
    for cmd in cmds[:: max(1, len(cmds) // 25)]:
        assert rules.apply(world, state, cmd).ok, cmd


# ---------------------------------------------------------------- fog, attrition, fates


def test_fog_hides_distant_units_and_units_in_the_hills(world):
    from game.engine import fog

    state = _start(world).copy()
    red, white = world.side_index["red"], world.side_index["white"]
    w = world.unit_index["white_cav2"]
    r = world.unit_index["red_cav"]
    far = _hex(world, 50.05, 106.05)  # in the mountains, far from every red unit
    state.hex[w] = far
    assert not fog.visible_units(world, state, red)[w]
    assert fog.visible_units(world, state, white)[w]  # own units are always seen
    hills = _hex(world, 50.2, 106.2)
    state.hex[w] = hills
    state.hex[r] = int(world.grid.neighbours[world.grid.neighbours[hills, 0], 0])  # two hexes away
    assert world.blocks_sight[hills]
    assert not fog.visible_units(world, state, red)[w]  # sight 3, but the hills hide it
    state.hex[r] = int(world.grid.neighbours[hills, 0])  # adjacent
    assert fog.visible_units(world, state, red)[w]
    fog.update_sightings(world, state)
    assert state.seen_hex[red, w] == hills and state.seen_turn[red, w] == state.turn


def test_out_of_supply_units_lose_men_and_morale_cavalry_forages():
    from game.engine import flow

    data = scenario_data()
    data["rules"]["supply"]["sources"][0]["range"] = 2  # the depot feeds only its surroundings
    world = small_world(data)
    state = _start(world).copy()
    far = _hex(world, 50.05, 106.9)  # south, beyond every red source's range
    r_inf, r_cav = world.unit_index["red_inf"], world.unit_index["red_cav"]
    state.hex[r_inf] = far
    state.hex[r_cav] = int(world.grid.neighbours[far, 0])
    men_before = state.men.copy()
    morale_before = state.morale.copy()
    flow.upkeep(world, state)
    assert not state.supplied[r_inf] and not state.supplied[r_cav]
    inf_loss = 1 - state.men[r_inf, 0] / men_before[r_inf, 0]
    cav_loss = 1 - state.men[r_cav, 1] / men_before[r_cav, 1]
    assert inf_loss == pytest.approx(0.04, abs=0.002)
    assert cav_loss == pytest.approx(0.01, abs=0.003)  # foraging on the steppe
    assert state.morale[r_inf] < morale_before[r_inf]


def test_event_removes_a_commander_and_the_stake_scores():
    from game.engine import victory

    data = scenario_data()
    data["events"].append(
        {
            "id": "plot",
            "name": "Plot",
            "trigger": {"after": "1921-06-04", "flag": "rallied"},
            "effects": [{"capture_commander": {"id": "white_boss"}}],
        }
    )
    w = small_world(data)
    state = _start(w)
    red = w.side_index["red"]
    base = victory.final_points(w, state)[red]
    for _ in range(6):
        state = rules.apply(w, state, EndTurn()).state
    c = w.commander_index["white_boss"]
    assert state.cmd_status[c] == 2  # captured
    assert victory.final_points(w, state)[red] >= base + 12


def test_a_surrounded_unit_that_loses_surrenders(world):
    from game.engine import flow

    state = _to_red(world, _start(world)).copy()
    w = world.unit_index["white_cav2"]
    corner = 0  # the north-west corner hex has only two or three neighbours on the map
    state.hex[w] = corner
    blockers = [world.unit_index[u] for u in ("red_inf", "red_cav", "red_train")]
    free = [int(n) for n in world.grid.neighbours[corner] if n >= 0]
    assert len(free) <= len(blockers)
    for u, nb in zip(blockers, free, strict=False):
        state.hex[u] = nb
    events = flow.retreat(world, state, [w], 1, away_from=np.array(free))
    assert state.status[w] == UnitStatus.DESTROYED and state.hex[w] == -1
    assert any(e.kind == "surrender" for e in events)
    white = world.side_index["white"]
    assert state.prisoners[white, 1] == 400 and state.losses[white, 1] == 400


def test_weak_units_disperse_and_their_commander_moves_on(world):
    from game.engine import flow

    state = _start(world).copy()
    w = world.unit_index["white_cav"]
    state.men[w, 1] = 50  # under 10 % of 1,200
    events = flow.disband_weak(world, state)
    assert state.status[w] == UnitStatus.DESTROYED
    c = world.commander_index["white_boss"]
    assert state.cmd_unit[c] == world.unit_index["white_cav2"]
    assert any(e.kind == "disband" for e in events)
