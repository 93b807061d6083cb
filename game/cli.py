"""The command line: `python main.py [play|validate|info|simulate|mods|schema] ...`.

Every command loads scenarios through the same validating loader and reports bad input as located
messages with exit status 1, never as a traceback.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter
from pathlib import Path

from game import __version__
from game.paths import DEFAULT_SCENARIO

LANG_HELP = (
    "language of the game window, the replay and the screenshots: en, fr (default: the settings')"
)
MOD_HELP = "apply a mod (a folder name from mods/ or the user's mods folder, or a path); repeat to apply several in order"


def _add_mod_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--mod", action="append", default=[], metavar="MOD", help=MOD_HELP)


def _add_lang_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--lang", default=argparse.SUPPRESS, metavar="CODE", help=LANG_HELP)


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="mongolia1921",
        description="Mongolia 1921: the Soviet intervention in Mongolia, May–August 1921.",
    )
    p.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    p.add_argument("--lang", default=None, metavar="CODE", help=LANG_HELP)
    sub = p.add_subparsers(dest="command", metavar="COMMAND")

    play = sub.add_parser("play", help="open the game window (the default command)")
    play.add_argument("--scenario", default=None, help="scenario file")
    _add_mod_option(play)
    _add_lang_option(play)

    val = sub.add_parser("validate", help="check scenario files and mods; exit 1 if any is invalid")
    val.add_argument(
        "paths", nargs="*", metavar="PATH", help="scenario files, mod folders or mod.yaml files"
    )
    val.add_argument("--scenario", default=None, help="scenario file (with --mod)")
    _add_mod_option(val)

    mods = sub.add_parser(
        "mods", help="list the scenarios and mods, each with its validation state"
    )
    mods.add_argument("--json", action="store_true", help="print a JSON list")

    schema = sub.add_parser("schema", help="print the JSON Schema of scenario or mod files")
    schema.add_argument(
        "--kind", choices=("scenario", "mod"), default="scenario", help="which file format"
    )
    schema.add_argument("--out", metavar="FILE", help="write to FILE instead of printing")
    schema.add_argument("--markdown", action="store_true", help="the field reference as Markdown")

    info = sub.add_parser("info", help="summarise a scenario")
    info.add_argument("--scenario", default=None, help="scenario file")
    _add_mod_option(info)
    info.add_argument("--json", action="store_true", help="print a JSON object")

    sim = sub.add_parser("simulate", help="play whole campaigns headless")
    sim.add_argument("--scenario", default=None, help="scenario file")
    _add_mod_option(sim)
    sim.add_argument(
        "--seed", type=int, default=1, help="seed of the first run (run i uses seed+i)"
    )
    sim.add_argument("--runs", type=int, default=1, help="number of campaigns")
    from game.players.base import PLAYER_KINDS

    sim.add_argument("--red", default="random", choices=PLAYER_KINDS, help="player of the red side")
    sim.add_argument(
        "--white", default="random", choices=PLAYER_KINDS, help="player of the white side"
    )
    sim.add_argument(
        "--workers", type=int, default=1, help="parallel processes (results do not depend on it)"
    )
    sim.add_argument(
        "--json",
        nargs="?",
        const="-",
        metavar="FILE",
        help="write runs and summary as JSON to FILE, or print it when no FILE is given",
    )
    sim.add_argument("--csv", metavar="FILE", help="write one row per run to FILE")
    sim.add_argument(
        "--dask",
        metavar="ADDRESS",
        help="run on a Dask cluster (e.g. tcp://host:8786) instead of local processes; "
        "needs `pip install -e .[dask]` here and on the workers",
    )
    sim.add_argument(
        "--save", metavar="FILE", help="with --runs 1: write the finished game as a save"
    )

    rep = sub.add_parser(
        "replay",
        help="the real campaign day by day, or a played game re-run from its save "
        "(--headless, --export FILE.gif, --calibration; otherwise the replay screen)",
    )
    from game.history.command import add_arguments

    add_arguments(rep)
    _add_mod_option(rep)
    _add_lang_option(rep)

    shot = sub.add_parser("screenshot", help="render the main screens headless to PNG files")
    shot.add_argument("--scenario", default=str(DEFAULT_SCENARIO), help="scenario file")
    shot.add_argument("--out", required=True, metavar="DIR", help="directory for the PNG files")
    _add_lang_option(shot)
    return p


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    command = args.command or "play"
    if command in ("play", "replay", "screenshot") or args.lang is not None:
        problem = _set_language(args.lang)
        if problem:
            print(problem, file=sys.stderr)
            return 2
    try:
        if command == "validate":
            from game.scenario.validate import validate_paths

            paths = list(args.paths) + ([args.scenario] if args.scenario else [])
            return validate_paths(paths, mods=args.mod)
        if command == "mods":
            return _mods(args)
        if command == "schema":
            return _schema(args)
        if command == "info":
            return _info(args)
        if command == "simulate":
            return _simulate(args)
        if command == "replay":
            from game.history.command import run as replay

            return replay(args, _load_world, _scenario_path)
        if command == "screenshot":
            from game.ui.screenshot import render_all

            for path in render_all(args.scenario, args.out):
                print(path)
            return 0
        return _play(getattr(args, "scenario", None), getattr(args, "mod", []))
    except KeyboardInterrupt:
        return 130


def _load_world(path: str | None, mods: list[str] | None = None):
    """The compiled world (the scenario with `mods` applied, its texts in the language in use when
    there is a translation), or None after printing the errors."""
    from game.engine.world import build_world
    from game.scenario.mods import check_with_mods

    loaded = check_with_mods(path, mods or [])
    if loaded.scenario is None or loaded.errors:
        from game.scenario.errors import ScenarioError

        print(str(ScenarioError(loaded.diagnostics)), file=sys.stderr)
        return None
    world = build_world(loaded.scenario)
    for d in localize(world, loaded.files):
        print(d.format(), file=sys.stderr)
    return world


def localize(world, files: list[str]) -> list:
    """Show `world` in the language in use: the translations of its scenario and mod `files` that
    exist, applied (`World.base` keeps the scenario as written); their diagnostics."""
    from game.i18n import language
    from game.scenario.translation import translate

    base = world.canonical
    scenario, diagnostics = translate(base, files, language())
    object.__setattr__(world, "scenario", scenario)  # texts only: every array stays valid
    object.__setattr__(world, "base", base if scenario is not base else None)
    return diagnostics


def _set_language(code: str | None) -> str:
    """Use `code` (from --lang), else the settings' language; "" or why it cannot."""
    from game import i18n

    if code is None:
        try:
            from game.ui.settings import Settings

            code = Settings.load().language
        except ImportError:  # no window in this build: English
            code = i18n.DEFAULT
    try:
        i18n.set_language(code)
    except i18n.UnknownLanguage as exc:
        return f"--lang: {exc}"
    return ""


def _scenario_path(args) -> str:
    """The file a command reads: --scenario, what the first mod extends, or the 1921 campaign."""
    if args.scenario is not None:
        return args.scenario
    if getattr(args, "mod", None):
        from game.scenario.mods import check_with_mods

        files = check_with_mods(None, args.mod).files
        if files:
            return files[0]
    return str(DEFAULT_SCENARIO)


def _mods(args) -> int:
    from game.scenario.mods import list_content

    entries = list_content()
    if args.json:
        print(json.dumps([e.to_json() for e in entries], indent=2, ensure_ascii=False))
        return 0
    for e in entries:
        state = "OK" if e.ok else f"{e.errors} error{'s' if e.errors != 1 else ''}"
        if e.warnings:
            state += f", {e.warnings} warning{'s' if e.warnings != 1 else ''}"
        extends = f" (patch of {e.extends})" if e.extends else ""
        print(f"{e.kind:<12} {e.id:<18} {e.title}{extends} — {state}\n{'':13}{e.path}")
    return 0


def _schema(args) -> int:
    from game.scenario import docs

    text = docs.reference_markdown() if args.markdown else docs.schema_text(args.kind)
    if args.out:
        Path(args.out).write_text(text, encoding="utf-8")
    else:
        print(text, end="")
    return 0


def _info(args) -> int:
    args.scenario = _scenario_path(args)
    world = _load_world(args.scenario, getattr(args, "mod", []))
    if world is None:
        return 1
    sc = world.scenario
    summary = {
        "id": sc.meta.id,
        "title": sc.meta.title,
        "file": str(Path(args.scenario)),
        "mods": list(getattr(args, "mod", [])),
        "start": sc.meta.start.isoformat(),
        "end": sc.meta.end.isoformat(),
        "days_per_turn": sc.meta.days_per_turn,
        "turns": world.turns,
        "hexes": world.grid.size,
        "map": {"cols": world.grid.cols, "rows": world.grid.rows, "hex_km": sc.map.hex_km},
        "units": len(sc.units),
        "units_by_side": dict(Counter(world.side_ids[s] for s in world.unit_side)),
        "commanders": [c.name for c in sc.commanders],
        "places": len(sc.map.places),
        "events": len(sc.events),
        "totals": world.totals(),
    }
    if args.json:
        print(json.dumps(summary, indent=2, ensure_ascii=False))
        return 0
    print(f"{summary['title']}  ({summary['file']})")
    print(
        f"  {summary['start']} to {summary['end']}: {world.turns} turns of {sc.meta.days_per_turn} days"
    )
    print(
        f"  map: {world.grid.cols} × {world.grid.rows} = {world.grid.size} hexes of {sc.map.hex_km:g} km"
    )
    print(
        f"  {len(sc.units)} units, {len(sc.commanders)} commanders, {len(sc.map.places)} places, {len(sc.events)} events"
    )
    for side, t in summary["totals"].items():
        print(
            f"  {sc.sides[side].name}: {t['bayonets']:,} bayonets, {t['sabers']:,} sabres, "
            f"{t['guns']} guns, {t['machine_guns']} machine guns"
        )
    print("  commanders: " + ", ".join(summary["commanders"]))
    return 0


def _simulate(args) -> int:
    from game.sim import batch

    if args.runs < 1 or args.workers < 1:
        print("simulate: --runs and --workers must be at least 1", file=sys.stderr)
        return 2
    if args.save and args.runs != 1:
        print("simulate: --save needs --runs 1", file=sys.stderr)
        return 2
    args.scenario = _scenario_path(args)
    world = _load_world(args.scenario, args.mod)
    if world is None:
        return 1
    if "historical" in (args.red, args.white) and world.scenario.history is None:
        print(
            f"simulate: the historical player follows the scenario's history section, and "
            f"scenario '{world.scenario.meta.id}' has none",
            file=sys.stderr,
        )
        return 1
    if args.mod:  # the workers load a file: give them the merged scenario
        from game.scenario.mods import merged_file

        args.scenario = str(merged_file(world.canonical))
    seeds = [args.seed + i for i in range(args.runs)]
    show = batch.progress_bar() if args.runs > 1 and sys.stderr.isatty() else None
    t0 = time.perf_counter()
    if args.dask:
        try:
            from distributed import Client
        except ImportError:
            print("simulate: --dask needs Dask: pip install -e '.[dask]'", file=sys.stderr)
            return 2
        try:
            client = Client(args.dask, timeout=10)
        except OSError as exc:
            print(
                f"simulate: cannot reach the Dask scheduler at {args.dask}: {exc}", file=sys.stderr
            )
            return 1
        with client:
            runs = batch.run_batch(
                str(Path(args.scenario).resolve()),
                seeds,
                args.red,
                args.white,
                executor=client.get_executor(),
                progress=show,
            )
    else:
        runs = batch.run_batch(
            args.scenario, seeds, args.red, args.white, args.workers, progress=show
        )
    elapsed = time.perf_counter() - t0
    summary = batch.summarise(world, runs)
    if args.json:
        doc = {
            "scenario": world.scenario.meta.id,
            "red": args.red,
            "white": args.white,
            "seed": args.seed,
            "runs": runs,
            "summary": summary,
        }
        text = json.dumps(doc, ensure_ascii=False)
        if args.json == "-":
            print(text)
        else:
            Path(args.json).write_text(text, encoding="utf-8")
    if args.csv:
        batch.write_csv(Path(args.csv), world, runs)
    if args.save:
        _save_simulated(world, args)
    if args.json == "-":
        return 0
    if args.runs <= 10:
        for r in runs:
            o = r["outcome"]
            lost = ", ".join(
                f"{side} {v['bayonets'] + v['sabers']:,} men/{v['guns']} guns"
                for side, v in r["losses"].items()
            )
            print(
                f"seed {r['seed']}: {o['name']} (winner {o['winner']}, margin {o['margin']:+.1f}) "
                f"on {r['final_date']}; losses {lost}"
            )
    if args.runs > 1:
        print(batch.format_summary(summary))
    where = f"on the Dask cluster at {args.dask}" if args.dask else f"with {args.workers} worker(s)"
    print(f"{args.runs} runs in {elapsed:.1f} s {where}")
    return 0


def _save_simulated(world, args) -> None:
    """Play the single run again in this process (same seed, same game) and save it."""
    from game import saves
    from game.scenario.loader import fingerprint
    from game.sim.campaign import play_campaign

    res = play_campaign(world, args.seed, red=args.red, white=args.white)
    saves.save_game(
        Path(args.save),
        res.game,
        fingerprint(args.scenario),
        name=f"simulated, seed {args.seed}",
        scenario_path=args.scenario,
    )


def _play(path: str | None, mods: list[str] | None = None) -> int:
    mods = list(mods or [])
    if mods and path is None:  # the window keeps the files, not a merged copy: F5 rereads them
        from game.scenario.mods import check_with_mods, resolve_mod

        files = check_with_mods(None, mods).files
        if files and resolve_mod(mods[0]) == Path(files[0]):  # a whole scenario as first mod
            path, mods = files[0], mods[1:]
        elif files:
            path = files[0]
    path = path or str(DEFAULT_SCENARIO)
    try:
        from game.ui.app import run
    except ImportError:
        world = _load_world(path)
        if world is None:
            return 1
        print("The game window is not built yet; `simulate`, `info` and `validate` work headless.")
        return _info(argparse.Namespace(scenario=path, json=False))
    return run(path, mods)
