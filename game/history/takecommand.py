"""Take command: a game that starts from where history stood on any date of the campaign.

`historical_state(world, date, seed)` builds the engine's `GameState` for that day from the
timeline: units where the history has them (moved to the nearest hex they may legally stand on
when the record puts them in a lake, in an enemy's hex or in an overfull stack), at the strength
the sources give, gone if their track has ended; places held as the history says; commanders
killed or taken as they were; the turn of that date, with the first side of `meta.side_order` to
move. What the engine keeps as ledgers is reckoned the same way: losses are what has gone missing
from the units that had arrived, victory points are what the historical positions scored turn by
turn, morale carries the wins and defeats of the historical battles and the scenario events whose
triggers already held (those with a chance are left to the game). The state is a pure function of
(world, date, seed), so the same choice always starts the same game.
"""

from __future__ import annotations

import datetime as dt

import numpy as np

from game.engine import conditions, flow, fog, supply, victory
from game.engine.commands import Event
from game.engine.game import Game
from game.engine.state import CommanderStatus, GameState, Posture, UnitStatus, initial_state
from game.engine.world import World
from game.history import model
from game.history.timeline import timeline_for
from game.i18n import _, format_date

LOST_FATES = ("destroyed", "dispersed", "captured")
ATTACKER_WON = ("defender_retreats", "defender_routed")


def _positions(world: World, state: GameState, date: dt.date) -> None:
    """Place every unit as the history has it on `date` (in place): status, hex, strength,
    control of the places, the commanders' fates."""
    tl = timeline_for(world)
    pos = tl.positions(date)
    frame_control = tl.control_on(date)
    fates = tl.commanders_on(date)
    n = len(world.unit_ids)
    full = world.unit_men
    strength = tl.strength(date)

    state.control = np.full(world.grid.size, -1, dtype=np.int8)
    for place in world.scenario.map.places:
        side = frame_control.get(place.id, place.control)
        if side is not None:
            state.control[world.place_hex[world.place_index[place.id]]] = world.side_index[side]

    men = full.copy()
    men[np.arange(n), world.unit_arm] = np.minimum(strength, full[np.arange(n), world.unit_arm])
    state.men = men
    status = np.full(n, UnitStatus.WAITING, dtype=np.int8)
    status[pos["status"] == 1] = UnitStatus.ACTIVE
    for u in np.flatnonzero(pos["status"] == 2):
        fate = tl._fate(int(u))
        status[u] = UnitStatus.WITHDRAWN if fate == "withdrawn" else UnitStatus.DESTROYED
        state.men[u] = 0
    state.status = status
    state.hex = np.full(n, -1, dtype=np.int64)
    _place_units(world, state, pos["hex"])

    for c, cid in enumerate(world.commander_ids):
        fate = fates.get(cid, "active")
        state.cmd_status[c] = {
            "killed": CommanderStatus.KILLED,
            "captured": CommanderStatus.CAPTURED,
        }.get(fate, CommanderStatus.ACTIVE)
        unit = int(world.commander_unit[c])
        if state.status[unit] != UnitStatus.ACTIVE:
            friends = state.units_of(int(world.commander_side[c]), world)
            strongest = (
                friends[np.argmax(state.men[friends, :2].sum(axis=1))] if friends.size else -1
            )
            state.cmd_unit[c] = int(strongest)


def _place_units(world: World, state: GameState, wanted: np.ndarray) -> None:
    """Put active units on legal hexes nearest to where history has them. Units standing where
    their own side holds the place go first, so a garrison keeps its town."""
    limit = world.scenario.rules.movement.stacking_limit
    grid = world.grid
    everywhere = np.arange(grid.size)
    active = np.flatnonzero(state.status == UnitStatus.ACTIVE)

    def priority(u: int) -> tuple:
        h = int(wanted[u])
        holds = h >= 0 and state.control[h] == world.unit_side[u]
        return (not holds, u)

    occupant = np.full(grid.size, -1, dtype=np.int8)
    stacks = np.zeros(grid.size, dtype=np.int64)
    for u in sorted((int(u) for u in active), key=priority):
        side = int(world.unit_side[u])
        utype = int(world.unit_type[u])
        want = int(wanted[u]) if wanted[u] >= 0 else int(world.unit_start_hex[u])
        ok = np.isfinite(world.step_cost[utype]).any(axis=1) & ~world.impassable
        ok &= (occupant < 0) | (occupant == side)
        ok &= stacks < limit
        if world.type_rail_only[utype]:
            ok &= world.rail
        if not ok.any():
            state.status[u] = UnitStatus.WAITING
            continue
        dist = np.where(ok, grid.distance(everywhere, want), np.iinfo(np.int64).max)
        h = int(np.argmin(dist))
        state.hex[u] = h
        occupant[h] = side
        stacks[h] += 1
    on = state.status == UnitStatus.ACTIVE
    state.control[state.hex[on]] = world.unit_side[on]


def _ledgers(world: World, state: GameState, date: dt.date) -> None:
    """Arrived strength and losses per side from what the history says has happened."""
    tl = timeline_for(world)
    pos = tl.positions(date)
    n_sides = len(world.side_ids)
    arrived = np.zeros((n_sides, 4), dtype=np.int64)
    losses = np.zeros((n_sides, 4), dtype=np.int64)
    for u in range(len(world.unit_ids)):
        if pos["status"][u] == 0:
            continue
        s = int(world.unit_side[u])
        if pos["status"][u] == 2 and tl._fate(u) == "withdrawn":
            continue
        arrived[s] += world.unit_men[u]
        losses[s] += world.unit_men[u] - state.men[u]
    state.arrived = arrived
    state.losses = np.maximum(losses, 0)
    prisoners = np.zeros((n_sides, 4), dtype=np.int64)
    for b in model.history_of(world).battles:
        if (b.end or b.date) >= date:
            continue
        for spec in (b.attacker, b.defender):
            if spec.losses is None or not spec.losses.prisoners:
                continue
            u = world.unit_index[spec.units[0]]
            prisoners[int(world.unit_side[u]), int(world.unit_arm[u])] += spec.losses.prisoners
    state.prisoners = np.minimum(prisoners, state.losses)


def _battle_morale(world: World, state: GameState, date: dt.date) -> None:
    """The morale the historical battles before `date` left with the units that fought them."""
    rules = world.scenario.rules.combat
    floor = world.scenario.rules.morale.floor
    table = {
        "defender_retreats": (rules.morale_win, rules.morale_loss),
        "defender_routed": (rules.morale_win, rules.morale_rout),
        "attacker_repulsed": (rules.morale_loss, rules.morale_win),
        "attacker_routed": (rules.morale_rout, rules.morale_win),
        "held": (0.0, 0.0),
    }
    for b in model.history_of(world).battles:
        if (b.end or b.date) >= date:
            continue
        att, dfn = table[str(b.outcome)]
        for spec, delta in ((b.attacker, att), (b.defender, dfn)):
            idx = [world.unit_index[u] for u in spec.units]
            state.morale[idx] = np.clip(state.morale[idx] + delta, floor, 1.0)


def _events_already_fired(world: World, state: GameState) -> None:
    """Scenario events whose triggers hold on this day count as fired; their morale, flags and
    points are applied. Events that fire by chance are left for the game to roll."""
    for ev in world.scenario.events:
        if not ev.once or ev.chance < 1.0 or not conditions.holds(ev.trigger, world, state):
            continue
        state.fired = state.fired + (ev.id,)
        for e in ev.effects:
            if e.morale is not None or e.set_flag is not None or e.victory_points is not None:
                flow._effect(world, state, e)


def _past_points(world: World, state: GameState, turn: int) -> None:
    """Victory points the historical positions scored at the end of each turn before `turn`
    (places held as the history says, units where it has them)."""
    tl = timeline_for(world)
    scratch = state.copy()
    start_control = state.control.copy()
    for k in range(1, turn):
        end = min(
            world.date_of(k) + dt.timedelta(days=world.days_per_turn - 1),
            world.scenario.meta.end,
        )
        pos = tl.positions(end)
        on = (pos["status"] == 1) & (pos["hex"] >= 0)
        scratch.status = np.where(on, UnitStatus.ACTIVE, UnitStatus.WAITING).astype(np.int8)
        scratch.hex = np.where(on, pos["hex"], -1)
        scratch.control = start_control.copy()
        scratch.control[scratch.hex[on]] = world.unit_side[on]
        for place, side in tl.control_on(end).items():
            h = world.place_hex[world.place_index[place]]
            scratch.control[h] = world.side_index[side] if side is not None else -1
        scratch.vp = state.vp
        victory.score_turn(world, scratch)


def historical_state(world: World, date: dt.date, seed: int) -> GameState:
    """The engine's state on `date` as history had it (the date is clamped to the campaign)."""
    model.history_of(world)
    date = model.clamp_date(world, date)
    state = initial_state(world, seed)
    turn = world.turn_of(date)
    state.turn = turn
    state.phase = 0
    _past_points(world, state, turn)
    _positions(world, state, date)
    _ledgers(world, state, date)
    _battle_morale(world, state, date)
    _events_already_fired(world, state)
    state.fatigue[:] = 0.0
    state.posture[:] = Posture.HASTY
    state.moved[:] = False
    state.attacked[:] = False
    state.mp[:] = 0.0
    state.supplied = supply.trace(world, state)
    for u in state.units_of(state.side, world):
        state.mp[u] = flow.movement_allowance(world, state, int(u))
    fog.update_sightings(world, state)
    return state


def take_command(world: World, date: dt.date, seed: int) -> Game:
    """A new game from the historical positions of `date`. Either side may be played: the
    players are chosen by whoever drives the game (the screen, the simulator)."""
    state = historical_state(world, date, seed)
    game = Game(world, seed)
    game.state = state
    game.start = {"kind": "history", "date": model.clamp_date(world, date).isoformat()}
    side = world.scenario.sides[world.side_ids[state.side]].name
    day = model.clamp_date(world, date)
    game.opening_events = [
        Event(
            "take_command",
            _("Taking command on {date}, as history stood; {side} to move.").format(
                date=format_date(day, "long"), side=side
            ),
            {"date": day.isoformat(), "turn": state.turn},
        )
    ]
    return game
