"""The window and its loop: events → top scene → update(dt) → draw, on a stack of scenes.

`run(path)` is what `python main.py play` calls. `App` can also be driven without a loop (tests,
screenshots, benchmarks): pass events to `step(dt, events)` and read `screen`.

Nothing that goes wrong inside a scene kills the window: `step` catches the exception, writes a
crash report and an autosave of the game in progress to the player's data folder
(`game/crash.py`) and shows a dialog that offers to return to the menu (`ui/crash.py`).
"""

from __future__ import annotations

import contextlib
import sys
import time
import warnings
from pathlib import Path

import pygame

from game.engine.world import World
from game.paths import DEFAULT_SCENARIO
from game.ui import keymap, palette, theme
from game.ui.scenes import UI_EVENTS, Scene, SceneStack
from game.ui.settings import Settings

FPS = 60
CRASH_WINDOW = 10.0  # seconds: this many crashes within it send the player back to the menu
CRASHES_BEFORE_MENU = 3
FALLBACKS_BEFORE_QUIT = 3  # returns to the menu within CRASH_WINDOW before the app gives up
SETTINGS_SAVE_DELAY = 1.0  # seconds after the last resize before the size is written


def _window_flags(fullscreen: bool) -> int:
    return pygame.FULLSCREEN if fullscreen else pygame.RESIZABLE


class App:
    def __init__(
        self,
        world: World,
        size: tuple[int, int] | None = None,
        seed: int | None = None,
        settings: Settings | None = None,
        scenario_path: str | Path | None = None,
        mods: list[str] | tuple[str, ...] = (),
    ):
        pygame.display.init()
        pygame.font.init()
        theme.reset_fonts()
        self.settings = settings if settings is not None else Settings()  # unsaved defaults
        theme.set_ui_scale(self.settings.ui_scale)
        palette.use(self.settings.palette)
        keymap.use(self.settings.keys)
        self.screen = self._set_mode(size or self.settings.window_size, self.settings.fullscreen)
        self.ui_version = 0  # bumped when the UI scale changes: scenes then need new widgets
        self.seed = seed if seed is not None else int(time.time()) % 1_000_000
        self.running = True
        self.stack = SceneStack()
        self.crashes: list[tuple[BaseException, Path | None]] = []  # (error, report)
        self._crash_times: list[float] = []
        self._fallbacks: list[float] = []
        self.quiet_crashes = False  # True: no line on stderr (the screenshot of the dialog)
        self._autosaved: set[int] = set()  # ids of games already autosaved after a crash
        self._settings_dirty: float | None = None
        self._sounds = None
        self._deferred: list = []
        self.autosave = settings is not None  # a real run keeps autosaves; tests leave none
        self.set_content(world, scenario_path, mods)
        from game.ui.menu import MenuScene

        self.stack.push(MenuScene(self))

    # ---------------------------------------------------------------- content
    def set_content(self, world: World, scenario_path=None, mods=()) -> None:
        """Play `world` from now on (the scenario file it came from and the mods applied)."""
        self.world = world
        self.scenario_path = str(scenario_path or DEFAULT_SCENARIO)
        self.mods = [str(m) for m in mods]
        self._fingerprint: str | None = None
        self._layers = None
        self._caption()

    def _caption(self) -> None:
        pygame.display.set_caption(self.world.scenario.meta.title)

    def content_files(self) -> list[str]:
        """The scenario's file, then each mod's (where their translations are looked for)."""
        if not self.mods:
            return [self.scenario_path]
        from game.scenario.mods import check_with_mods

        return check_with_mods(self.scenario_path, self.mods).files or [self.scenario_path]

    def set_language(self, code: str) -> None:
        """Show everything in `code` from now on: the catalogue, the scenario's texts (every
        session shares `self.world`), and every open screen rebuilt with them."""
        from game import i18n
        from game.cli import localize
        from game.ui import widgets

        i18n.set_language(code)
        for d in localize(self.world, self.content_files()):
            print(d.format(), file=sys.stderr)
        widgets.clear_text_cache()
        self._caption()
        self.relayout(force=True)

    @property
    def fingerprint(self) -> str:
        """The scenario's fingerprint as saves record it: the file's hash when it is one plain
        file, else a hash of the merged scenario (as `session.Source.fingerprint`)."""
        if self._fingerprint is None:
            self._fingerprint = ""
            if not self.mods:
                from game.scenario.loader import fingerprint

                with contextlib.suppress(OSError):
                    self._fingerprint = fingerprint(self.scenario_path)
            if not self._fingerprint:
                import hashlib

                dump = self.world.canonical.model_dump_json(by_alias=True)
                self._fingerprint = hashlib.sha256(dump.encode("utf-8")).hexdigest()
        return self._fingerprint

    def source(self):
        """Where the world came from, as the map's session records it (None if it cannot)."""
        from game.ui import session as session_module

        source_cls = getattr(session_module, "Source", None)
        if source_cls is None:
            return None
        return source_cls(path=self.scenario_path, mods=tuple(self.mods))

    def save_meta(self) -> dict:
        """What `saves.save_game` / `userdata.write_slot` need besides the game: where it came from."""
        return {"scenario_path": self.scenario_path, "mods": list(self.mods)}

    @property
    def layers(self):
        """The map's cached drawings, built on first use and kept across games."""
        if self._layers is None:
            from game.ui.layers import MapLayers

            self._layers = MapLayers(self.world)
        return self._layers

    @property
    def sounds(self):
        """The sound effects (opened on first use; silent without an audio device)."""
        if self._sounds is None:
            from game.ui.sound import Sounds

            self._sounds = Sounds(self.settings.volume)
        return self._sounds

    def play_sound(self, name: str) -> None:
        if self.settings.volume > 0:
            self.sounds.play(name)

    # ------------------------------------------------------------- navigation
    def new_campaign(self, side: str, opponent: str) -> None:
        """Start a game: `opponent` is "hot-seat" or a computer player's kind ("ai", "random")."""
        from game.ui.map_scene import MapScene
        from game.ui.session import Session

        source = self.source()
        if source is not None:
            session = Session.new(self.world, self.seed, side, opponent, source)
        else:
            session = Session.new(self.world, self.seed, side, opponent)
        if hasattr(session, "autosave"):
            session.autosave = self.autosave
        self.stack.replace(MapScene(self, session, self.layers))

    def open_session(self, session) -> None:
        """Show a game already under way (a loaded save) on the map."""
        from game.ui.map_scene import MapScene

        self.stack.clear()
        self.stack.push(MapScene(self, session, self.layers))

    def defer(self, action) -> None:
        """Run `action` once the current frame's events are handled (widgets call back mid-dispatch)."""
        self._deferred.append(action)

    def push(self, scene: Scene) -> None:
        self.stack.push(scene)

    def back(self) -> None:
        """Close the top screen; the menu when nothing is left."""
        self.stack.pop()
        if self.stack.top is None:
            self.to_menu()

    def show_end(self, session) -> None:
        from game.ui.aar import AarScene

        self.stack.replace(AarScene(self, session))

    def to_menu(self) -> None:
        from game.ui.menu import MenuScene

        self.stack.clear()
        self.stack.push(MenuScene(self))

    def quit(self) -> None:
        self.running = False

    # --------------------------------------------------------------- settings
    def _set_mode(self, size, fullscreen: bool) -> pygame.Surface:
        if fullscreen:
            try:
                return pygame.display.set_mode((0, 0), pygame.FULLSCREEN)
            except pygame.error:
                self.settings.fullscreen = False
        w, h = size
        size = (max(theme.MIN_WINDOW[0], int(w)), max(theme.MIN_WINDOW[1], int(h)))
        screen = pygame.display.set_mode(size, pygame.RESIZABLE)
        # stop the window manager from making the window smaller than the layouts allow
        with (
            contextlib.suppress(AttributeError, pygame.error, ValueError),
            warnings.catch_warnings(),
        ):
            warnings.simplefilter("ignore", DeprecationWarning)
            pygame.Window.from_display_module().minimum_size = theme.MIN_WINDOW
        return screen

    def apply_settings(
        self, window: bool = False, scale: bool = False, language: bool = False
    ) -> None:
        """Make changed settings take effect now, and remember them."""
        s = self.settings
        if language:
            self.set_language(s.language)
        if self._sounds is not None:
            self._sounds.set_volume(s.volume)
        palette.use(s.palette)
        keymap.use(s.keys)
        if scale:
            theme.set_ui_scale(s.ui_scale)
            self.relayout(force=True)
        if window:
            self.screen = self._set_mode(s.window_size, s.fullscreen)
            self.relayout(force=True)
        s.save()

    def settings_changed(self) -> None:
        """A setting that needs no relayout changed (volume, scroll speed): apply, save soon."""
        if self._sounds is not None:
            self._sounds.set_volume(self.settings.volume)
        self._settings_dirty = time.monotonic()

    def relayout(self, force: bool = False) -> None:
        """Fit the top scene to the window (after a resize; `force`: the UI scale changed, so
        every scene needs new widgets). Covered scenes are fitted when they come back on top."""
        self.screen = pygame.display.get_surface() or self.screen
        if force:
            self.ui_version += 1
        top = self.stack.top
        if top is not None:
            self.fit(top)

    def fit(self, scene: Scene) -> None:
        size = self.screen.get_size()
        fitted = getattr(scene, "fitted", None)
        if fitted == (size, self.ui_version):
            return
        if fitted is not None and fitted[1] != self.ui_version:
            scene.ui = theme.make_manager(size)  # fonts at the new scale
        scene.fitted = (size, self.ui_version)
        scene.relayout(size)

    def _resized(self, event: pygame.event.Event) -> None:
        w, h = getattr(event, "size", (getattr(event, "w", 0), getattr(event, "h", 0)))
        size = (max(theme.MIN_WINDOW[0], int(w)), max(theme.MIN_WINDOW[1], int(h)))
        surface = pygame.display.get_surface()
        if not self.settings.fullscreen and (surface is None or surface.get_size() != size):
            self.screen = pygame.display.set_mode(size, pygame.RESIZABLE)
        if not self.settings.fullscreen:
            self.settings.window_size = size
            self._settings_dirty = time.monotonic()
        self.screen = pygame.display.get_surface() or self.screen  # scenes refit once per frame

    # ------------------------------------------------------------------- loop
    def handle(self, event: pygame.event.Event) -> None:
        if event.type == pygame.QUIT:
            self.quit()
            return
        if event.type == pygame.VIDEORESIZE:
            self._resized(event)
            return
        top = self.stack.top
        if top is not None:
            self.fit(top)  # a scene uncovered by Back may not know the window's size yet
            top.handle(event)

    def step(self, dt: float, events: list[pygame.event.Event] | None = None) -> None:
        """One frame: the given events (or the queue's), update, draw. Never raises."""
        try:
            self._step(dt, events)
        except Exception as exc:
            self.crash(exc)

    def _step(self, dt: float, events: list[pygame.event.Event] | None) -> None:
        for event in pygame.event.get() if events is None else events:
            self.handle(event)
            if not self.running:
                return
        # what the widgets posted in reply (a button pressed …), including replies to those
        for _ in range(4):
            posted = pygame.event.get([*UI_EVENTS, pygame.USEREVENT])
            posted = [e for e in posted if e.type != pygame.USEREVENT]  # pygame_gui's old-style
            actions, self._deferred = self._deferred, []
            for action in actions:
                action()
            if not posted and not actions:
                break
            for event in posted:
                self.handle(event)
            if not self.running:
                return
        self.relayout()
        top = self.stack.top
        if top is None:
            self.running = False
            return
        top.update(dt)
        top = self.stack.top
        top.ui.update(dt)
        top.draw(self.screen)
        top.ui.draw_ui(self.screen)
        draw_over = getattr(top, "draw_over", None)  # over the widgets: the keyboard's focus
        if draw_over is not None:
            draw_over(self.screen)
        if (
            self._settings_dirty is not None
            and time.monotonic() - self._settings_dirty > SETTINGS_SAVE_DELAY
        ):
            self._settings_dirty = None
            self.settings.save()

    def loop(self) -> None:
        clock = pygame.time.Clock()
        while self.running:
            dt = clock.tick(FPS) / 1000.0
            self.step(min(dt, 0.1))
            pygame.display.flip()
        if self._settings_dirty is not None:
            self.settings.save()

    # ------------------------------------------------------------------ crash
    def session(self):
        """The game in progress on the stack, if any (for autosaves and crash reports)."""
        for scene in reversed(self.stack.scenes):
            session = getattr(scene, "session", None)
            if session is not None and hasattr(session, "game"):
                return session
        return None

    def crash_context(self) -> dict:
        ctx: dict = {"screens": [type(s).__name__ for s in self.stack.scenes]}
        try:
            ctx["scenario"] = f"{self.world.scenario.meta.id} ({self.scenario_path})"
            ctx["mods"] = ", ".join(self.mods) or "none"
            ctx["scenario fingerprint"] = self.fingerprint
        except Exception as exc:
            ctx["scenario fingerprint"] = f"unknown ({exc})"
        session = self.session()
        if session is not None:
            st = session.game.state
            ctx["seed"] = session.game.seed
            ctx["turn"] = f"{st.turn} (side {st.side} to move, {len(session.game.log)} commands)"
        ctx["window"] = "x".join(map(str, self.screen.get_size()))
        ctx["ui scale"] = self.settings.ui_scale
        return ctx

    def crash(self, exc: BaseException) -> None:
        """An unexpected error in a scene: report, autosave, and a dialog instead of a traceback."""
        from game import crash as reports

        report = reports.write_report(exc, self.crash_context())
        self.crashes.append((exc, report))
        now = time.monotonic()
        self._crash_times = [t for t in self._crash_times if now - t < CRASH_WINDOW] + [now]
        autosave = None
        session = self.session()
        if session is not None and id(session.game) not in self._autosaved:
            self._autosaved.add(id(session.game))
            try:
                meta = self.save_meta()
                fingerprint = (
                    session.fingerprint()
                    if callable(getattr(session, "fingerprint", None))
                    else self.fingerprint
                )
                if callable(getattr(session, "players", None)):
                    meta["players"] = session.players()
            except Exception:
                meta, fingerprint = {}, "unknown"
            autosave = reports.save_game(session.game, fingerprint, **meta)
        if not self.quiet_crashes:
            print(f"error: {type(exc).__name__}: {exc}; crash report: {report}", file=sys.stderr)
        from game.ui.crash import CrashScene

        top = self.stack.top
        try:
            if isinstance(top, CrashScene) or len(self._crash_times) > CRASHES_BEFORE_MENU:
                # the dialog itself failed, or the game keeps failing: back to the menu, and if
                # even the menu keeps failing, stop (the reports are written) instead of looping
                self._fallbacks = [t for t in self._fallbacks if now - t < CRASH_WINDOW] + [now]
                if len(self._fallbacks) > FALLBACKS_BEFORE_QUIT:
                    print("The game cannot continue; see the crash reports.", file=sys.stderr)
                    self.running = False
                    return
                self.to_menu()
                self._crash_times.clear()
            else:
                self.stack.push(CrashScene(self, exc, report, autosave, self.screen.copy()))
        except Exception:
            try:
                self.to_menu()
            except Exception:  # nothing left to show: stop quietly, the report is written
                self.running = False


def run(scenario_path: str, mods: list[str] | tuple[str, ...] = (), start=None) -> int:
    """Open the window on a scenario; 0 on a normal quit, 1 if the scenario is invalid.

    `start(app)` opens the first screen over the menu (the replay); it returns "" or why it
    cannot, which is printed before the window closes with status 1."""
    from game.cli import _load_world

    world = _load_world(scenario_path, list(mods))
    if world is None:
        return 1
    settings = Settings.load()
    if settings.note:
        print(f"warning: {settings.note}", file=sys.stderr)
    try:
        app = App(world, settings=settings, scenario_path=scenario_path, mods=mods)
        problem = start(app) if start is not None else ""
        if problem:
            print(problem, file=sys.stderr)
            return 1
        app.loop()
    except Exception as exc:  # outside any scene (start-up, the loop itself): no traceback either
        from game import crash as reports

        report = reports.write_report(exc, {"where": "main loop"})
        print(
            f"The game stopped after an unexpected error; crash report: {report}", file=sys.stderr
        )
        return 1
    finally:
        pygame.quit()
    return 0


def run_replay(
    scenario_path: str,
    date=None,
    mods: list[str] | tuple[str, ...] = (),
    game_file=None,
    game=None,
) -> int:
    """`python main.py replay [--date YYYY-MM-DD] [--game FILE]`: the window opens on the replay
    of the history (at `date`) or of a played game (`game_file`, or `game` as the CLI names it);
    1 with the reason when the file cannot be replayed."""
    from game.ui.replay_scene import run_replay as run_replay_scene

    return run_replay_scene(scenario_path, date, mods, game_file if game_file is not None else game)
