"""The ghost of history during play: where the real units stood on the game's date, and a small
table of the player's campaign against the real one (ground held, losses, commanders).

Both read a `GameState` and never change it; the map screen draws `ghosts(...)` as an overlay
and shows `compare_with_history(...)` in a panel.
"""

from __future__ import annotations

from game.engine.state import CommanderStatus, GameState, UnitStatus
from game.engine.world import World
from game.history import model
from game.history.timeline import timeline_for


def game_date(world: World, state: GameState):
    return model.clamp_date(world, world.date_of(min(state.turn, world.turns)))


def ghosts(world: World, state: GameState) -> list[dict]:
    """Every unit the history has on the map on the game's date: id, side, hex, x, y (km)."""
    pos = timeline_for(world).positions(game_date(world, state))
    out = []
    for u, uid in enumerate(world.unit_ids):
        if pos["status"][u] != 1:
            continue
        out.append(
            {
                "unit": uid,
                "side": world.side_ids[int(world.unit_side[u])],
                "hex": int(pos["hex"][u]),
                "x": float(pos["x"][u]),
                "y": float(pos["y"][u]),
            }
        )
    return out


def historical_battle_losses(world: World, date) -> dict[str, int]:
    """Men lost in the battles fought before `date`, by side, as far as the sources give them."""
    out = dict.fromkeys(world.side_ids, 0)
    for b in model.history_of(world).battles:
        if (b.end or b.date) >= date:
            continue
        for spec in (b.attacker, b.defender):
            if spec.losses is None:
                continue
            side = world.side_ids[int(world.unit_side[world.unit_index[spec.units[0]]])]
            out[side] += spec.losses.men or spec.losses.prisoners or 0
    return out


def compare_with_history(world: World, state: GameState) -> dict:
    """The game so far beside history on the same date."""
    date = game_date(world, state)
    tl = timeline_for(world)
    control = tl.control_on(date)
    places = []
    for obj in world.scenario.victory.objectives:
        if obj.place is None:
            continue
        h = world.place_hex[world.place_index[obj.place]]
        side = int(state.control[h])
        places.append(
            {
                "place": obj.place,
                "name": world.place_name(obj.place),
                "game": world.side_ids[side] if side >= 0 else None,
                "history": control.get(obj.place),
            }
        )
    pos = tl.positions(date)
    battle = historical_battle_losses(world, date)
    sides = {}
    for s, side in enumerate(world.side_ids):
        mine = world.unit_side == s
        sides[side] = {
            "units_game": int(((state.status == UnitStatus.ACTIVE) & mine).sum()),
            "units_history": int(((pos["status"] == 1) & mine).sum()),
            "losses_game": int(state.losses[s, :2].sum()),
            "losses_history_battles": battle[side],
        }
    fates = tl.commanders_on(date)
    commanders = [
        {
            "commander": cid,
            "name": world.scenario.commanders[c].name,
            "game": CommanderStatus(int(state.cmd_status[c])).name.lower(),
            "history": fates.get(cid, "active"),
        }
        for c, cid in enumerate(world.commander_ids)
    ]
    return {"date": date.isoformat(), "places": places, "sides": sides, "commanders": commanders}
