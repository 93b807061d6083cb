"""The turn sequence and everything that happens between the players' commands.

A turn is one phase per side (in `meta.side_order`), then the upkeep: supply is traced, units out
of supply and on the march lose men and morale, fatigue and morale recover, objectives score, the
calendar advances, reinforcements arrive, scenario events fire, and the end of the game is checked.
All functions here change the state they are given in place: `rules.apply` hands them a copy.
"""

from __future__ import annotations

import numpy as np

from game.engine import battle, conditions, fog, supply, victory
from game.engine.commands import Event
from game.engine.state import CommanderStatus, GameState, Posture, UnitStatus, initial_state
from game.engine.world import World
from game.i18n import N_, _, format_date, format_number, ngettext

# Why a campaign ended, kept in English in the result (hashed, saved); shown through `_`
LAST_DAY = N_("the campaign's last day has passed")
EVENT_END = N_("an event ended the campaign")


def start_game(world: World, seed: int) -> tuple[GameState, list[Event]]:
    """A new game on its first day: turn-1 events fired, the first side ready to move."""
    state = initial_state(world, seed)
    events: list[Event] = []
    for s in range(len(world.side_ids)):
        claim(world, state, s, [int(h) for h in state.hex[state.units_of(s, world)]])
    state.supplied = supply.trace(world, state)
    events += fire_events(world, state)
    events += _start_phase(world, state)
    return state, events


def movement_allowance(world: World, state: GameState, u: int) -> float:
    """Movement points of a unit at the start of its phase: type, commander, fatigue."""
    base = float(world.type_movement[world.unit_type[u]])
    c = state.commander_of(u)
    if c >= 0:
        base *= 1.0 + float(world.commander_initiative[c])
    penalty = world.scenario.rules.movement.fatigue_movement_penalty
    return base * (1.0 - penalty * float(state.fatigue[u]))


def _start_phase(world: World, state: GameState) -> list[Event]:
    units = state.units_of(state.side, world)
    state.moved[units] = False
    state.attacked[units] = False
    for u in units:
        state.mp[u] = movement_allowance(world, state, int(u))
    fog.update_sightings(world, state)
    side = world.side_ids[state.side]
    day = state.date(world)
    return [
        Event(
            "phase",
            _("{date}: {side} to move").format(
                date=format_date(day, "long"), side=world.scenario.sides[side].name
            ),
            {"side": side, "turn": state.turn, "date": day.isoformat()},
        )
    ]


def end_phase(world: World, state: GameState) -> list[Event]:
    """End the side to move's phase; after the last side, run the upkeep and start a new turn."""
    events: list[Event] = []
    units = state.units_of(state.side, world)
    still = units[~state.moved[units] & ~state.attacked[units]]
    state.posture[still] = np.minimum(state.posture[still] + 1, Posture.PREPARED)
    rest = world.scenario.rules.fatigue.recovery
    state.fatigue[still] = np.maximum(0.0, state.fatigue[still] - rest)
    state.mp[units] = 0.0
    state.phase += 1
    if state.phase >= len(world.side_ids):
        state.phase = 0
        events += upkeep(world, state)
    if not state.game_over:
        events += _start_phase(world, state)
    return events


def upkeep(world: World, state: GameState) -> list[Event]:
    events: list[Event] = []
    rules = world.scenario.rules
    state.supplied = supply.trace(world, state)
    act = state.active()
    out = act & ~state.supplied
    foraging = out & (world.unit_arm == 1) & world.forage[np.maximum(state.hex, 0)]
    frac = np.where(
        foraging, rules.attrition.foraging, np.where(out, rules.attrition.out_of_supply, 0.0)
    )
    frac = frac + np.where(act & state.moved, rules.attrition.march, 0.0)
    expected = state.men[:, :2] * frac[:, None]
    draws = state.random("attrition", expected.shape)
    lost = (np.floor(expected) + (draws < expected - np.floor(expected))).astype(np.int64)
    lost = np.minimum(lost, state.men[:, :2])
    for s in range(len(world.side_ids)):
        state.losses[s, :2] += lost[world.unit_side == s].sum(axis=0)
    state.men[:, :2] -= lost
    if lost.sum():
        events.append(
            Event(
                "attrition",
                ngettext(
                    "Attrition and stragglers cost {n} man",
                    "Attrition and stragglers cost {n} men",
                    int(lost.sum()),
                ).format(n=format_number(int(lost.sum()))),
                {"men": int(lost.sum())},
            )
        )

    m = rules.morale
    recovered = np.minimum(np.maximum(state.morale, world.unit_morale), state.morale + m.recovery)
    state.morale = np.where(
        act,
        np.where(state.supplied, recovered, np.maximum(m.floor, state.morale - m.out_of_supply)),
        state.morale,
    )
    for s in range(len(world.side_ids)):
        short = int((out & (world.unit_side == s)).sum())
        if short:
            side = world.scenario.sides[world.side_ids[s]].name
            events.append(
                Event(
                    "supply",
                    ngettext(
                        "{side}: {n} unit out of supply", "{side}: {n} units out of supply", short
                    ).format(side=side, n=short),
                    {"side": world.side_ids[s], "units": short},
                )
            )
    events += disband_weak(world, state)
    victory.score_turn(world, state)

    state.turn += 1
    if state.turn > world.turns:
        events += finish(world, state, LAST_DAY)
        return events
    events += reinforce(world, state)
    events += fire_events(world, state)
    if not state.game_over:
        # the rule as written, not as translated: the reason goes into the hashed result
        for rule in world.canonical.victory.sudden_death:
            if conditions.holds(rule.when, world, state):
                events += finish(world, state, rule.description or rule.id)
                break
    return events


def finish(world: World, state: GameState, reason: str) -> list[Event]:
    """End the game; `reason` in English or as the scenario writes it (it is hashed and saved:
    the same in every language), shown translated."""
    state.game_over = True
    state.result = victory.result(world, state, reason)
    r = state.result
    text = _("The campaign ends: {reason}. {level} (margin {margin})").format(
        reason=victory.reason_text(world, reason),
        level=victory.level_name(world, r),
        margin=victory.signed(r["margin"]),
    )
    return [Event("game_over", text, r)]


def after_action(world: World, state: GameState) -> list[Event]:
    """Sightings after anything moved; the game may end at once on sudden death."""
    fog.update_sightings(world, state)
    return []


# ----------------------------------------------------------------- map changes


def claim(world: World, state: GameState, side: int, hexes: list[int]) -> list[Event]:
    """The side takes control of the hexes its units pass; report places that change hands."""
    events: list[Event] = []
    for h in hexes:
        if state.control[h] == side:
            continue
        state.control[h] = side
        for p in np.flatnonzero(world.place_hex == h):
            place = world.scenario.map.places[p]
            who = world.scenario.sides[world.side_ids[side]].name
            events.append(
                Event(
                    "control",
                    # TRANSLATORS: {side} is a side's name, e.g. "Red Army and allies"
                    _("{side} take {place}").format(side=who, place=place.name),
                    {"place": place.id, "side": world.side_ids[side]},
                )
            )
    return events


def retreat(
    world: World, state: GameState, units: np.ndarray, hexes: int, away_from: np.ndarray
) -> list[Event]:
    """Move beaten units `hexes` steps away; a unit with nowhere to go surrenders."""
    from game.engine import movement

    events: list[Event] = []
    grid = world.grid
    for u in units:
        u = int(u)
        if state.status[u] != UnitStatus.ACTIVE:
            continue
        side = int(world.unit_side[u])
        for _step in range(hexes):
            h = int(state.hex[u])
            enemy = movement.enemy_mask(world, state, side)
            zoc = movement.zoc_mask(world, state, side)
            stacks = movement.stack_count(world, state, side)
            limit = world.scenario.rules.movement.stacking_limit
            best, best_key = -1, None
            for d in range(6):
                nb = int(grid.neighbours[h, d])
                if nb < 0 or enemy[nb] or stacks[nb] >= limit:
                    continue
                if world.step_cost[world.unit_type[u], h, d] == np.inf:
                    continue
                away = int(grid.distance(np.asarray(away_from), nb).min())
                key = (away, not zoc[nb], -world.step_cost[world.unit_type[u], h, d], -nb)
                if best_key is None or key > best_key:
                    best, best_key = nb, key
            if best < 0:
                events += _surrender(world, state, u)
                break
            state.hex[u] = best
            state.posture[u] = Posture.MOVED
        if state.status[u] == UnitStatus.ACTIVE:
            events.append(
                Event(
                    "retreat",
                    _("{unit} falls back to {place}").format(
                        unit=battle.unit_name(world, u),
                        place=battle.hex_label(world, int(state.hex[u])),
                    ),
                    {"unit": world.unit_ids[u], "to": int(state.hex[u])},
                )
            )
    return events


def _surrender(world: World, state: GameState, u: int) -> list[Event]:
    side = int(world.unit_side[u])
    men = state.men[u].copy()
    state.losses[side] += men
    state.prisoners[side] += men
    state.captured_guns[1 - side] += int(men[2])
    state.men[u] = 0
    events = [
        Event(
            "surrender",
            _("{unit}, cut off, surrenders").format(unit=battle.unit_name(world, u)),
            {"unit": world.unit_ids[u], "men": [int(x) for x in men]},
        )
    ]
    return events + _remove_unit(world, state, u, CommanderStatus.CAPTURED)


def disband_weak(world: World, state: GameState) -> list[Event]:
    """Units whose own arm has fallen below the threshold disperse; the rest count as lost."""
    events: list[Event] = []
    thresh = world.scenario.rules.disband_below
    arm = world.unit_arm
    own = state.men[np.arange(len(arm)), arm]
    full = world.unit_men[np.arange(len(arm)), arm]
    weak = state.active() & (own < thresh * full)
    for u in np.flatnonzero(weak):
        u = int(u)
        side = int(world.unit_side[u])
        state.losses[side] += state.men[u]
        state.men[u] = 0
        events.append(
            Event(
                "disband",
                _("{unit} is too weak to fight on and disperses").format(
                    unit=battle.unit_name(world, u)
                ),
                {"unit": world.unit_ids[u]},
            )
        )
        events += _remove_unit(world, state, u, None)
    return events


def _remove_unit(
    world: World, state: GameState, u: int, fate: CommanderStatus | None
) -> list[Event]:
    """Take a unit off the map; its commander is lost with it (`fate`) or joins a friendly unit."""
    state.status[u] = UnitStatus.DESTROYED
    state.hex[u] = -1
    events: list[Event] = []
    for c in np.flatnonzero((state.cmd_unit == u) & (state.cmd_status == CommanderStatus.ACTIVE)):
        c = int(c)
        if fate is not None:
            events += lose_commander(world, state, c, fate)
            continue
        events += _reassign(world, state, c)
    return events


def _reassign(world: World, state: GameState, c: int) -> list[Event]:
    """The commander of a dispersed unit joins his side's strongest unit."""
    side = int(world.commander_side[c])
    friends = state.units_of(side, world)
    name = world.scenario.commanders[c].name
    if friends.size == 0:
        state.cmd_unit[c] = -1
        return [
            Event(
                "commander",
                _("{commander} is left without troops").format(commander=name),
                {"commander": world.commander_ids[c]},
            )
        ]
    strength = state.men[friends, :2].sum(axis=1)
    new = int(friends[np.argmax(strength)])
    state.cmd_unit[c] = new
    return [
        Event(
            "commander",
            _("{commander} takes over {unit}").format(
                commander=name, unit=battle.unit_name(world, new)
            ),
            {"commander": world.commander_ids[c], "unit": world.unit_ids[new]},
        )
    ]


def lose_commander(world: World, state: GameState, c: int, fate: CommanderStatus) -> list[Event]:
    if state.cmd_status[c] != CommanderStatus.ACTIVE:
        return []
    state.cmd_status[c] = fate
    name = world.scenario.commanders[c].name
    if fate == CommanderStatus.KILLED:
        text = _("{commander} is killed").format(commander=name)
    else:
        text = _("{commander} is taken prisoner").format(commander=name)
    return [
        Event(
            "commander",
            text,
            {"commander": world.commander_ids[c], "fate": fate.name.lower()},
        )
    ]


# ------------------------------------------------------------ arrivals and events


def reinforce(world: World, state: GameState) -> list[Event]:
    """Units due this turn enter at their place, or the nearest free hex their side can use."""
    events: list[Event] = []
    due = np.flatnonzero(
        (state.status == UnitStatus.WAITING) & (world.unit_arrive_turn <= state.turn)
    )
    for u in due:
        events += _enter(world, state, int(u))
    return events


def _enter(world: World, state: GameState, u: int) -> list[Event]:
    from game.engine import movement

    side = int(world.unit_side[u])
    want = int(world.unit_start_hex[u])
    grid = world.grid
    enemy = movement.enemy_mask(world, state, side)
    stacks = movement.stack_count(world, state, side)
    limit = world.scenario.rules.movement.stacking_limit
    utype = world.unit_type[u]
    can_stand = ~enemy & (stacks < limit) & np.isfinite(world.step_cost[utype]).any(axis=1)
    can_stand &= ~world.impassable  # a lake hex next to land has finite steps out of it
    if world.type_rail_only[utype]:
        can_stand &= world.rail
    dist = grid.distance(np.arange(grid.size), want)
    dist = np.where(can_stand, dist, np.iinfo(np.int64).max)
    h = int(np.argmin(dist))
    if not can_stand[h]:
        return []
    state.status[u] = UnitStatus.ACTIVE
    state.hex[u] = h
    state.posture[u] = Posture.HASTY
    state.arrived[side] += state.men[u]
    events = [
        Event(
            "arrival",
            _("{unit} arrives at {place}").format(
                unit=battle.unit_name(world, u), place=battle.hex_label(world, h)
            ),
            {"unit": world.unit_ids[u], "hex": h},
        )
    ]
    return events + claim(world, state, side, [h])


def fire_events(world: World, state: GameState) -> list[Event]:
    out: list[Event] = []
    for ev in world.scenario.events:
        if ev.once and ev.id in state.fired:
            continue
        if not conditions.holds(ev.trigger, world, state):
            continue
        if ev.chance < 1.0 and state.random("events") >= ev.chance:
            continue
        state.fired = state.fired + (ev.id,)
        out.append(Event("scenario_event", ev.caption or ev.name, {"id": ev.id, "name": ev.name}))
        for effect in ev.effects:
            out += _effect(world, state, effect)
    return out


def _effect(world: World, state: GameState, e) -> list[Event]:
    if e.message is not None:
        return [Event("message", e.message)]
    if e.morale is not None:
        m = e.morale
        if m.unit is not None:
            mask = np.arange(len(world.unit_ids)) == world.unit_index[m.unit]
        elif m.faction is not None:
            mask = world.unit_faction == world.faction_ids.index(m.faction)
        else:
            mask = world.unit_side == world.side_index[m.side]
        floor = world.scenario.rules.morale.floor
        state.morale = np.where(mask, np.clip(state.morale + m.delta, floor, 1.0), state.morale)
        return []
    for fate_key, fate in (
        ("kill_commander", CommanderStatus.KILLED),
        ("capture_commander", CommanderStatus.CAPTURED),
    ):
        spec = getattr(e, fate_key)
        if spec is not None:
            if spec.chance < 1.0 and state.random("events") >= spec.chance:
                return []
            return lose_commander(world, state, world.commander_index[spec.id], fate)
    if e.arrive_now is not None:
        u = world.unit_index[e.arrive_now]
        return _enter(world, state, u) if state.status[u] == UnitStatus.WAITING else []
    if e.withdraw is not None:
        u = world.unit_index[e.withdraw]
        if state.status[u] != UnitStatus.ACTIVE:
            return []
        side = int(world.unit_side[u])
        state.arrived[side] -= state.men[u]  # leaves the ledger: neither present nor lost
        state.status[u] = UnitStatus.WITHDRAWN
        state.hex[u] = -1
        return [
            Event(
                "withdraw",
                _("{unit} leaves the theatre").format(unit=battle.unit_name(world, u)),
                {"unit": e.withdraw},
            )
        ]
    if e.set_flag is not None:
        if e.set_flag not in state.flags:
            state.flags = tuple(sorted(state.flags + (e.set_flag,)))
        return []
    if e.victory_points is not None:
        state.vp[world.side_index[e.victory_points.side]] += e.victory_points.value
        return []
    if e.end_game:
        return finish(world, state, EVENT_END)
    return []
