"""The AI's tactics: which attack to make with whom, and where each unit ends its move.

Attacks are judged with the resolver's own Monte Carlo preview (as `combat.predict`, the numbers the
odds panel shows): for every enemy hex in reach, the units that could strike it are added one by
one, strongest first, each group is previewed in one batched call, and the attack with the best
expected worth — enemy losses and ground gained against own losses and commanders at risk — is
made if its chance of winning is good enough. A move goes to the reachable hex that brings the
unit closest to its task without ending it where the enemy that could strike next turn outweighs
it (a unit with no safe hex falls back to the least dangerous one), nor out of supply needlessly.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from game.engine import battle, combat
from game.players.ai_tasks import MATERIAL, RAIDER_STAY, Task

if TYPE_CHECKING:
    from game.players.ai_phase import PhasePlan

PLACE_GAIN_SHARE = 0.5  # share of a place's value a won attack into it is credited with
OWN_LOSS_WEIGHT = 1.2  # own men are dearer than the enemy's: they cannot be replaced
ADJACENT_SUPPORT = 0.5  # share of the power next door counted in a hex's defence
MIN_ROUGH_ODDS = 1.2  # groups with less than this rough power ratio are not previewed
SUPPLY_TURNS = 2.0  # turns out of supply a move is charged for
CAPTURE_DARING = 10.0  # a place worth this many times a unit doubles the risk it may run there
DRAW_SHARE = 0.5  # an attack that is hardly ever thrown back (that much of the risk it takes
# otherwise) goes in with that share of the least chance of winning it otherwise wants
LIGHT_TASK_POINTS = 5.0  # what reaching the nearest safe, supplied hex is worth to an idle unit


@dataclass(eq=False)
class AttackPlan:
    target: int
    units: list[int]  # attack order: the first one advances
    moves: list[tuple[int, int]]  # (unit, hex) to reach before attacking
    ev: float
    p_win: float
    advance: bool


def best_attack(plan: PhasePlan) -> AttackPlan | None:
    world, b, side = plan.world, plan.belief, plan.side
    grid = world.grid
    enemy_units = np.flatnonzero(b.active() & (world.unit_side != side) & ~plan.view.stand_in)
    if enemy_units.size == 0:
        return None
    targets = np.unique(b.hex[enemy_units])
    is_target = np.zeros(grid.size, dtype=bool)
    is_target[targets] = True
    limit = world.scenario.rules.movement.stacking_limit
    stack = plan.stack_counts()

    # Who could strike each target: units next to it, and units that may move within a rough
    # striking range. Targets that all of these together could not face are dropped before any
    # search; for the rest, searches run nearest unit first until there is power enough.
    near: dict[int, list[int]] = {}
    adjacent: dict[int, list[int]] = {}
    for u in plan.own_units():
        if b.attacked[u] or u in plan.no_attack:
            continue
        h = int(b.hex[u])
        for t in grid.neighbours[h]:
            if t >= 0 and is_target[t]:
                adjacent.setdefault(int(t), []).append(u)
        if plan.may_move(u) and not plan.is_garrison(u):
            dist = grid.distance(targets, h)
            for t in targets[(dist <= plan.strike_range(u)) & (dist > 1)]:
                near.setdefault(int(t), []).append(u)
    power = plan.view.power
    options: dict[int, list[tuple[int, int, float]]] = {}  # target -> (unit, hex, cost)
    defence_of: dict[int, float] = {}
    for t in targets:
        t = int(t)
        adj, movers = adjacent.get(t, []), near.get(t, [])
        dfn = battle.defenders_at(world, b, t, side)
        defence = float(plan.view.ground_power[dfn].sum()) * plan.maps.defence[t]
        defence *= world.combat.posture[int(b.posture[dfn].min())]
        defence_of[t] = defence
        if float(power[adj + movers].sum()) < defence * MIN_ROUGH_ODDS:
            continue
        opts = [(u, int(b.hex[u]), 0.0) for u in adj]
        total = float(power[adj].sum())
        for u in sorted(movers, key=lambda u: (int(grid.distance(int(b.hex[u]), t)), u)):
            if total > defence * plan.params.overkill:
                break
            found = plan.reach(u)
            hit = False
            for n in grid.neighbours[t]:
                if n >= 0 and n in found.stops and stack[n] < limit:
                    opts.append((u, int(n), found.cost[int(n)]))
                    hit = True
            total += power[u] if hit else 0.0
        if opts:
            options[t] = opts

    engs, meta = [], []
    key = battle.engagement_key(plan.state)
    for t, opts in options.items():
        group = _pick_hexes(plan, t, opts, stack, limit)
        if not group:
            continue
        hyp = copy.copy(b)
        hyp.hex = b.hex.copy()
        hyp.fatigue = b.fatigue.copy()
        for u, h, cost in group:
            if h != b.hex[u]:
                hyp.hex[u] = h
                hyp.fatigue[u] = plan.fatigue_after(u, cost)
        # Rough odds (power against power in its ground and posture) pick the groups worth a
        # preview: none hopeless, none beyond overkill.
        defence = defence_of[t]
        total = 0.0
        for k in range(1, min(len(group), plan.params.max_group) + 1):
            total += plan.view.power[group[k - 1][0]]
            if total < defence * MIN_ROUGH_ODDS and k < len(group):
                continue
            units = [g[0] for g in group[:k]]
            eng, info = battle.build(world, hyp, units, t, key)
            engs.append(eng)
            meta.append((t, group[:k], info))
            if total > defence * plan.params.overkill:
                break
    if not engs:
        return None
    pred = preview(combat.Engagements.stack(engs), world.combat, plan.params.samples)
    best: AttackPlan | None = None
    for i, (t, group, info) in enumerate(meta):
        p_win = float(pred.p_win[i])
        # Good odds of winning; or, where a failure would mostly be a draw (a gun park with no
        # men to lose can hold against any odds), fair odds and little risk of being thrown back.
        min_win = plan.params.min_win
        if p_win < min_win and (
            p_win < min_win * DRAW_SHARE or pred.p_lose[i] > (1.0 - min_win) * DRAW_SHARE
        ):
            continue
        ev = _worth(plan, t, info, pred, i, p_win)
        if ev <= 0 or (best is not None and ev <= best.ev):
            continue
        units = [g[0] for g in group]
        # The first attacker that can step into the hex advances: never a garrison (nor a
        # train, which cannot leave the line, in front of a garrison that would go instead).
        steps = world.step_cost
        leaders = [
            u
            for u, h, _ in group
            if not plan.is_garrison(u)
            and steps[world.unit_type[u], h, grid.direction(h, t)] < np.inf
        ]
        order = leaders + [u for u in units if u not in leaders]
        moves = [(u, h) for u, h, _ in group if h != b.hex[u]]
        best = AttackPlan(t, order, moves, ev, p_win, advance=bool(leaders))
    return best


def _pick_hexes(plan: PhasePlan, t: int, opts, stack: np.ndarray, limit: int):
    """Each unit's best hex to strike from (no river in the way, good ground, cheap to reach),
    strongest units first, within the stacking limit."""
    world = plan.world
    grid = world.grid
    by_unit: dict[int, list[tuple[int, float]]] = {}
    for u, h, cost in opts:
        by_unit.setdefault(u, []).append((h, cost))
    room = {}
    group = []
    for u in sorted(by_unit, key=lambda u: (-plan.view.power[u], u)):
        best, best_key = None, None
        for h, cost in by_unit[u]:
            moving = h != plan.belief.hex[u]
            if moving and room.get(h, limit - stack[h]) <= 0:
                continue
            river = world.river_attack[world.river_edge[h, grid.direction(h, t)]]
            key = (not moving, river, plan.maps.defence[h], -cost, -h)
            if best_key is None or key > best_key:
                best, best_key = (h, cost), key
        if best is None:
            continue
        h, cost = best
        if h != plan.belief.hex[u]:
            room[h] = room.get(h, limit - stack[h]) - 1
        group.append((u, h, cost))
    return group


@dataclass(eq=False)
class Preview:
    """The resolver's Monte Carlo preview as the AI weighs it: like `combat.predict` (the same
    replicas), with the losses also in combat power, so guns and machine guns count."""

    p_win: np.ndarray  # (E,) chance the defenders leave the hex
    p_lose: np.ndarray  # (E,) chance the attackers are thrown back (otherwise it is a draw)
    att_men: np.ndarray  # (E,) mean men lost by the attacker
    def_men: np.ndarray
    att_power: np.ndarray  # (E,) mean combat weight lost (men, guns, machine guns)
    def_power: np.ndarray
    p_att_cmd_lost: np.ndarray
    p_def_cmd_lost: np.ndarray


def preview(eng: combat.Engagements, tables: combat.CombatTables, samples: int) -> Preview:
    res = combat.resolve(eng, tables, replicas=samples, replica_offset=1)
    won = (res.outcome == combat.Outcome.DEFENDER_RETREATS) | (
        res.outcome == combat.Outcome.DEFENDER_ROUTED
    )
    safe = combat.CommanderFate.SAFE
    return Preview(
        p_win=won.mean(axis=0),
        p_lose=(res.outcome >= combat.Outcome.ATTACKER_REPULSED).mean(axis=0),
        att_men=res.att_loss[..., :2].sum(axis=-1).mean(axis=0),
        def_men=res.def_loss[..., :2].sum(axis=-1).mean(axis=0),
        att_power=(res.att_loss @ tables.weights).mean(axis=0),
        def_power=(res.def_loss @ tables.weights).mean(axis=0),
        p_att_cmd_lost=(res.att_cmd_fate != safe).mean(axis=0),
        p_def_cmd_lost=(res.def_cmd_fate != safe).mean(axis=0),
    )


def _worth(plan: PhasePlan, t: int, info: dict, pred: Preview, i: int, p_win: float) -> float:
    """Expected points of an attack: losses both ways (the men lost also score for the other
    side), ground and commanders."""
    ev = float(pred.def_power[i]) * MATERIAL + float(pred.def_men[i]) * plan.loss_points
    ev -= float(pred.att_power[i]) * MATERIAL * OWN_LOSS_WEIGHT
    ev -= float(pred.att_men[i]) * plan.enemy_loss_points
    ev += p_win * PLACE_GAIN_SHARE * max(plan.values.get(t, 0.0), 0.0)
    if plan.world.rail[t]:
        ev += p_win * _cut_worth(plan, t)
    if info["def_cmd"] >= 0:
        ev += float(pred.p_def_cmd_lost[i]) * plan.fall_gains[info["def_cmd"]]
    if info["att_cmd"] >= 0:
        ev += float(pred.p_att_cmd_lost[i]) * plan.fall_gains[info["att_cmd"]]
    return ev


def _cut_worth(plan: PhasePlan, t: int) -> float:
    """Points saved by driving the enemy off railway hex t: nothing while the raiders in sight
    are too few to cut the line, a few turns of the enemy's railway points when the raid would
    fall below the men it needs without them, one turn's otherwise."""
    total = plan.enemy_rail_men
    if plan.enemy_rail_points <= 0 or total < plan.rail_min_men:
        return 0.0
    b = plan.belief
    here = battle.defenders_at(plan.world, b, t, plan.side)
    left = total - float(b.men[here, :2].sum())
    return plan.enemy_rail_points * (RAIDER_STAY if left < max(plan.rail_min_men, 1.0) else 1.0)


# ------------------------------------------------------------------------------- moving


def choose_stop(plan: PhasePlan, u: int, task: Task | None) -> int | None:
    """The hex unit u should move to, or None to stay."""
    origin = int(plan.belief.hex[u])
    if task is not None and task.kind == "defend" and origin == task.hex:
        return None
    if task is None:  # idle: stay unless in danger or out of supply
        here = np.array([origin])
        if plan.odds_against(u, here)[0] <= plan.max_odds(u) and plan.view.supply[origin] >= 0:
            return None
    else:
        quick = _march(plan, u, task)
        if quick is not None:
            return None if quick == origin else quick
    return _best_stop(plan, u, task)


def _march(plan: PhasePlan, u: int, task: Task) -> int | None:
    """Walk down the task's distance field as far as the movement points go, and stop at the
    furthest safe hex on the way. None when that does not settle it (the unit starts in an enemy
    zone of control, its way is blocked, or no hex on it is safe): then all reachable hexes
    are weighed (a full search costs ten times this walk)."""
    world, b = plan.world, plan.belief
    origin = int(b.hex[u])
    enemy, zoc = plan.enemy_and_zoc()
    if zoc[origin]:
        return None
    field = _task_field(plan, u, task)
    steps = world.step_cost_list[int(world.unit_type[u])]
    nbrs = world.neighbour_list
    mp = float(b.mp[u]) + 1e-9
    h, spent = origin, 0.0
    path, costs = [origin], [0.0]
    inf = float("inf")
    floor = plan.floor.get(u, 0.0) if task.kind == "capture" else 0.0
    while field[h] > floor:
        # The step that goes down the field cheapest (on an exact field: a shortest path).
        row, nrow = steps[h], nbrs[h]
        best, best_d, here = -1, inf, field[h] - 1e-9
        for d in range(6):
            n = nrow[d]
            if n >= 0 and row[d] < inf and field[n] < here and row[d] + field[n] < best_d:
                best, best_d = d, row[d] + field[n]
        if best < 0:
            break
        n = nrow[best]
        if enemy[n] or spent + row[best] > mp or field[n] < floor:
            break
        spent += row[best]
        h = n
        path.append(h)
        costs.append(spent)
        if zoc[h]:
            break
    if len(path) == 1:
        return None if field[origin] > floor else origin
    stack = plan.stack_counts()
    limit = world.scenario.rules.movement.stacking_limit
    keep = [i for i, h in enumerate(path) if i == 0 or stack[h] < limit]
    cand = np.array([path[i] for i in keep], dtype=np.int64)
    cost = np.array([costs[i] for i in keep])
    pick = _pick(plan, u, task, cand, cost, need_safe=True)
    if pick is None:
        return None
    plan.paths[u] = path[: path.index(int(pick)) + 1]
    return int(pick)


def _task_field(plan: PhasePlan, u: int, task: Task) -> np.ndarray:
    """(H,) movement points from each hex to the task: its distance field, or for a moving
    target the straight-line distance at a typical cost per hex."""
    if task.targets:
        return plan.maps.field(plan.maps.unit_profile(u), task.targets)
    return plan.straight_field(task.hex)


def _best_stop(plan: PhasePlan, u: int, task: Task | None) -> int | None:
    world, b = plan.world, plan.belief
    origin = int(b.hex[u])
    found = plan.reach(u)
    stack = plan.stack_counts()
    limit = world.scenario.rules.movement.stacking_limit
    defend = task is not None and task.kind == "defend"
    if defend and task.hex in found.cost and stack[task.hex] < limit:
        return task.hex
    stops = np.fromiter((h for h in found.stops if stack[h] < limit), dtype=np.int64)
    if task is not None and task.kind == "capture" and plan.floor.get(u, 0.0) > 0:
        stops = stops[_task_field(plan, u, task)[stops] >= plan.floor[u]]  # the group's pace
    cand = np.concatenate(([origin], stops))
    cost = np.array([0.0] + [found.cost[int(h)] for h in stops])
    best = int(_pick(plan, u, task, cand, cost, need_safe=False))
    return None if best == origin else best


def _pick(plan: PhasePlan, u: int, task: Task | None, cand, cost, need_safe: bool):
    """The best of the candidate hexes: closest to the task among the safe ones, minus what
    being out of supply would cost; with no safe hex, the least dangerous (or None if
    `need_safe`)."""
    scouting = task is not None and task.kind in ("scout", "patrol")
    danger = plan.odds_against(u, cand, scouting=scouting)
    safe = danger <= plan.max_odds(u, scouting)
    if task is not None and task.kind == "defend":
        safe[:] = True  # holding the place is the point
    elif task is not None and task.kind == "capture":
        # Riding into a place worth many times the unit is worth a worse risk.
        stake = task.value / max(float(plan.view.power[u]) * MATERIAL * CAPTURE_DARING, 1e-9)
        at = cand == task.hex
        safe[at] = danger[at] <= plan.max_odds(u) * (1.0 + stake)
    if not safe.any():
        if need_safe:
            return None
        return cand[int(np.argmax(-danger - 1e-3 * cost))]
    pw = float(plan.view.power[u])
    out = plan.view.supply[cand] < 0
    supply_pen = np.where(out, plan.supply_cost(u, cand) * pw * MATERIAL * SUPPLY_TURNS, 0.0)
    if task is not None:
        dist = _task_field(plan, u, task)[cand]
        gain = task.value / (1.0 + dist / plan.allowance(u))
    else:  # idle: somewhere safe, supplied and close to friends
        gain = np.full(cand.size, LIGHT_TASK_POINTS)
    score = gain - supply_pen + 0.01 * plan.maps.defence[cand] - 1e-3 * cost
    score = np.where(safe, score + plan.jitter(cand.size), -np.inf)
    return cand[int(np.argmax(score))]


# ------------------------------------------------------------------------------ patrols


def sweep(plan: PhasePlan, u: int, trains: list[int]) -> list[tuple[int, list[int]]]:
    """The hops of a rail-bound unit walking its beat of the railway to the far end, each hop
    as (stop, path): as long as every hex of the line out of sight on it comes into view from
    one end of the hop or the other (three hexes where the ground hides units, five in the
    open). Nothing when an enemy in sight is next to it: it stays and keeps the raiders in view
    for the units sent after them.

    The line is cut into one beat per rail-bound unit, given out in their order along it, so
    the patrols need no memory: each walks to the end of its beat farther from it, and the
    next time back."""
    world, b = plan.world, plan.belief
    line = plan.maps.rail_line
    origin = int(b.hex[u])
    pos = plan.maps.rail_index.get(origin)
    if pos is None or plan.view.enemy_at[plan.maps.neighbours[origin]].any():
        return []
    order = sorted(trains, key=lambda t: (plan.maps.rail_index.get(int(b.hex[t]), -1), t))
    k = order.index(u)
    lo = len(line) * k // len(order)
    hi = len(line) * (k + 1) // len(order) - 1
    end = lo if abs(pos - lo) > abs(pos - hi) else hi
    if pos < lo or pos > hi:  # off its beat: go to the nearer end of it first
        end = lo if pos < lo else hi
    step = 1 if end > pos else -1
    enemy, _zoc = plan.enemy_and_zoc()
    stack = plan.stack_counts()
    limit = world.scenario.rules.movement.stacking_limit
    cost = world.step_cost[int(world.unit_type[u])]
    hides = world.blocks_sight
    seen = plan.view.visible  # (stretches in sight already are walked through, not looked at)
    sight = int(world.type_sight[int(world.unit_type[u])])
    dist = world.grid.distance
    left = float(b.mp[u]) + 1e-9
    hops, i = [], pos
    while i != end:
        start, path, fresh, blocked = line[i], [line[i]], [], False
        while i != end:
            a, nxt = line[i], line[i + step]
            d = world.grid.direction(a, nxt)
            c = float(cost[a, d]) if d >= 0 else float("inf")
            if enemy[nxt] or c > left:
                blocked = True
                break
            look = fresh + ([nxt] if not seen[nxt] else [])
            if any(  # every hex out of sight so far in view from the start or the new stop
                min(int(dist(h, start)), int(dist(h, nxt))) > (1 if hides[h] else sight)
                for h in look
            ):
                break
            left -= c
            i += step
            path.append(nxt)
            fresh = look
        while len(path) > 1 and stack[path[-1]] >= limit:  # no room there: stop short
            path.pop()
            blocked = True
        if len(path) == 1:
            break
        hops.append((path[-1], path))
        i = plan.maps.rail_index[path[-1]]
        if blocked:
            break  # out of movement points, or the enemy is in the way
    return hops
