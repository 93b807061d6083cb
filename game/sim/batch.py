"""Many campaigns in parallel processes, and what they say together.

Run i always plays seed S + i, and results come back in run order, so a batch gives the same
numbers whatever the number of workers. Each worker loads and compiles the scenario once.
"""

from __future__ import annotations

import csv
import math
import statistics
import sys
from collections import Counter
from collections.abc import Callable, Iterator
from concurrent.futures import Executor, ProcessPoolExecutor
from pathlib import Path

from game.engine.world import World, build_world
from game.scenario.loader import load_scenario
from game.sim.campaign import play_campaign

_WORLD: World | None = None
_PLAYERS: tuple[str, str] = ("random", "random")


def _init(scenario_path: str, red: str, white: str) -> None:
    global _WORLD, _PLAYERS
    _WORLD = build_world(load_scenario(scenario_path))
    _PLAYERS = (red, white)


def _run(seed: int) -> dict:
    assert _WORLD is not None, "worker not initialised"
    return play_campaign(_WORLD, seed, red=_PLAYERS[0], white=_PLAYERS[1]).to_json()


def run_batch(
    scenario_path: str,
    seeds: list[int],
    red: str = "random",
    white: str = "random",
    workers: int = 1,
    executor: Executor | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> list[dict]:
    """Play one campaign per seed; results in seed order. `executor` may be any
    concurrent.futures-style executor whose workers can import this package."""
    results: list[dict] = []

    def collect(it: Iterator[dict]) -> None:
        for res in it:
            results.append(res)
            if progress:
                progress(len(results), len(seeds))

    if executor is not None:
        futures = [executor.submit(_run_with, scenario_path, red, white, s) for s in seeds]
        collect(f.result() for f in futures)
    elif workers <= 1:
        _init(scenario_path, red, white)
        collect(_run(s) for s in seeds)
    else:
        with ProcessPoolExecutor(
            workers, initializer=_init, initargs=(scenario_path, red, white)
        ) as ex:
            collect(ex.map(_run, seeds, chunksize=max(1, len(seeds) // (workers * 8))))
    return results


def _run_with(scenario_path: str, red: str, white: str, seed: int) -> dict:
    """For executors without initialisers: load once per worker process, then play."""
    global _WORLD
    if _WORLD is None or (red, white) != _PLAYERS:
        _init(scenario_path, red, white)
    return _run(seed)


def progress_bar(stream=sys.stderr) -> Callable[[int, int], None]:
    def show(done: int, total: int) -> None:
        width = 30
        filled = width * done // total
        stream.write(f"\r[{'#' * filled}{'.' * (width - filled)}] {done}/{total}")
        if done == total:
            stream.write("\n")
        stream.flush()

    return show


# ----------------------------------------------------------------------------- statistics


def wilson(k: int, n: int, z: float = 1.96) -> tuple[float, float]:
    """95 % Wilson score interval of a proportion k/n."""
    if n == 0:
        return (0.0, 1.0)
    p = k / n
    den = 1 + z * z / n
    mid = (p + z * z / (2 * n)) / den
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / den
    return (max(0.0, mid - half), min(1.0, mid + half))


def _quartiles(values: list[float]) -> tuple[float, float, float]:
    if len(values) == 1:
        return (values[0],) * 3
    q = statistics.quantiles(values, n=4, method="inclusive")
    return (q[0], statistics.median(values), q[2])


def _median_date(dates: list[str]) -> str | None:
    return sorted(dates)[(len(dates) - 1) // 2] if dates else None


def summarise(world: World, runs: list[dict]) -> dict:
    n = len(runs)
    sc = world.scenario
    levels = Counter(
        (r["outcome"]["winner"], r["outcome"]["level"], r["outcome"]["name"]) for r in runs
    )
    out: dict = {"runs": n, "levels": [], "objectives": [], "commanders": [], "losses": {}}
    for (winner, level, name), k in sorted(levels.items(), key=lambda x: -x[1]):
        lo, hi = wilson(k, n)
        out["levels"].append(
            {"winner": winner, "level": level, "name": name, "p": k / n, "ci95": [lo, hi]}
        )
    start_holder = {p.id: p.control for p in sc.map.places}
    for obj in sc.victory.objectives:
        if obj.place is None:
            continue
        holder = start_holder.get(obj.place)
        for side in world.side_ids:
            if side == holder:
                continue
            dates = []
            for r in runs:
                taken = [d for d, s in r["record"]["captures"].get(obj.place, []) if s == side]
                if taken:
                    dates.append(taken[0])
            lo, hi = wilson(len(dates), n)
            out["objectives"].append(
                {
                    "place": obj.place,
                    "name": world.place_name(obj.place),
                    "taken_by": side,
                    "p": len(dates) / n,
                    "ci95": [lo, hi],
                    "median_date": _median_date(dates),
                }
            )
    for stake in sc.victory.commanders:
        cid = stake.commander
        fates = [r["record"]["commanders"].get(cid) for r in runs]
        row = {"commander": cid, "name": sc.commanders[world.commander_index[cid]].name}
        for fate in ("killed", "captured"):
            dates = [f["date"] for f in fates if f and f["fate"] == fate]
            row[fate] = {
                "p": len(dates) / n,
                "ci95": list(wilson(len(dates), n)),
                "median_date": _median_date(dates),
            }
        out["commanders"].append(row)
    for side in world.side_ids:
        men = [r["losses"][side]["bayonets"] + r["losses"][side]["sabers"] for r in runs]
        guns = [r["losses"][side]["guns"] for r in runs]
        out["losses"][side] = {"men": _quartiles(men), "guns": _quartiles(guns)}
    margins = [r["outcome"]["margin"] for r in runs]
    out["margin"] = _quartiles(margins)
    ranked = sorted(sc.victory.levels, key=lambda lv: lv.min_margin, reverse=True)
    historical = next((lv for lv in ranked if lv.min_margin <= 0), ranked[-1])
    out["history"] = {
        "score": sc.victory.historical_score,
        "level": historical.name,
        "note": sc.victory.historical_note,
    }
    from game.history.calibration import history_summary

    out["historical"] = history_summary(world, runs)  # share of the historical result, swings
    return out


def format_summary(summary: dict) -> str:
    lines = [f"{summary['runs']} campaigns"]
    lines.append("Victory level                               share    95 % interval")
    for lv in summary["levels"]:
        lo, hi = lv["ci95"]
        lines.append(f"  {lv['name']:<40} {lv['p']:6.1%}   {lo:6.1%} – {hi:6.1%}")
    h = summary["history"]
    lines.append(
        f"  (history scores {h['score']:g}: {h['level']}; margins here: "
        f"median {summary['margin'][1]:+.1f}, quartiles {summary['margin'][0]:+.1f} / {summary['margin'][2]:+.1f})"
    )
    lines.append("Objectives changing hands                   share    median date")
    for o in summary["objectives"]:
        if o["p"] == 0:
            continue
        label = f"{o['name']} taken by {o['taken_by']}"
        lines.append(f"  {label:<40} {o['p']:6.1%}   {o['median_date'] or '—'}")
    lines.append("Commanders                     killed (median date)   captured (median date)")
    for c in summary["commanders"]:
        k, cap = c["killed"], c["captured"]
        lines.append(
            f"  {c['name']:<28} {k['p']:6.1%} ({k['median_date'] or '—'})    {cap['p']:6.1%} ({cap['median_date'] or '—'})"
        )
    lines.append("Losses (men)                   lower quartile   median   upper quartile")
    for side, v in summary["losses"].items():
        q1, med, q3 = v["men"]
        lines.append(f"  {side:<28} {q1:>14,.0f} {med:>8,.0f} {q3:>16,.0f}")
    if "historical" in summary:
        from game.history.calibration import format_history_summary

        lines.append(format_history_summary(summary["historical"]))
    return "\n".join(lines)


def write_csv(path: Path, world: World, runs: list[dict]) -> None:
    places = [o.place for o in world.scenario.victory.objectives if o.place]
    stakes = [s.commander for s in world.scenario.victory.commanders]
    with open(path, "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        head = ["seed", "winner", "level", "margin", "final_date"]
        head += [f"{side}_{m}_lost" for side in world.side_ids for m in ("men", "guns")]
        head += [f"{p}_last_taken" for p in places] + [f"{c}_fate" for c in stakes]
        w.writerow(head)
        for r in runs:
            row = [
                r["seed"],
                r["outcome"]["winner"],
                r["outcome"]["level"],
                r["outcome"]["margin"],
                r["final_date"],
            ]
            for side in world.side_ids:
                lost = r["losses"][side]
                row += [lost["bayonets"] + lost["sabers"], lost["guns"]]
            for p in places:
                caps = r["record"]["captures"].get(p, [])
                row.append(caps[-1][0] + " " + caps[-1][1] if caps else "")
            for c in stakes:
                fate = r["record"]["commanders"].get(c)
                row.append(f"{fate['fate']} {fate['date']}" if fate else "at large")
            w.writerow(row)
