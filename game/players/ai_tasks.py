"""The AI's strategy: what each place and enemy is worth to its side, and which units go where.

Values are in victory points, read from the scenario's victory section: a place is worth the
points both sides score there for the turns left (holding it scores for us and denies the enemy),
plus its points at the end, plus a supply base's worth, plus everything when taking it would end
the game in our favour (or lose it, when the enemy could). From these come tasks — defend a place
under threat, capture or scout one, raid the railway with the men it takes to cut it, guard it
against raids, hunt an enemy unit in sight — and a greedy assignment of units to tasks by value
over time of arrival, so units go in groups strong enough for the job rather than one by one.
The foot units nearest to the railway keep to guarding it, and units well on their way to the
most valuable enemy place keep to that march, so neither job is dropped from one turn to the next.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field

import numpy as np

from game.engine import conditions, victory
from game.engine.state import CommanderStatus, GameState
from game.engine.world import World
from game.players.ai_maps import StaticMaps
from game.players.ai_view import View
from game.scenario.schema import Condition, ObjectiveKind

# Weights of the AI's own judgement (points are victory points).
SOURCE_POINTS_PER_TURN = 0.5  # what holding a supply base is worth each turn left
SUDDEN_DEATH_POINTS = 200.0  # a place whose capture ends the game now
RAID_TURNS = 2.0  # turns a raider can expect to stand on the railway
GUARD_SHARE = 0.5  # share of an answered raid's worth that guarding a stretch of line is worth
RAIDER_STAY = 8.0  # turns an enemy raider left alone stays on it
HUNT_MATERIAL = 1.5  # a hunt is worth this many times the enemy's material
SCOUT_SHARE = 0.25  # share of an unseen enemy place's value that a look at it is worth
DEFEND_RATIO = 1.2  # defensive power wanted against the threat to a place
ATTACK_RATIO = 1.6  # power wanted against a place's or unit's defenders
HOLD_SHARE = 0.5  # share of the threat around a place its captors should be able to face
MAX_ETA = 10.0  # turns: tasks further away than this are not worth a unit
SCOUT_ETA = 3.0  # turns: only units this close go and look
SCOUT_FIRST = 20.0  # a look worth this many points comes before any other task
GAME_REACH = 3.0  # turns: how far away the defenders of a place whose loss ends the game come from
GARRISON_POINTS = 20.0  # places worth this much keep a garrison under any threat; less, and
# they are left to a threat their defenders cannot face
MINOR_PLACE = 2.0  # places worth less than this many times GARRISON_POINTS are minor ...
GARRISON_SIZE = 2.0  # ... and no unit bigger than this many enemy detachments garrisons them
MINOR_SHARE = 0.5  # share of a threatened minor place's worth its defence weighs
LOCAL_SHARE = 0.3  # share of a place's worth its garrison weighs against other tasks while no
# enemy is in sight to take it (the worth is only at risk, not lost, when the garrison leaves)
COMMITTED = 0.8  # share of the way from its base to the goal within which a unit is committed
RAIL_ZONE = 3  # hexes from the railway within which a hunt is the line guard's business
HEX_COST = 1.2  # movement points per hex of straight line (no distance field for moving targets)
MATERIAL = 0.02  # points per unit of combat power (a 500-sabre regiment ≈ 10 points)
RISK_SHARE = 0.25  # share of a committed force's worth an attack puts at risk


@dataclass(eq=False)
class Task:
    kind: str  # defend, capture, scout, guard, raid, hunt, stage
    hex: int
    targets: tuple[int, ...]  # hexes its distance field leads to (empty: straight line)
    value: float
    need: float  # power to gather (0: any one unit will do)
    units: list[int] = field(default_factory=list)
    max_eta: float = MAX_ETA  # turns: units further away than this are no use to it
    men: float = 0.0  # men (bayonets and sabres) to gather besides the power
    core: int = 0  # the first `core` units are the group that has the power it needs; units
    # that join it later do not set its pace
    local: bool = False  # defend with the units already there only


def commander_stakes(world: World) -> np.ndarray:
    """(C,) points that swing when each commander falls: the enemy's reward plus his own side's
    reward for keeping him at large."""
    out = np.zeros(len(world.commander_ids))
    for st in world.scenario.victory.commanders:
        fall = max([*st.killed.values(), *st.captured.values(), 0.0])
        out[world.commander_index[st.commander]] = fall + sum(st.at_large.values())
    return out


def fall_gains(world: World, state: GameState, side: int, stakes: np.ndarray) -> np.ndarray:
    """(C,) points this side gains (or loses, negative) when each commander falls: his stake,
    and, when his fall would end the game by a sudden-death rule, everything for or against."""
    gains = np.where(world.commander_side == side, -stakes, stakes)
    for c in np.flatnonzero(state.cmd_status == CommanderStatus.ACTIVE):
        hyp = copy.copy(state)
        hyp.cmd_status = state.cmd_status.copy()
        hyp.cmd_status[c] = CommanderStatus.KILLED
        for rule in world.scenario.victory.sudden_death:
            if conditions.holds(rule.when, world, hyp) and not conditions.holds(
                rule.when, world, state
            ):
                gains[c] += SUDDEN_DEATH_POINTS * ending_sign(world, state, hyp, side, rule.id)
                break
    return gains


def ending_sign(world: World, state: GameState, hyp: GameState, side: int, rule: str) -> float:
    """+1 when the sudden death of `hyp` wins the game for this side; otherwise 0 when ending it
    there is no worse for it than playing on as things stand (each side scoring what it holds
    for the turns left), -1 when it is worse. A side that cannot win by playing on should still
    end the game rather than let the enemy score on: a lost game need not be lost by more."""
    me = world.side_ids[side]
    end = victory.result(world, hyp, rule)
    if end["winner"] == me:
        return 1.0
    now = victory.result(world, state, rule)
    then = _margin_for(world, side, end)
    on = _margin_for(world, side, now)
    if not getattr(world.scenario.victory, "score_turns_left", False):
        # (a game ended early scores only what was played: project both to the last turn)
        then += income(world, hyp, side)
        on += income(world, state, side) * max(1, world.turns - state.turn + 1)
    return 0.0 if then >= on else -1.0


def _margin_for(world: World, side: int, result: dict) -> float:
    """A result's margin from this side's point of view (higher is better for it)."""
    m = float(result["margin"])
    return m if world.side_ids[side] == world.scenario.victory.score_side else -m


def income(world: World, state: GameState, side: int) -> float:
    """Points per turn this side scores, less the enemy's, for what each holds now."""
    net = 0.0
    for obj in world.scenario.victory.objectives:
        for s in victory.holder(world, state, obj):
            pts = obj.points_per_turn.get(world.side_ids[s], 0.0)
            net += pts if s == side else -pts
    return net


def place_values(world: World, maps: StaticMaps, state: GameState, side: int) -> dict[int, float]:
    """Points at stake at each place worth anything to either side (hex -> points)."""
    me, other = world.side_ids[side], world.side_ids[1 - side]
    left = max(1, world.turns - state.turn + 1)
    values: dict[int, float] = {}
    for obj in world.scenario.victory.objectives:
        if obj.kind != ObjectiveKind.place:
            continue
        h = maps.objective_hexes[obj.id]
        per_turn = obj.points_per_turn.get(me, 0.0) + obj.points_per_turn.get(other, 0.0)
        end = obj.points_at_end.get(me, 0.0) + obj.points_at_end.get(other, 0.0)
        values[h] = values.get(h, 0.0) + per_turn * left + end
    for h, _sides, _rng in world.supply_sources:
        values[h] = values.get(h, 0.0) + SOURCE_POINTS_PER_TURN * left
    for rule in world.scenario.victory.sudden_death:
        for ctl in _controls(rule.when):
            h = int(world.place_hex[world.place_index[ctl.place]])
            holder = world.side_index[ctl.side]
            hyp = copy.copy(state)
            hyp.control = state.control.copy()
            hyp.control[h] = holder
            if not conditions.holds(rule.when, world, hyp):
                continue
            if holder == side:  # end the game now if that wins it, or loses it by less
                sign = ending_sign(world, state, hyp, side, rule.id)
            else:  # never let the enemy end it, unless that would hand us the win
                winner = victory.result(world, hyp, rule.id)["winner"]
                sign = 0.0 if winner == me else 1.0
            values[h] = values.get(h, 0.0) + sign * SUDDEN_DEATH_POINTS
    return values


def _controls(cond: Condition | None):
    """The `controls` tests a condition needs (at its top level or in an `all`)."""
    if cond is None:
        return []
    out = [cond.controls] if cond.controls is not None else []
    for sub in cond.all or []:
        out += _controls(sub)
    return out


def rail_points(world: World, side: int) -> float:
    """Points per turn this side scores while one of its units stands on the railway."""
    me = world.side_ids[side]
    return sum(
        o.points_per_turn.get(me, 0.0)
        for o in world.scenario.victory.objectives
        if o.kind == ObjectiveKind.railway
    )


def rail_min_men(world: World) -> float:
    """The fewest men (bayonets and sabres) on the railway that cut it: a raid below this
    scores nothing, so it is neither worth making nor worth answering."""
    return max(
        [
            float(o.min_men)
            for o in world.scenario.victory.objectives
            if o.kind == ObjectiveKind.railway
        ]
        or [0.0]
    )


def rail_men(world: World, state: GameState, units: np.ndarray) -> float:
    """Men of `units` standing on the railway."""
    units = units[world.rail[state.hex[units]]]
    return float(state.men[units, :2].sum())


def raid_scores(world: World, view: View, min_men: float) -> bool:
    """Whether the enemy units in sight on the railway are enough to cut it."""
    seen = np.flatnonzero(view.seen_units)
    return bool(world.rail[view.belief.hex[seen]].any()) and (
        rail_men(world, view.belief, seen) >= min_men
    )


def build_tasks(
    world: World, maps: StaticMaps, view: View, values: dict[int, float], stakes: np.ndarray
) -> list[Task]:
    state, side = view.belief, view.side
    tasks: list[Task] = []
    prepared = float(world.combat.posture[-1])
    hasty = float(world.combat.posture[1])
    enemy_rail = rail_points(world, view.enemy)
    cutting = enemy_rail > 0 and raid_scores(world, view, rail_min_men(world))
    sighted = np.flatnonzero(view.seen_units)

    def prey(h: int) -> float:
        """Points for beating the enemy units in sight in hex h: their material, the railway
        they cut, the commanders with them."""
        here = sighted[state.hex[sighted] == h]
        v = float(view.power[here].sum()) * MATERIAL * HUNT_MATERIAL
        if world.rail[h] and cutting:  # a raid too weak to cut the line is left alone
            v += enemy_rail * RAIDER_STAY
        for u in here:
            c = state.commander_of(int(u))
            if c >= 0:
                v += stakes[c] * world.combat.commander_lost
        return v

    for h, v in values.items():
        if v <= 0:
            continue
        if state.control[h] == side:
            # Held: defend it when a seen enemy could strike it next (or it is the game); a
            # valuable place keeps the garrison it has.
            seen = view.imminent[h] > 0 or v >= SUDDEN_DEATH_POINTS
            if not seen and v < GARRISON_POINTS:
                continue
            need = view.danger[h] * DEFEND_RATIO / (maps.defence[h] * prepared)
            if v >= GARRISON_POINTS:
                need = max(need, 1e-6)  # at least one unit
            tasks.append(Task("defend", h, (h,), v, need, local=not seen))
        elif view.visible[h]:
            held = view.enemy_at[h] * maps.defence[h]
            hold = view.threat[h] * HOLD_SHARE / (maps.defence[h] * hasty)
            need = max(held * ATTACK_RATIO, hold)
            tasks.append(Task("capture", h, (h,), v + prey(h), need))
        else:
            ring = maps.lookout(h, world.side_ids[side])
            tasks.append(Task("scout", h, ring, v * SCOUT_SHARE, 0.0, max_eta=SCOUT_ETA))
            prior = view.threat[h]
            tasks.append(Task("capture", h, (h,), v, prior * ATTACK_RATIO * maps.defence[h]))
    pts = rail_points(world, side)
    min_men = rail_min_men(world)
    if pts > 0 and maps.rail_hexes:  # enough men to cut the line, or nobody
        raid = Task("raid", -1, maps.rail_hexes, pts * RAID_TURNS, 0.0, max_eta=SCOUT_ETA)
        raid.men = min_men
        tasks.append(raid)
    if enemy_rail > 0:  # raiders out of sight score all the same: guard the line
        tc = world.combat
        enemy = world.unit_side == view.enemy
        morale = float(world.unit_morale[enemy].mean()) if enemy.any() else 1.0
        raid = min_men * float(tc.weights[:2].max()) * (tc.eff_zero + tc.eff_slope * morale)
        raid = max(raid, maps.detachment[view.enemy])
        for beat in maps.rail_beats:
            centre = beat[len(beat) // 2]
            value = enemy_rail * RAIDER_STAY * GUARD_SHARE
            tasks.append(Task("guard", centre, (centre,), value, raid * DEFEND_RATIO))
    for h in np.unique(state.hex[sighted]):
        if h in values:
            continue  # a place: its capture task covers it
        v = prey(int(h))
        need = view.enemy_at[h] * maps.defence[h] * ATTACK_RATIO
        tasks.append(Task("hunt", int(h), (), v, need))
    return tasks


def _weight(t: Task) -> float:
    """Share of a task's worth it weighs against the others: all of it, except for holding a
    place that no enemy in sight threatens (its worth is at risk, not lost, if its garrison
    leaves) or a minor place (lost, it can be taken back)."""
    if t.kind != "defend":
        return 1.0
    if t.local:
        return LOCAL_SHARE
    return MINOR_SHARE if t.value < GARRISON_POINTS * MINOR_PLACE else 1.0


def _base_for(world: World, maps: StaticMaps, view: View, goal: Task) -> int | None:
    """The own place (objective or supply base) nearest to a goal: where a march on it starts."""
    state = view.belief
    mine = [h for h in maps.objective_hexes.values() if state.control[h] == view.side]
    mine += [h for h, sides, _ in world.supply_sources if view.side in sides]
    mine = [h for h in mine if state.control[h] == view.side]
    if not mine:
        return None
    return min(mine, key=lambda h: (int(world.grid.distance(h, goal.hex)), h))


@dataclass(eq=False)
class Assignment:
    task_of: dict[int, Task]
    tasks: list[Task]


def assign(
    world: World,
    maps: StaticMaps,
    view: View,
    tasks: list[Task],
    units: list[int],
    allow: np.ndarray,
) -> Assignment:
    """Units to tasks: a first unit to every defended place, then greedily by value per turn."""
    state = view.belief
    grid = world.grid
    free = list(units)
    if not free:
        return Assignment({}, tasks)
    hexes = state.hex[free]
    power = view.power[free]
    men = state.men[free, :2].sum(axis=1).tolist()
    profiles = np.array([maps.unit_profile(u) for u in free])
    limit = world.scenario.rules.movement.stacking_limit
    eta_rows = []
    for t in tasks:
        if t.targets:
            cost = np.empty(len(free))
            for p in np.unique(profiles):
                sel = profiles == p
                cost[sel] = maps.field(int(p), t.targets)[hexes[sel]]
        else:
            cost = grid.distance(hexes, t.hex) * HEX_COST
            cost = np.where(maps.passable[profiles, t.hex], cost, np.inf)
        eta = cost / allow
        eta_rows.append(np.where(eta <= t.max_eta, eta, np.inf))
    eta = np.array(eta_rows) if eta_rows else np.zeros((0, len(free)))

    task_of: dict[int, Task] = {}
    taken = np.zeros(len(free), dtype=bool)

    def give(t: Task, js) -> None:
        for j in js:
            taken[j] = True
            t.units.append(free[j])
            task_of[free[j]] = t

    # A look at the most valuable enemy place out of sight, if it is worth it, comes first:
    # by the cheapest unit near enough that is not the last garrison of a place of ours.
    scouts = [i for i, t in enumerate(tasks) if t.kind == "scout" and t.value >= SCOUT_FIRST]
    if scouts:
        i = max(scouts, key=lambda i: (tasks[i].value, -i))
        keep = np.zeros(len(free), dtype=bool)
        for t in tasks:
            here = np.flatnonzero(hexes == t.hex) if t.kind == "defend" else []
            if len(here):
                keep[here[np.argmin(allow[here])]] = True
        ok = np.flatnonzero(~keep & np.isfinite(eta[i]))
        if ok.size:
            give(tasks[i], [ok[np.argmin(power[ok] * (1.0 + eta[i][ok]))]])

    # Defence draws on the units in the place (slow ones first, leaving the fast free), then
    # on those that can get there this turn; every defended place gets one unit before the rest.
    holders: dict[int, list[int]] = {}
    for i in sorted(range(len(tasks)), key=lambda i: -tasks[i].value):
        t = tasks[i]
        if t.kind != "defend":
            continue
        here = np.flatnonzero((hexes == t.hex) & ~taken)
        reach = GAME_REACH if t.value >= SUDDEN_DEATH_POINTS else 1.0  # the game: from afar
        near = np.flatnonzero((eta[i] <= reach) & ~taken & (hexes != t.hex) & (not t.local))
        cands = list(here[np.lexsort((power[here], allow[here]))])
        if t.local:  # no enemy in sight: its garrison is the first of its units that no
            # better task calls away, and a minor place is not worth a unit much bigger than
            # an enemy detachment that could come for it
            if t.value < GARRISON_POINTS * MINOR_PLACE:
                cands = [
                    j for j in cands if power[j] <= maps.detachment[view.enemy] * GARRISON_SIZE
                ]
            holders[i] = cands
            continue
        if t.value < GARRISON_POINTS * MINOR_PLACE:  # a minor place under threat is held by
            holders[i] = cands[:limit]  # its own units, if nothing better calls them away
            continue
        cands += list(near[np.argsort(eta[i][near], kind="stable")])
        cands = cands[: limit if reach <= 1.0 else len(cands)]
        if not cands or (t.value < GARRISON_POINTS and power[cands].sum() < t.need):
            continue  # not worth losing units over: they will fall back instead
        give(t, cands[:1])
        t.need -= power[cands[0]]
        holders[i] = cands[1:]

    # Then, greedily, the task whose group is worth most per turn of waiting: the rest of a
    # defence, an attack with enough strength, a raid or a look at an unseen place.
    open_ = [
        i
        for i, t in enumerate(tasks)
        if (t.kind != "defend" and not t.units) or (i in holders and t.need > 0)
    ]
    # (Plain lists: with a score of units and tasks, NumPy calls would cost more than the sums.)
    pw = power.tolist()
    # Each unit's power as it would fight on the ground of each task (horse in the taiga at half
    # weight), so a hunt in the forest gathers riflemen rather than riders.
    t_men = state.men[free]
    eff = world.combat.eff_zero + world.combat.eff_slope * state.morale[free]
    grounds: dict[int, list[float]] = {}

    def ground(h: int) -> list[float]:
        if h < 0:
            return pw
        k = int(world.terrain[h])
        if k not in grounds:
            arms = world.combat.terrain_arms[k]
            grounds[k] = ((t_men * world.combat.weights * arms).sum(axis=1) * eff).tolist()
        return grounds[k]

    # The line's guard: when the enemy scores for standing on the railway, the foot units
    # nearest to it (riders are no match for raiders in the forest along it) keep to the
    # tasks along the line, and only they guard it, so neither the line nor the field army is
    # stripped for the other from one turn to the next (the field army may still hunt raiders).
    guards = [t for t in tasks if t.kind == "guard"]
    on_line = np.zeros(len(free), dtype=bool)
    if guards:
        budget = sum(t.need for t in guards)
        arm = world.unit_arm[free]
        rail_only = world.type_rail_only[world.unit_type[free]]
        foot = np.flatnonzero(~taken & (arm == 0) & ~rail_only)
        turns = np.array(
            [maps.field(int(profiles[j]), maps.rail_hexes)[hexes[j]] / allow[j] for j in foot]
        )
        got = 0.0
        for k in np.argsort(turns, kind="stable"):
            if got >= budget or not np.isfinite(turns[k]):
                break
            on_line[foot[k]] = True
            got += power[foot[k]]
    line_task = [
        t.kind in ("guard", "raid") or (t.kind == "hunt" and maps.rail_distance[t.hex] <= RAIL_ZONE)
        for t in tasks
    ]
    # The march on the most valuable enemy place: a unit well on its way there (closer to it
    # than a share of the way from the own place nearest to it) is committed to it, and turns
    # aside only for what it can reach within a turn.
    committed = np.zeros(len(free), dtype=bool)
    captures = [t for t in tasks if t.kind == "capture" and t.value > 0]
    goal = max(captures, key=lambda t: (t.value, -t.hex)) if captures else None
    base = _base_for(world, maps, view, goal) if goal is not None else None
    if base is not None:
        for j in np.flatnonzero(~taken & ~on_line):
            f = maps.field(int(profiles[j]), goal.targets)
            start = float(f[base])
            if np.isfinite(start) and start > 0 and f[hexes[j]] < start * COMMITTED:
                committed[j] = True
    ranked = {}
    for i in open_:
        if tasks[i].kind == "defend":
            ranked[i] = [(0.0, j) for j in holders[i]]
        else:
            row = eta[i].tolist()
            if tasks[i].kind == "guard":
                ok = on_line
            else:  # the line's guard hunts raiders; the field army may too
                ok = np.ones(len(free), dtype=bool) if line_task[i] else ~on_line
            if tasks[i] is not goal:
                ok = ok & (~committed | (eta[i] <= 1.0))
            ranked[i] = sorted((row[j], j) for j in range(len(free)) if row[j] < np.inf and ok[j])
    while open_ and not taken.all():
        best, best_util, best_group = -1, 0.0, None
        for i in open_:
            t = tasks[i]
            group, got, got_men, slowest = [], 0.0, 0.0, 0.0
            gp = ground(t.hex)
            for e, j in ranked[i]:
                if taken[j]:
                    continue
                group.append(j)
                got += gp[j]
                got_men += men[j]
                slowest = e
                if got >= t.need and got_men >= t.men:
                    break
            if not group or ((got < t.need or got_men < t.men) and t.kind != "defend"):
                continue  # not enough for the job: nobody goes
            if t.kind != "defend" and t.value < got * MATERIAL * RISK_SHARE:
                continue  # the force it takes would risk more than the job is worth
            util = t.value * _weight(t) / (1.0 + slowest)
            if util > best_util:
                best, best_util, best_group = i, util, group
        if best < 0:
            break
        give(tasks[best], best_group)
        tasks[best].core = len(tasks[best].units)
        open_.remove(best)

    # The line's guard left over joins the nearest guard post.
    if guards:
        for j in np.flatnonzero(~taken & on_line):
            i = min(
                (i for i, t in enumerate(tasks) if t.kind == "guard"),
                key=lambda i: (eta[i][j], i),
            )
            if np.isfinite(eta[i][j]):
                give(tasks[i], [j])
    # Whoever is left goes to the most valuable capture: joins its group if it has one (the
    # more the better), or else gathers at the own place nearest its target.
    rest = [int(j) for j in np.flatnonzero(~taken)]
    if rest and goal is not None and goal.units:
        for j in rest:
            if np.isfinite(eta[tasks.index(goal)][j]):
                give(goal, [j])
        rest = [int(j) for j in np.flatnonzero(~taken)]
    if rest and goal is not None and base is not None:
        stage = next((t for t in tasks if t.kind == "defend" and t.hex == base), None)
        if stage is None:
            stage = Task("stage", base, (base,), goal.value * SCOUT_SHARE, 0.0)
            tasks.append(stage)
        field = {int(p): maps.field(int(p), (base,)) for p in np.unique(profiles)}
        for j in rest:
            if np.isfinite(field[int(profiles[j])][hexes[j]]):
                stage.units.append(free[j])
                task_of[free[j]] = stage
    return Assignment(task_of, tasks)
