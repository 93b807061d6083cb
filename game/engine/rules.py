"""The one entry point that changes a game: `apply(world, state, command) -> Outcome`.

Every command is checked first and refused with a reason if illegal (the state is left as it
was); a legal one acts on a copy of the state and reports what happened as events. The UI, the AI,
the replay, the batch simulator and the tests all go through here.
"""

from __future__ import annotations

import numpy as np

from game.engine import battle, combat, flow, movement
from game.engine.commands import Attack, Command, EndTurn, Event, Move, Outcome, refuse
from game.engine.state import CommanderStatus, GameState, Posture, UnitStatus
from game.engine.world import World
from game.i18n import _, format_number


def apply(world: World, state: GameState, command: Command) -> Outcome:
    if state.game_over:
        return refuse(state, _("the game is over"))
    if isinstance(command, Move):
        return _move(world, state, command)
    if isinstance(command, Attack):
        return _attack(world, state, command)
    if isinstance(command, EndTurn):
        new = state.copy()
        events = flow.end_phase(world, new)
        return Outcome(True, new, events)
    return refuse(state, _("unknown command {command}").format(command=repr(command)))


# ------------------------------------------------------------------------------ checks


def _own_unit(world: World, state: GameState, unit_id: str) -> tuple[int, str]:
    u = world.unit_index.get(unit_id, -1) if isinstance(unit_id, str) else -1
    if u < 0:
        return -1, _("no unit {unit}").format(unit=repr(unit_id))
    if state.status[u] != UnitStatus.ACTIVE:
        return -1, _("{unit} is not on the map").format(unit=battle.unit_name(world, u))
    if world.unit_side[u] != state.side:
        return -1, _("{unit} belongs to the other side").format(unit=battle.unit_name(world, u))
    return u, ""


def _valid_hex(world: World, h) -> bool:
    return isinstance(h, int | np.integer) and 0 <= int(h) < world.grid.size


# ------------------------------------------------------------------------------- move


def _move(world: World, state: GameState, cmd: Move) -> Outcome:
    u, why = _own_unit(world, state, cmd.unit)
    if u < 0:
        return refuse(state, why)
    if not _valid_hex(world, cmd.to):
        return refuse(state, _("hex {hex} is not on the map").format(hex=repr(cmd.to)))
    if state.attacked[u]:
        return refuse(
            state,
            _("{unit} has attacked and cannot move this turn").format(
                unit=battle.unit_name(world, u)
            ),
        )
    to = int(cmd.to)
    if to == state.hex[u]:
        return refuse(state, _("{unit} is already there").format(unit=battle.unit_name(world, u)))
    found = movement.reach(world, state, u, target=to)
    if to not in found.cost:
        return refuse(
            state,
            _("{unit} cannot reach {place} this turn").format(
                unit=battle.unit_name(world, u), place=battle.hex_label(world, to)
            ),
        )
    if to not in found.stops:
        return refuse(
            state, _("{place} is full (stacking limit)").format(place=battle.hex_label(world, to))
        )
    path = found.path_to(to)
    cost = found.cost[to]
    new = state.copy()
    new.hex[u] = to
    new.mp[u] = max(0.0, new.mp[u] - cost)
    new.moved[u] = True
    new.posture[u] = Posture.MOVED
    full = flow.movement_allowance(world, state, u)
    fatigue = world.scenario.rules.fatigue.per_move * min(1.0, cost / full) if full > 0 else 0.0
    new.fatigue[u] = min(1.0, new.fatigue[u] + fatigue)
    events = [
        Event(
            "move",
            # TRANSLATORS: MP = movement points
            _("{unit} moves to {place} ({cost} MP)").format(
                unit=battle.unit_name(world, u),
                place=battle.hex_label(world, to),
                cost=battle.points(cost),
            ),
            {"unit": world.unit_ids[u], "path": path, "cost": cost},
        )
    ]
    events += flow.claim(world, new, int(world.unit_side[u]), path[1:])
    events += flow.after_action(world, new)
    return Outcome(True, new, events)


# ----------------------------------------------------------------------------- attack


def check_attack(world: World, state: GameState, cmd: Attack) -> tuple[list[int], str]:
    """The attacking unit indices, or an empty list and why the attack is illegal."""
    if not cmd.units:
        return [], _("an attack needs at least one unit")
    if len(set(cmd.units)) != len(cmd.units):
        return [], _("a unit is listed twice")
    if not _valid_hex(world, cmd.target):
        return [], _("hex {hex} is not on the map").format(hex=repr(cmd.target))
    target = int(cmd.target)
    units = []
    for uid in cmd.units:
        u, why = _own_unit(world, state, uid)
        if u < 0:
            return [], why
        if state.attacked[u]:
            return [], _("{unit} has already attacked this turn").format(
                unit=battle.unit_name(world, u)
            )
        if world.grid.direction(int(state.hex[u]), target) < 0:
            return (
                [],
                _("{unit} is not next to {place}").format(
                    unit=battle.unit_name(world, u), place=battle.hex_label(world, target)
                ),
            )
        units.append(u)
    if battle.defenders_at(world, state, target, state.side).size == 0:
        return [], _("no enemy in {place}").format(place=battle.hex_label(world, target))
    return units, ""


def _attack(world: World, state: GameState, cmd: Attack) -> Outcome:
    units, why = check_attack(world, state, cmd)
    if not units:
        return refuse(state, why)
    target = int(cmd.target)
    new = state.copy()
    eng, info = battle.build(world, new, units, target, battle.engagement_key(new))
    result = combat.resolve(eng, world.combat)
    new.combat_count += 1
    events = apply_battle(world, new, info, result, target, advance=cmd.advance)
    events += flow.after_action(world, new)
    return Outcome(True, new, events)


def apply_battle(
    world: World, state: GameState, info: dict, result, target: int, advance: bool
) -> list[Event]:
    """Spread the resolver's result over the units (in place, on a fresh copy)."""
    rules = world.scenario.rules.combat
    atk, dfn = info["attackers"], info["defenders"]
    att_side = int(world.unit_side[atk[0]])
    def_side = 1 - att_side
    outcome = combat.Outcome(int(result.outcome[0, 0]))
    events: list[Event] = []
    forces = [[int(x) for x in state.men[units].sum(axis=0)] for units in (atk, dfn)]

    for units, side, loss, pris in (
        (atk, att_side, result.att_loss[0, 0], result.att_prisoners[0, 0]),
        (dfn, def_side, result.def_loss[0, 0], result.def_prisoners[0, 0]),
    ):
        split = battle.split_losses(state.men[units], loss)
        state.men[units] -= split
        state.losses[side] += split.sum(axis=0)
        state.prisoners[side] += np.minimum(pris, split.sum(axis=0))
    state.captured_guns[att_side] += int(result.def_prisoners[0, 0][2])
    state.captured_guns[def_side] += int(result.att_prisoners[0, 0][2])

    state.attacked[atk] = True
    state.mp[atk] = 0.0
    fatigue = rules.fatigue_per_battle
    state.fatigue[atk] = np.minimum(1.0, state.fatigue[atk] + fatigue)
    state.fatigue[dfn] = np.minimum(1.0, state.fatigue[dfn] + fatigue)

    att_won = outcome in (combat.Outcome.DEFENDER_RETREATS, combat.Outcome.DEFENDER_ROUTED)
    def_won = outcome in (combat.Outcome.ATTACKER_REPULSED, combat.Outcome.ATTACKER_ROUTED)
    morale_of = {
        combat.Outcome.DEFENDER_RETREATS: (rules.morale_win, rules.morale_loss),
        combat.Outcome.DEFENDER_ROUTED: (rules.morale_win, rules.morale_rout),
        combat.Outcome.ATTACKER_REPULSED: (rules.morale_loss, rules.morale_win),
        combat.Outcome.ATTACKER_ROUTED: (rules.morale_rout, rules.morale_win),
        combat.Outcome.HELD: (0.0, 0.0),
    }[outcome]
    floor = world.scenario.rules.morale.floor
    state.morale[atk] = np.clip(state.morale[atk] + morale_of[0], floor, 1.0)
    state.morale[dfn] = np.clip(state.morale[dfn] + morale_of[1], floor, 1.0)

    report = {
        "target": target,
        "place": battle.hex_label(world, target),
        "attackers": [world.unit_ids[u] for u in atk],
        "defenders": [world.unit_ids[u] for u in dfn],
        "outcome": outcome.name.lower(),
        "odds": float(result.odds[0]),
        "days": int(result.days[0, 0]),
        "att_forces": forces[0],  # men, guns and machine guns by measure, before the battle
        "def_forces": forces[1],
        "att_loss": [int(x) for x in result.att_loss[0, 0]],
        "def_loss": [int(x) for x in result.def_loss[0, 0]],
        "att_prisoners": [int(x) for x in result.att_prisoners[0, 0]],
        "def_prisoners": [int(x) for x in result.def_prisoners[0, 0]],
        "modifiers": {
            k: info[k]
            for k in (
                "terrain",
                "posture",
                "river",
                "att_supply",
                "def_supply",
                "att_morale",
                "def_morale",
            )
        },
        "date": state.date(world).isoformat(),
    }
    names = ", ".join(battle.unit_name(world, u) for u in atk)
    events.append(
        Event(
            "battle",
            _(
                "Battle at {place}: {units} attack; {outcome} (losses {lost} against {killed})"
            ).format(
                place=report["place"],
                units=names,
                outcome=battle.outcome_text(outcome),
                lost=format_number(sum(report["att_loss"][:2])),
                killed=format_number(sum(report["def_loss"][:2])),
            ),
            report,
        )
    )

    for fate, cmd in (
        (result.att_cmd_fate[0, 0], info["att_cmd"]),
        (result.def_cmd_fate[0, 0], info["def_cmd"]),
    ):
        if cmd >= 0 and fate != combat.CommanderFate.SAFE:
            events += flow.lose_commander(
                world,
                state,
                cmd,
                CommanderStatus.KILLED
                if fate == combat.CommanderFate.KILLED
                else CommanderStatus.CAPTURED,
            )

    # Losers fall back; a side with nowhere to go surrenders.
    if att_won:
        hexes = 2 if outcome == combat.Outcome.DEFENDER_ROUTED else 1
        events += flow.retreat(world, state, dfn, hexes, away_from=state.hex[atk])
    elif outcome == combat.Outcome.ATTACKER_ROUTED:
        events += flow.retreat(world, state, atk, 1, away_from=np.array([target]))
    del def_won

    events += flow.disband_weak(world, state)
    if att_won and advance and battle.defenders_at(world, state, target, att_side).size == 0:
        for u in atk:
            if state.status[u] != UnitStatus.ACTIVE:
                continue
            d = world.grid.direction(int(state.hex[u]), target)
            if world.step_cost[world.unit_type[u], state.hex[u], d] < np.inf:
                state.hex[u] = target
                state.posture[u] = Posture.MOVED
                events.append(
                    Event(
                        "advance",
                        _("{unit} advances into {place}").format(
                            unit=battle.unit_name(world, u), place=report["place"]
                        ),
                        {"unit": world.unit_ids[u], "to": target},
                    )
                )
                events += flow.claim(world, state, att_side, [target])
                break
    return events


# --------------------------------------------------------------------- listing commands


def legal_commands(world: World, state: GameState, unit: str | None = None) -> list[Command]:
    """Every legal command of one unit (or of the side to move), plus EndTurn."""
    if state.game_over:
        return []
    if unit is None:
        units = state.units_of(state.side, world)
    else:
        u, _why = _own_unit(world, state, unit)
        units = np.array([u] if u >= 0 else [], dtype=np.int64)
    out: list[Command] = []
    enemy = movement.enemy_mask(world, state, state.side)
    for u in units:
        uid = world.unit_ids[u]
        if not state.attacked[u]:
            if state.mp[u] > 0:
                found = movement.reach(world, state, int(u))
                out += [Move(uid, h) for h in sorted(found.stops)]
            for nb in world.grid.neighbours[state.hex[u]]:
                if nb >= 0 and enemy[nb]:
                    out.append(Attack((uid,), int(nb)))
    out.append(EndTurn())
    return out
