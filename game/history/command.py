"""`python main.py replay ...`: the replay from the command line (the parser lives in game/cli.py).

    replay [--date D]                                   open the replay screen (when built)
    replay --headless [--game FILE] [--to D] [--json]  the picture on a date, without a window
    replay --export FILE.gif [--from D] [--to D] [--game FILE]
    replay --calibration [--json]                       the engine against every battle of 1921

Bad input (a damaged save, a date that is not one, a scenario without history) is a message on
stderr and exit status 1, never a traceback. Without --headless or --export the command opens the
replay screen through `game.ui.app.run_replay(scenario_path, mods=…, date=…, game=…)` when the UI
provides it, and otherwise says the screen is not there yet (exit 2).
"""

from __future__ import annotations

import argparse
import json
import os
import sys


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--scenario", default=None, help="scenario file")
    parser.add_argument(
        "--game", metavar="FILE", help="a save or replay file: re-run it and check its hashes"
    )
    parser.add_argument("--headless", action="store_true", help="no window: print the state")
    parser.add_argument("--json", action="store_true", help="with --headless: print JSON")
    parser.add_argument("--date", metavar="YYYY-MM-DD", help="the date to open or show")
    parser.add_argument("--to", metavar="YYYY-MM-DD", help="the last date shown or exported")
    parser.add_argument(
        "--from", dest="first", metavar="YYYY-MM-DD", help="with --export: the first date"
    )
    parser.add_argument("--export", metavar="FILE.gif", help="write an animated GIF of the replay")
    parser.add_argument(
        "--calibration",
        action="store_true",
        help="print what the engine predicts for each historical battle beside what happened",
    )


def _fail(message: str, code: int = 1) -> int:
    print(f"replay: {message}", file=sys.stderr)
    return code


def run(args, load_world, scenario_path) -> int:
    """The `replay` command; `load_world(path, mods)` and `scenario_path(args)` are the CLI's."""
    from game.history import model

    try:
        dates = {
            name: model.parse_date(value) if value else None
            for name, value in (("date", args.date), ("to", args.to), ("first", args.first))
        }
    except ValueError as exc:
        return _fail(str(exc))
    if not (args.headless or args.export or args.calibration):
        return _open_screen(args, scenario_path, dates["date"])
    path = scenario_path(args)
    world = load_world(path, args.mod)
    if world is None:
        return 1
    replay, changes = None, None
    if args.game:
        found = _load_game(world, args.game, path, args.mod)
        if isinstance(found, int):
            return found
        replay, changes = found
    elif not model.has_history(world):
        return _fail(f"scenario '{world.scenario.meta.id}' has no history section to replay")
    if args.calibration:
        return _calibration(world, args.json)
    if args.export:
        return _export(world, args.export, dates["first"], dates["to"], replay)
    return _headless(world, dates["to"] or dates["date"], replay, changes, args.json)


def _open_screen(args, scenario_path, date) -> int:
    os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")
    try:
        from game.ui import app
    except ImportError as exc:
        return _fail(f"the replay screen needs the game window ({exc})", 2)
    run_replay = getattr(app, "run_replay", None)
    if run_replay is None:
        return _fail(
            "the replay screen is not available yet; use --headless, --export or --calibration", 2
        )
    return run_replay(
        scenario_path(args),
        mods=list(args.mod),
        date=date.isoformat() if date else None,
        game=args.game,
    )


def _load_game(world, file: str, path: str, mods):
    """(GameReplay, ScenarioChanges | None), or an exit status after printing why."""
    from game.history.gamereplay import GameReplay, scenario_changes
    from game.history.replayfile import read_game_file
    from game.saves import SaveError

    try:
        found = read_game_file(file)
    except SaveError as exc:
        return _fail(str(exc))
    if found.save.scenario.id != world.scenario.meta.id:
        return _fail(
            f"{file} is a game of scenario '{found.save.scenario.id}', not "
            f"'{world.scenario.meta.id}' (give it with --scenario or --mod)"
        )
    changes = scenario_changes(world, found, path, mods)
    if changes is not None:
        print(f"replay: {changes.describe()}; replaying it anyway", file=sys.stderr)
    replay = GameReplay(world, found.save)
    if replay.divergence is not None:
        print(f"replay: {replay.divergence.message}", file=sys.stderr)
    return replay, changes


def _headless(world, date, replay, changes, as_json: bool) -> int:
    from game.history import headless

    doc = (
        headless.history_json(world, date)
        if replay is None
        else headless.game_json(replay, date, changes)
    )
    if as_json:
        print(json.dumps(doc, ensure_ascii=False, indent=1))
    else:
        print(headless.format_text(doc))
        if replay is not None:
            state = "every turn's hash agrees" if replay.verified else replay.divergence.message
            print(f"  replayed {replay.length} commands: {state}")
    return 0 if replay is None or replay.verified else 1


def _export(world, target: str, first, last, replay) -> int:
    from game.history.export import export_gif

    if not target.lower().endswith(".gif"):
        return _fail(f"--export writes a GIF: give a file name ending in .gif, not '{target}'")
    try:
        done = export_gif(world, target, first, last, replay=replay)
    except (ValueError, OSError) as exc:
        return _fail(str(exc))
    print(
        f"wrote {done.path}: {done.frames} frames, {done.first} to {done.last}, "
        f"{done.bytes / 1024:,.0f} KB"
    )
    return 0


def _calibration(world, as_json: bool) -> int:
    from game.history.calibration import calibrate

    result = calibrate(world)
    if as_json:
        print(json.dumps(result.to_json(), ensure_ascii=False, indent=1))
    else:
        print(result.format_text())
    return 0
