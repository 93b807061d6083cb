"""The replay's screens, the encyclopedia, the ghosts-of-history table and the after-action report
in the pseudo-language (every text they draw must have gone through gettext) and in French
(they draw without error, in French).

The screenshot flow already covers the replay on a battle day, its calibration view, a played
game's replay, the encyclopedia's first page and the end of a game; these tests drive the rest
like a player would: the keys' help, the timeline's tooltip, the take-command and continue
dialogs, the list of games to watch, dates that cannot be read, a save that diverges, a save of a
changed scenario, a scenario without history, every category of the encyclopedia and a search
that finds nothing, the ghosts' table and the report's charts in every state.

Pictures of the French screens go to I18N_SHOTS (a directory) when it is set.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")

import pygame  # noqa: E402
import pytest  # noqa: E402

pytest.importorskip("game.history.takecommand")

from game import i18n, saves, userdata  # noqa: E402
from game.paths import DEFAULT_SCENARIO, PROJECT_ROOT  # noqa: E402
from game.sim.campaign import play_campaign  # noqa: E402
from game.ui import theme  # noqa: E402
from game.ui.settings import Settings  # noqa: E402
from tests.i18n_probe import offending, probing  # noqa: E402

SHOTS = os.environ.get("I18N_SHOTS")
MINIMAL = PROJECT_ROOT / "tests" / "data" / "minimal.yaml"


# ---------------------------------------------------------------------------- worlds and games
def _world(language: str, path=DEFAULT_SCENARIO):
    """The scenario as a window in `language` shows it (its texts translated, or bracketed)."""
    from game.cli import _load_world

    previous = i18n.language()
    i18n.set_language(language)
    try:
        return _load_world(str(path))
    finally:
        i18n.set_language(previous)


@pytest.fixture(scope="module")
def worlds():
    return {}


def world_in(worlds, language: str, path=DEFAULT_SCENARIO):
    key = (language, str(path))
    if key not in worlds:
        worlds[key] = _world(language, path)
    return worlds[key]


@pytest.fixture(scope="module")
def played():
    """A whole game (AI against the random player), played once in English: a game and its save
    are the same in every language."""
    world = _world("en")
    return play_campaign(world, 11, red="ai", white="random").game


@pytest.fixture
def home(tmp_path, monkeypatch):
    monkeypatch.setenv(userdata.ENV_VAR, str(tmp_path / "data"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    return tmp_path


@pytest.fixture
def in_language():
    """Set the language for the test; English again afterwards, whatever happens."""
    yield i18n.set_language
    i18n.set_language("en")
    theme._FONTS.clear()


def make_app(world, home):
    from game.ui.app import App

    app = App(world, seed=3, settings=Settings(path=home / "settings.json"))
    app.step(0.016, [])
    return app


def close(app) -> None:
    theme.set_ui_scale(1.0)
    pygame.display.quit()


# ---------------------------------------------------------------------------- input
def ev(kind, **attrs):
    return pygame.event.Event(kind, attrs)


def press(app, key, mod=0, unicode=""):
    app.step(
        0.016,
        [ev(pygame.KEYDOWN, key=key, mod=mod, unicode=unicode), ev(pygame.KEYUP, key=key, mod=mod)],
    )
    app.step(0.016, [])


def click(app, pos, button=1):
    app.step(
        0.016,
        [
            ev(pygame.MOUSEMOTION, pos=pos, rel=(0, 0), buttons=(0, 0, 0)),
            ev(pygame.MOUSEBUTTONDOWN, pos=pos, button=button),
            ev(pygame.MOUSEBUTTONUP, pos=pos, button=button),
        ],
    )
    app.step(0.016, [])


def hover(app, pos):
    app.step(0.016, [ev(pygame.MOUSEMOTION, pos=pos, rel=(0, 0), buttons=(0, 0, 0))])
    app.step(0.016, [])


def shot(app, name: str) -> None:
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        pygame.image.save(app.screen, str(Path(SHOTS) / name))


# ---------------------------------------------------------------------------- the screens
def _save(world, game, path: Path, fingerprint: str, **changes) -> Path:
    doc = saves.to_save(game, fingerprint, name="AI v random", scenario_path=str(DEFAULT_SCENARIO))
    doc.update(changes)
    path.write_text(json.dumps(doc))
    return path


def _changed_scenario_replay(world, game, path: Path, fingerprint: str) -> Path:
    """A replay file of `game` as if the scenario had since changed: other digests for two keys,
    one key gone and one new, and another fingerprint."""
    from game.history.replayfile import make_replay

    doc = make_replay(game, fingerprint, DEFAULT_SCENARIO, name="older scenario")
    keys = doc["keys"]
    for k in sorted(keys)[:2]:
        keys[k] = "0" * len(keys[k])
    keys.pop(sorted(keys)[-1])
    keys["units.a_unit_since_removed.strength"] = "1" * 16
    doc["save"]["scenario"]["fingerprint"] = "f" * 64
    path.write_text(json.dumps(doc))
    return path


def tour_replay(app, world, played, tmp: Path, look) -> None:
    """Every part of the replay screen the screenshot flow does not show, `look(name)` at each."""
    from game.ui.replay_overlays import CalibrationView, CommandDialog, ReplayHelp, WatchDialog
    from game.ui.replay_scene import ReplayScene, open_replay

    open_replay(app)
    scene = app.stack.top
    assert isinstance(scene, ReplayScene)
    look("replay_start")  # the first day: nothing recorded yet
    scene.jump_to("1921-06-06")
    for _ in range(20):
        app.step(0.05, [])
    look("replay_battle")
    press(app, pygame.K_F1)
    assert isinstance(scene.overlays[-1], ReplayHelp)
    look("replay_help")
    press(app, pygame.K_ESCAPE)
    marker = next(r for item, r in scene.bar._slots if item.is_battle)
    hover(app, marker.center)  # the bar's tooltip on an entry, then on a bare day
    look("replay_tooltip_entry")
    hover(app, (scene.bar.track.x + 5, scene.bar.track.centery))
    look("replay_tooltip_day")
    press(app, pygame.K_SPACE)  # playing: the clock says so
    app.step(0.3, [])
    look("replay_playing")
    press(app, pygame.K_SPACE)
    for typed in ("the sixth", "1921-10-01", "31 February"):
        scene.jump_to(typed)
        app.step(0.016, [])
        look(f"replay_bad_date_{typed}")
    scene.date_entry.set_text(" ")
    scene.do_go_date()
    app.step(0.016, [])
    look("replay_no_date")
    press(app, pygame.K_c)
    assert isinstance(scene.overlays[-1], CalibrationView)
    hover(app, scene.overlays[-1].rows[0][0].center)
    look("replay_calibration_hover")
    press(app, pygame.K_ESCAPE)
    press(app, pygame.K_t)
    assert isinstance(scene.overlays[-1], CommandDialog)
    look("replay_take_command")
    press(app, pygame.K_ESCAPE)
    # a played game, its list first
    userdata.write_slot("AI v random", played, app.fingerprint, scenario_path=str(DEFAULT_SCENARIO))
    press(app, pygame.K_o)
    dialog = scene.overlays[-1]
    assert isinstance(dialog, WatchDialog)
    assert dialog.load_button.text == i18n._("Watch (Enter)")
    look("replay_watch")
    press(app, pygame.K_RETURN)
    app.step(0.016, [])
    look("replay_game_checked")
    battle = next(i for i in scene.replay.items if i.is_battle)
    scene.seek(battle.t0, battle)
    app.step(0.016, [])
    look("replay_game_battle")
    for item in scene.replay.items:  # every kind of entry of a played game
        if item.kind != "battle":
            scene.seek(item.t0, item)
            app.step(0.016, [])
    look("replay_game_entries")
    scene.seek(battle.t0, battle)
    press(app, pygame.K_t)
    assert isinstance(scene.overlays[-1], CommandDialog)
    look("replay_continue")
    press(app, pygame.K_ESCAPE)
    press(app, pygame.K_END)
    press(app, pygame.K_t)  # the game is over there
    look("replay_game_over")
    # a save that diverges on turn 5, and a replay of a scenario that changed since
    hashes = list(played.turn_hashes)
    hashes[4] = "0" * 64
    assert (
        scene.open_game(
            _save(world, played, tmp / "edited.json", app.fingerprint, turn_hashes=hashes)
        )
        == ""
    )
    app.step(0.016, [])
    look("replay_diverged")
    changed = _changed_scenario_replay(world, played, tmp / "changed.json", app.fingerprint)
    assert scene.open_game(changed) == ""
    app.step(0.016, [])
    assert "units.a_unit_since_removed" in scene.replay.problem
    look("replay_scenario_changed")
    damaged = tmp / "damaged.json"
    damaged.write_text('{"format": "mongolia1921-replay", "version": 1, "save": ')
    scene.say(scene.open_game(damaged))
    app.step(0.016, [])
    look("replay_damaged")
    press(app, pygame.K_h)  # back to the history
    press(app, pygame.K_ESCAPE)


def tour_no_history(app, look) -> None:
    from game.ui.replay_overlays import NoCalibration
    from game.ui.replay_scene import open_replay

    open_replay(app)
    scene = app.stack.top
    app.step(0.016, [])
    look("replay_no_history")
    press(app, pygame.K_c)
    assert isinstance(scene.overlays[-1], NoCalibration)
    look("replay_no_calibration")
    press(app, pygame.K_ESCAPE)
    press(app, pygame.K_ESCAPE)


def tour_encyclopedia(app, look) -> None:
    from game.ui.encyclopedia import EncyclopediaScene, open_entry

    scene = open_entry(app)
    assert isinstance(scene, EncyclopediaScene)
    app.step(0.016, [])
    for cat, button in scene.cat_buttons.items():
        click(app, button.rect.center)
        assert scene.category == cat
        if scene.shown:
            scene.show(scene.shown[-1].key)
        app.step(0.016, [])
        look(f"encyclopedia_{cat}")
    scene.set_query("zzyzx no such word")
    app.step(0.016, [])
    assert not scene.shown and scene.empty is not None
    look("encyclopedia_no_result")
    press(app, pygame.K_ESCAPE)


def tour_history_table(world, look_surface) -> None:
    from game.history.takecommand import historical_state
    from game.ui.history_table import render

    for day in ("1921-05-01", "1921-06-13", "1921-08-25"):
        import datetime as dt

        card = render(world, historical_state(world, dt.date.fromisoformat(day), 1))
        assert card is not None
        look_surface(card, f"history_table_{day}")


def tour_aar(app, world, played, look) -> None:
    """The report of `played` re-run on `world` (the game in that world's language)."""
    from game.history.gamereplay import GameReplay
    from game.ui import aar
    from game.ui.session import Session

    save = saves.SaveFile.model_validate(saves.to_save(played, "x", name="n"))
    run = GameReplay(world, save)
    game = run.game_at(run.length)
    assert game.over
    scene = aar.AarScene(app, Session(game, frozenset(range(len(world.side_ids)))))
    app.push(scene)
    app.step(0.016, [])
    look("aar_preparing")
    for _ in range(3):
        app.step(0.016, [])
    assert scene.data is not None and not scene.error
    look("aar_report")
    scene.data.battles, scene.data.complete = [], False
    look("aar_no_battle")
    scene.data = None
    scene.error = i18n._("The report could not be prepared ({error}).").format(error="Boom")
    look("aar_error")
    app.back()


# ---------------------------------------------------------------------------- pseudo-language
def looker(app, probe):
    """Draw a frame, then read what the screen drew."""

    def look(name: str) -> None:
        app.step(0.016, [])
        probe.check(app, name)

    return look


@pytest.fixture
def pseudo(in_language):
    in_language(i18n.PSEUDO)
    return i18n.PSEUDO


def test_replay_screens_draw_only_translated_text(worlds, played, home, tmp_path, pseudo):
    world = world_in(worlds, pseudo)
    app = make_app(world, home)
    try:
        with probing() as probe:
            tour_replay(app, world, played, tmp_path, looker(app, probe))
        assert not app.crashes
        assert not probe.found, probe.report()
    finally:
        close(app)


def test_a_scenario_without_history_says_so_in_the_language(worlds, home, pseudo):
    world = world_in(worlds, pseudo, MINIMAL)
    app = make_app(world, home)
    try:
        with probing() as probe:
            tour_no_history(app, looker(app, probe))
        assert not probe.found, probe.report()
    finally:
        close(app)


def test_every_encyclopedia_category_and_an_empty_search(worlds, home, pseudo):
    world = world_in(worlds, pseudo)
    app = make_app(world, home)
    try:
        with probing() as probe:
            tour_encyclopedia(app, looker(app, probe))
        assert not probe.found, probe.report()
    finally:
        close(app)


def test_the_ghosts_table_and_the_after_action_report(worlds, played, home, pseudo):
    world = world_in(worlds, pseudo)
    app = make_app(world, home)
    try:
        with probing() as probe:

            def look_surface(card, name):
                bad = {t for t in probe.drawn if offending(t, probe.allowed)}
                probe.drawn.clear()
                if bad:
                    probe.found.setdefault(name, set()).update(bad)

            tour_history_table(world, look_surface)
            probe.drawn.clear()
            tour_aar(app, world, played, looker(app, probe))
        assert not probe.found, probe.report()
    finally:
        close(app)


def test_messages_shared_with_the_command_line_are_translated(worlds, played, tmp_path, pseudo):
    from game.history.gamereplay import GameReplay, scenario_changes
    from game.history.replayfile import read_game_file
    from game.history.takecommand import take_command

    world = world_in(worlds, pseudo)
    changed = _changed_scenario_replay(world, played, tmp_path / "c.json", "x")
    found = read_game_file(changed)
    assert not offending(scenario_changes(world, found, DEFAULT_SCENARIO).describe())
    doc = saves.to_save(played, "x", name="n", scenario_path=str(DEFAULT_SCENARIO))
    doc["turn_hashes"][2] = "0" * 64
    run = GameReplay(world, saves.SaveFile.model_validate(doc))
    assert run.divergence is not None and not offending(run.divergence.message)
    for bad in ('{"format": "mongolia1921-replay", "version": 9}', "\xff\xfe"):
        path = tmp_path / "bad.json"
        path.write_bytes(bad.encode("latin-1"))
        with pytest.raises(saves.SaveError) as err:
            read_game_file(path)
        assert not offending(str(err.value))
    import datetime as dt

    game = take_command(world, dt.date(1921, 7, 6), 1)
    assert not offending(game.opening_events[0].text)


# ---------------------------------------------------------------------------- French
def test_the_screens_in_french(worlds, played, home, tmp_path, in_language):
    in_language("fr")
    world = world_in(worlds, "fr")
    app = make_app(world, home)
    try:

        def look(name):
            app.step(0.016, [])
            shot(app, f"{name}.png")

        tour_replay(app, world, played, tmp_path, look)
        tour_encyclopedia(app, look)
        tour_aar(app, world, played, look)
        assert not app.crashes, app.crashes

        def look_surface(card, name):
            if SHOTS:
                pygame.image.save(card, str(Path(SHOTS) / f"{name}.png"))

        tour_history_table(world, look_surface)
    finally:
        close(app)
    minimal = world_in(worlds, "fr", MINIMAL)
    app = make_app(minimal, home)
    try:
        tour_no_history(app, lambda name: shot(app, f"{name}.png"))
        assert not app.crashes
    finally:
        close(app)


def test_french_words_and_forms(worlds, in_language):
    from game.ui.replay_model import HistoryReplay, men_text
    from game.ui.replay_playback import parse_day

    in_language("fr")
    world = world_in(worlds, "fr")
    replay = HistoryReplay(world)
    assert replay.title.endswith("la campagne telle qu'elle s'est déroulée")
    assert men_text({"bayonets": 1200, "sabers": 1, "guns": 0, "machine_guns": 3}) == (
        "1\u202f200 baïonnettes · 1 sabre · 3 mitr."
    )
    import datetime as dt

    first, last = dt.date(1921, 5, 1), dt.date(1921, 8, 31)
    assert parse_day("6 juillet", 1921, first, last) == dt.date(1921, 7, 6)
    assert parse_day("6 juil.", 1921, first, last) == dt.date(1921, 7, 6)
    with pytest.raises(ValueError, match="hors de la campagne"):
        parse_day("1921-10-01", 1921, first, last)
