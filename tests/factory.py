"""A small synthetic scenario built in code, so rule tests control every number they rely on.

The map is about 110 × 110 km of 10-km hexes: steppe, a band of mountains in the south-west, a
lake, a major river running north-south through the middle with a road crossing it, and a town
on each bank. Red stands east of the river, white west.
"""

from __future__ import annotations

import copy
from typing import Any

from game.engine.world import World, build_world
from game.scenario.schema import Scenario

ARMS3 = ("infantry", "cavalry", "artillery")


def _arms(i, c, a):
    return dict(zip(ARMS3, (i, c, a), strict=True))


BASE: dict[str, Any] = {
    "meta": {
        "id": "test",
        "title": "Test",
        "start": "1921-06-01",
        "end": "1921-06-30",
        "days_per_turn": 3,
        "side_order": ["white", "red"],
        "sources": [{"id": "made_up", "title": "Invented for tests"}],
    },
    "map": {
        "bounds": {"lat_min": 50.0, "lat_max": 51.0, "lon_min": 106.0, "lon_max": 107.5},
        "hex_km": 10,
        "default_terrain": "steppe",
        "areas": [
            {
                "id": "hills",
                "terrain": "mountains",
                "points": [[50.0, 106.0], [50.3, 106.0], [50.3, 106.3], [50.0, 106.3]],
            },
            {
                "id": "pond",
                "terrain": "lake",
                "points": [[50.8, 107.2], [50.95, 107.2], [50.95, 107.45], [50.8, 107.45]],
            },
        ],
        "rivers": [
            {
                "id": "big",
                "name": "Big River",
                "class": "major",
                "points": [[51.05, 106.77], [49.95, 106.77]],
            },
        ],
        "routes": [
            {"id": "road", "kind": "road", "points": [[50.5, 106.2], [50.5, 107.3]]},
            {
                "id": "rail",
                "kind": "railway",
                "points": [[50.9, 106.9], [50.9, 107.1], [50.6, 107.3]],
            },
        ],
        "places": [
            {
                "id": "west_town",
                "name": "West Town",
                "kind": "town",
                "lat": 50.5,
                "lon": 106.35,
                "control": "white",
            },
            {
                "id": "east_town",
                "name": "East Town",
                "kind": "town",
                "lat": 50.5,
                "lon": 107.1,
                "control": "red",
            },
            {
                "id": "depot",
                "name": "Depot",
                "kind": "station",
                "lat": 50.9,
                "lon": 107.0,
                "control": "red",
            },
        ],
    },
    "terrain": {
        "steppe": {"name": "Steppe", "colour": "#c8c080", "forage": True},
        "mountains": {"name": "Mountains", "colour": "#806040", "blocks_sight": True},
        "lake": {"name": "Lake", "colour": "#4070c0", "impassable": True},
    },
    "sides": {
        "red": {"name": "Reds", "colour": "#c03030"},
        "white": {"name": "Whites", "colour": "#e0e0e0"},
    },
    "factions": [
        {"id": "reds", "name": "Reds", "side": "red", "colour": "#c03030"},
        {"id": "whites", "name": "Whites", "side": "white", "colour": "#e0e0e0"},
    ],
    "unit_types": [
        {"id": "inf", "name": "Infantry", "arm": "infantry", "movement": 6, "sight": 2},
        {
            "id": "cav",
            "name": "Cavalry",
            "arm": "cavalry",
            "movement": 12,
            "sight": 3,
            "symbol": "cavalry",
        },
        {
            "id": "train",
            "name": "Armoured train",
            "arm": "artillery",
            "movement": 20,
            "sight": 2,
            "rail_only": True,
            "symbol": "armoured_train",
        },
    ],
    "units": [
        {
            "id": "red_inf",
            "name": "Red Rifles",
            "faction": "reds",
            "type": "inf",
            "strength": 1000,
            "guns": 4,
            "machine_guns": 8,
            "start": "east_town",
        },
        {
            "id": "red_cav",
            "name": "Red Horse",
            "faction": "reds",
            "type": "cav",
            "strength": 500,
            "start": {"lat": 50.7, "lon": 107.0},
        },
        {
            "id": "red_train",
            "name": "Red Train",
            "faction": "reds",
            "type": "train",
            "strength": 4,
            "machine_guns": 4,
            "start": "depot",
        },
        {
            "id": "red_late",
            "name": "Red Reserve",
            "faction": "reds",
            "type": "inf",
            "strength": 600,
            "arrive": {"date": "1921-06-07", "at": "depot"},
        },
        {
            "id": "white_cav",
            "name": "White Horse",
            "faction": "whites",
            "type": "cav",
            "strength": 1200,
            "guns": 2,
            "machine_guns": 6,
            "morale": 0.8,
            "start": "west_town",
        },
        {
            "id": "white_cav2",
            "name": "White Raiders",
            "faction": "whites",
            "type": "cav",
            "strength": 400,
            "start": {"lat": 50.8, "lon": 106.4},
        },
    ],
    "commanders": [
        {
            "id": "red_boss",
            "name": "Red Boss",
            "side": "red",
            "unit": "red_inf",
            "ratings": {"combat": 1.1},
        },
        {
            "id": "white_boss",
            "name": "White Boss",
            "side": "white",
            "unit": "white_cav",
            "ratings": {"combat": 1.1, "morale": 0.05, "initiative": 0.2},
        },
    ],
    "rules": {
        "movement": {
            "terrain_costs": {
                "steppe": _arms(1, 1, 1),
                "mountains": _arms(4, 3, 6),
                "lake": _arms(None, None, None),
            },
            "route_costs": {
                "road": _arms(0.5, 0.5, 0.5),
                "track": _arms(0.75, 0.75, 0.75),
                "railway": _arms(0.5, 0.5, 0.25),
            },
            "river_crossing": {"major": _arms(4, 3, 6), "minor": _arms(2, 1, 3)},
            "zoc": {
                "leave_cost": _arms(3, 1, 4),
                "zoc_to_zoc": {"infantry": False, "cavalry": True, "artillery": False},
            },
            "stacking_limit": 2,
            "fatigue_movement_penalty": 0.3,
        },
        "combat": {
            "weights": {"infantry": 1, "cavalry": 1, "artillery": 30, "machine_guns": 8},
            "terrain": {
                "steppe": {
                    "arms": {"infantry": 1, "cavalry": 1, "artillery": 1, "machine_guns": 1},
                    "defence": 1.0,
                    "environment": 1.0,
                    "pursuit": 1.0,
                },
                "mountains": {
                    "arms": {"infantry": 1, "cavalry": 0.5, "artillery": 0.6, "machine_guns": 1},
                    "defence": 1.5,
                    "environment": 0.7,
                    "pursuit": 0.2,
                },
                "lake": {
                    "arms": {"infantry": 1, "cavalry": 1, "artillery": 1, "machine_guns": 1},
                    "defence": 1.0,
                    "environment": 1.0,
                    "pursuit": 0.0,
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
            "breakpoint_base": 0.1,
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
        },
        "supply": {
            "sources": [
                {"place": "depot", "sides": ["red"], "range": 10},
                {"place": "west_town", "sides": ["white", "red"], "range": 6},
            ],
            "terrain_costs": {"steppe": 1, "mountains": 4, "lake": None},
            "route_costs": {"road": 0.5, "track": 0.75, "railway": 0.25},
            "river_crossing": {"major": 2, "minor": 1},
        },
        "attrition": {"out_of_supply": 0.04, "foraging": 0.01, "march": 0.005},
        "morale": {"recovery": 0.03, "out_of_supply": 0.05, "floor": 0.05},
        "fatigue": {"per_move": 0.3, "recovery": 0.25},
        "disband_below": 0.1,
    },
    "events": [
        {
            "id": "rally",
            "name": "Rally",
            "trigger": {"after": "1921-06-04"},
            "effects": [{"morale": {"side": "white", "delta": 0.05}}, {"set_flag": "rallied"}],
            "caption": "The whites rally.",
        }
    ],
    "victory": {
        "objectives": [
            {
                "id": "east",
                "name": "East Town",
                "kind": "place",
                "place": "east_town",
                "points_per_turn": {"red": 1, "white": 3},
            },
            {
                "id": "west",
                "name": "West Town",
                "kind": "place",
                "place": "west_town",
                "points_per_turn": {"red": 2, "white": 1},
            },
            {"id": "rail", "name": "Railway", "kind": "railway", "points_per_turn": {"white": 2}},
        ],
        "commanders": [
            {
                "commander": "white_boss",
                "killed": {"red": 10},
                "captured": {"red": 12},
                "at_large": {"white": 8},
            }
        ],
        "losses_per_1000": {"red": 1, "white": 1},
        "score_side": "red",
        "historical_score": 0,
        "levels": [
            {
                "min_margin": 10,
                "winner": "red",
                "level": "decisive",
                "name": "Red decisive victory",
            },
            {"min_margin": 0, "winner": "red", "level": "marginal", "name": "Red victory"},
            {"min_margin": -10, "winner": "white", "level": "marginal", "name": "White victory"},
            {
                "min_margin": -100000,
                "winner": "white",
                "level": "decisive",
                "name": "White decisive victory",
            },
        ],
        "sudden_death": [
            {
                "id": "west_falls",
                "when": {"controls": {"side": "red", "place": "west_town"}},
                "description": "West Town falls",
            }
        ],
    },
}


def scenario_data(**patch) -> dict:
    """A deep copy of the base data with top-level keys replaced."""
    data = copy.deepcopy(BASE)
    data.update(patch)
    return data


def small_scenario(data: dict | None = None) -> Scenario:
    return Scenario.model_validate(data if data is not None else scenario_data())


def small_world(data: dict | None = None) -> World:
    return build_world(small_scenario(data))
