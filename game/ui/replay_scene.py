"""The replay screen: the campaign of 1921 day by day on the game's own map, or a played game
re-run through the engine, with the same controls for both.

The map is the map screen's (`MapLayers` cached terrain, `MapView` names and minimap, `counters`
for the units); units stand where the replay puts them at the current moment, between dated
positions, with the battles under way marked and captioned. The camera follows the action until
the player pans; Follow (F) gives it back.

Controls (buttons in a pygame_gui bar; keys in force in `replay_keys.current` — the defaults of
`replay_keys.SHORTCUTS` with the player's rebound ones, F1 lists them): play and
pause, a day or an event back and forward, speed 0.5×–16×, the timeline bar (click or drag, a
marker goes to its entry), a date box (J). The side panel shows the current entry with the
engine's prediction beside the record (`replay_panel`); C opens the calibration of every battle;
T starts a game from this moment — from the historical positions of the date (the history's
`take_command`) or, in a played game, from the game as it stood ("Continue from here"); O opens a
played game from the saves.

Seeking never replays anything: the history keeps per-day snapshots and a played game keeps the
state after each command, so any moment, backwards too, is one lookup.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import pygame
import pygame_gui
from pygame_gui.elements import UILabel, UIPanel, UITextEntryLine

from game.i18n import N_, _, format_date, format_number, language, ngettext
from game.ui import palette, replay_keys, theme
from game.ui.camera import ZOOM_STEP, Camera
from game.ui.counters import STACK_OFFSET, counter_size, unit_look
from game.ui.mapview import MINIMAP_W, MapView
from game.ui.overlays import Overlay
from game.ui.replay_model import (
    GameReplay,
    HistoryReplay,
    Item,
    Picture,
    Replay,
    ReplayError,
    load_game_replay,
)
from game.ui.replay_overlays import (
    CalibrationView,
    CommandDialog,
    NoCalibration,
    ReplayHelp,
    WatchDialog,
    command_detail,
)
from game.ui.replay_panel import EventPanel
from game.ui.replay_playback import DEFAULT_SPEED, SPEEDS, Playback, parse_day
from game.ui.replay_timeline import TimelineBar
from game.ui.scenes import Scene
from game.ui.widgets import shadow_text, text, wrap

if TYPE_CHECKING:
    from game.engine.world import World
    from game.ui.app import App

PAN_SPEED = 700.0  # pixels per second while a pan key is held
PAN_STEP = 60.0
DRAG_THRESHOLD = 5
FOLLOW_RATE = 4.0  # the camera closes this share of the gap to the action per second (ish)
START_ZOOM = 1.25  # times the zoom that shows the whole theatre
MESSAGE_SECONDS = 5.0
MINIMAP_ROOM = 480  # the map view must be this tall (px) to keep room for the minimap
LABEL_SIZE = 28  # counters at least this big get their column's name beside them
PAN_DIRS = {
    "pan_west": (1, 0),
    "pan_east": (-1, 0),
    "pan_north": (0, 1),
    "pan_south": (0, -1),
}
WARN = theme.TEXT_WARN
GOOD = theme.TEXT_GOOD


class EmptyReplay(Replay):
    """A scenario without a `history` section: an empty timeline, the map, and a note."""

    kind = "none"

    def __init__(self, world: World, why: str):
        self.world = world
        self.days = float(world.turns * world.days_per_turn)
        self.items = []
        self.title = world.scenario.meta.title
        self.problem = why

    def picture(self, t: float) -> Picture:
        t = self.clamp(t)
        return Picture(t, self.date_at(t), [], [], {}, [], None, None)


NO_HISTORY_PACKAGE = N_("This build has no history package (game/history): nothing to replay.")
NO_GAMES_PACKAGE = N_(
    "This build has no history package (game/history): no replays of played games."
)


def history_of(world: World) -> Replay:
    """The history's replay, or an empty one saying why there is none."""
    try:
        from game.history.model import NoHistory
    except ImportError:
        return EmptyReplay(world, _(NO_HISTORY_PACKAGE))
    try:
        return HistoryReplay(world)
    except NoHistory:
        return EmptyReplay(
            world,
            _("'{title}' records no history to replay. {key} opens a played game instead.").format(
                title=world.scenario.meta.title, key=replay_keys.current.short("open_game")
            ),
        )


class ReplayScene(Scene):
    def __init__(
        self,
        app: App,
        date: dt.date | None = None,
        replay: Replay | None = None,
        history: Replay | None = None,
    ):
        super().__init__(app)
        self.world = app.world
        self.layers = app.layers
        self._old_hidden = self.layers.hidden.copy()
        self.layers.set_hidden(np.zeros(self.world.grid.size, dtype=bool))  # no fog in a replay
        self.camera = Camera(self.layers.world_w, self.layers.world_h, (0, 0, 100, 100))
        self.view = MapView(self.layers, self.camera)
        self.panel = EventPanel(pygame.Rect(0, 0, 10, 10))
        self.bar = TimelineBar(pygame.Rect(0, 0, 10, 10), self.seek)
        self.overlays: list[Overlay] = []
        self.held: set[int] = set()
        self.mouse = (0, 0)
        self.press: tuple[int, int] | None = None
        self.dragging = False
        self.minimap_drag = False
        self.follow = True
        self.show_labels = True
        self.message: tuple[str, tuple, float] | None = None
        self.clock = 0.0
        self._history = history
        self._language = language()  # the one the replay's entries are written in
        self.replay = replay if replay is not None else self.history
        self.playback = Playback(self.replay)
        if date is not None:
            self.playback.seek_date(date)
        self._picture: Picture | None = None
        self._picture_t = -1.0
        self._controls_hidden = False
        self.layout(app.screen.get_size())
        self.camera.fit()
        self.camera.zoom = self.camera.min_zoom * START_ZOOM
        focus = self.picture().focus
        if focus is not None:
            self.camera.centre_on(focus[0] + self.layers.ox, focus[1] + self.layers.oy)
        self.camera.clamp()
        if self.replay.problem:
            self.say(self.replay.problem, WARN, 12.0)

    @property
    def history(self) -> Replay:
        """The history's replay, its entries written in the language in use."""
        if self._history is None or self._language != language():
            self._history = history_of(self.world)
            self._language = language()
        return self._history

    # ------------------------------------------------------------------ layout
    def layout(self, size) -> None:
        """Rectangles for the map, the panel, the timeline bar and the button rows, then the
        buttons themselves (their rows wrap on a narrow window)."""
        w, h = size
        px = theme.px
        self.ui.clear_and_reset()
        items = self._control_items()
        pad, gap, row_h = px(8), px(6), px(36)
        rows: list[list[tuple]] = [[]]
        x = pad
        for it in items:
            width = it[2]
            if x + width > w - pad and rows[-1]:
                rows.append([])
                x = pad
            rows[-1].append((x, it))
            x += width + gap
        bar_h = px(64)
        controls_h = len(rows) * (row_h + gap) + gap
        bottom = bar_h + controls_h
        map_h = max(px(120), h - bottom)
        panel_w = min(theme.PANEL_W, w // 2)
        self.camera.set_view((0, 0, w - panel_w, map_h))
        self.panel.rect = pygame.Rect(w - panel_w, 0, panel_w, map_h)
        self.bar.set_rect(pygame.Rect(0, map_h, w, bar_h))
        self.bar.set_replay(self.replay)
        self.controls_rect = pygame.Rect(0, map_h + bar_h, w, max(0, h - map_h - bar_h))
        self.controls = UIPanel(self.controls_rect, 1, self.ui)
        self.buttons: dict[str, pygame_gui.elements.UIButton] = {}
        self.speed_label = None
        self.date_entry = None
        for r, row in enumerate(rows):
            y = gap + r * (row_h + gap)
            for x, (kind, label, width, tip) in row:
                rect = (x, y, width, row_h)
                if kind == "speed":
                    self.speed_label = UILabel(
                        pygame.Rect(rect), label, self.ui, container=self.controls
                    )
                elif kind == "date":
                    self.date_entry = UITextEntryLine(
                        pygame.Rect(rect),
                        self.ui,
                        container=self.controls,
                        placeholder_text="1921-07-06",
                    )
                    self.date_entry.set_tooltip(tip)
                else:
                    self.buttons[kind] = self.button(
                        rect,
                        label,
                        getattr(self, f"do_{kind}"),
                        tooltip=tip,
                        container=self.controls,
                    )
        self._shown_date = None
        self._synced: dict = {}
        self._sync_controls()
        if self._controls_hidden:
            self.controls.hide()

    def _control_items(self) -> list[tuple[str, str, int, str]]:
        px = theme.px
        f = theme.font(22)

        def item(kind, label, tip, width=None):
            return (kind, label, width or f.size(label)[0] + px(20), tip)

        game = isinstance(self.replay, GameReplay)
        play_w = max(f.size(_("Play"))[0], f.size(_("Pause"))[0]) + px(20)
        k = replay_keys.current.label  # the keys in force, rebound ones included
        out = [
            # TRANSLATORS: a button of the replay: to the previous entry of the timeline
            item(
                "prev_event",
                _("« Event"),
                _("Previous event ({keys})").format(keys=k("prev_event")),
            ),
            item("prev_day", _("‹ Day"), _("One day back ({keys})").format(keys=k("prev_day"))),
            item(
                "play_pause",
                _("Play"),
                _("Play / pause ({keys})").format(keys=k("play_pause")),
                play_w,
            ),
            item("next_day", _("Day ›"), _("One day forward ({keys})").format(keys=k("next_day"))),
            item("next_event", _("Event »"), _("Next event ({keys})").format(keys=k("next_event"))),
            item("slower", "−", _("Slower ({keys})").format(keys=k("slower")), px(36)),
            item("speed", speed_text(SPEEDS[DEFAULT_SPEED]), _("Speed"), px(48)),
            item("faster", "+", _("Faster ({keys})").format(keys=k("faster")), px(36)),
            item(
                "date",
                "",
                _("Type a date (1921-07-06, 6 July …) and press Enter ({keys})").format(
                    keys=k("jump_date")
                ),
                px(116),
            ),
            # TRANSLATORS: a button that jumps to the date typed beside it
            item("go_date", _("Go"), _("Jump to the date typed (Enter)")),
            item(
                "follow",
                _("Follow"),
                _("Follow the action ({keys}); panning stops it").format(keys=k("follow")),
            ),
            item(
                "calibration",
                _("Calibration"),
                _("Every battle, predicted and actual ({keys})").format(keys=k("calibration")),
            ),
            item(
                "take_command",
                _("Continue from here") if game else _("Take command"),
                _("Play on from this moment as either side ({keys})").format(
                    keys=k("take_command")
                ),
            ),
            item(
                "history",
                _("History of 1921"),
                _("Back to the real campaign ({keys})").format(keys=k("history")),
            )
            if game
            else item(
                "open_game",
                _("Played game…"),
                _("Watch a saved game again ({keys})").format(keys=k("open_game")),
            ),
            item("help", _("Help"), _("Keyboard and mouse ({keys})").format(keys=k("help"))),
            item("back", _("Menu"), _("Back to the menu ({keys})").format(keys=k("escape"))),
        ]
        return out

    def resize(self, size) -> None:
        self.layout(size)
        for o in self.overlays:
            if hasattr(o, "manager"):
                o.manager = self.ui
            o.resize(size)

    def relayout(self, size) -> None:
        if self._language != language() and self.replay is self._history:
            # the language changed under this screen: the history's entries in the new one
            self.replay = self.history
            self.playback = Playback(self.replay, self.playback.t)
            self._picture = None
        self.ui.set_window_resolution(size)
        self.resize(size)

    def leave(self) -> None:
        self.layers.set_hidden(self._old_hidden)
        if getattr(self, "_odds", None) is not None:
            self._odds.close()
        super().leave()

    # ------------------------------------------------------------------ the moment
    def picture(self) -> Picture:
        """The picture of the current moment, made once per moment (frames in a pause reuse it)."""
        t = self.playback.t
        if self._picture is None or self._picture_t != t:
            self._picture = self.replay.picture(t)
            self._picture_t = t
        return self._picture

    def seek(self, t: float, item: Item | None = None) -> None:
        self.playback.seek(t, item)
        self._picture = None

    def item(self) -> Item | None:
        return self.playback.item(self.picture())

    def say(self, msg: str, colour=theme.TEXT, seconds: float = MESSAGE_SECONDS) -> None:
        self.message = (msg, colour, seconds)

    # ------------------------------------------------------------------ events
    def on_ui(self, event) -> None:
        if self.overlays:
            self.overlays[-1].on_ui(event)
            self._prune()
            return
        if (
            event.type == pygame_gui.UI_TEXT_ENTRY_FINISHED
            and getattr(event, "ui_element", None) is self.date_entry
        ):
            self.do_go_date()

    def process_event(self, event) -> None:
        if self.overlays:
            if event.type == pygame.KEYUP:
                self.held.discard(getattr(event, "key", None))
            self.overlays[-1].process_event(event)
            self._prune()
            return
        if self.bar.handle(event):
            self._picture = None
            return
        t = event.type
        if t == pygame.MOUSEMOTION:
            pos = getattr(event, "pos", self.mouse)
            self.mouse = pos
            if self.minimap_drag and self.view.minimap_rect.width:
                self.camera.centre_on(*self.view.minimap_to_world(pos))
            elif self.press is not None:
                dx, dy = pos[0] - self.press[0], pos[1] - self.press[1]
                if self.dragging or abs(dx) + abs(dy) > DRAG_THRESHOLD:
                    self.dragging = True
                    self.follow = False
                    rel = getattr(event, "rel", (0, 0))
                    self.camera.pan_pixels(*rel)
        elif t == pygame.MOUSEBUTTONDOWN:
            pos = getattr(event, "pos", self.mouse)
            self.mouse = pos
            button = getattr(event, "button", 0)
            if button == 1 and self.panel.links.at(pos):  # a name in the caption: its page
                from game.ui.encyclopedia import open_entry

                key = self.panel.links.at(pos)
                self.app.defer(lambda: open_entry(self.app, key, self.world))
            elif (
                button == 1
                and self.view.minimap_rect.width
                and self.view.minimap_rect.collidepoint(pos)
            ):
                self.minimap_drag = True
                self.follow = False
                self.camera.centre_on(*self.view.minimap_to_world(pos))
            elif button == 1 and self.in_map(pos):
                self.press = pos
                self.dragging = False
        elif t == pygame.MOUSEBUTTONUP and getattr(event, "button", 0) == 1:
            self.press, self.dragging, self.minimap_drag = None, False, False
        elif t == pygame.MOUSEWHEEL and self.panel.rect.collidepoint(self.mouse):
            self.panel.scroll_by(-40 * int(getattr(event, "y", 0)))
        elif t == pygame.MOUSEWHEEL:
            pos = self.mouse if self.in_map(self.mouse) else pygame.Rect(self.camera.view).center
            self.camera.zoom_at(ZOOM_STEP ** getattr(event, "y", 0), *pos)
        elif t == pygame.KEYDOWN:
            keys = replay_keys.current  # read at each press: a rebinding applies at once
            action = keys.action_for(event)
            if action is not None:
                if keys.held_action(event.key) == action:
                    self.held.add(event.key)
                getattr(self, f"do_{action}")()
        elif t == pygame.KEYUP:
            self.held.discard(getattr(event, "key", None))
        elif t in (pygame.WINDOWLEAVE, pygame.WINDOWFOCUSLOST):
            self.held.clear()
            self.press, self.dragging, self.minimap_drag = None, False, False

    def in_map(self, pos) -> bool:
        return pygame.Rect(self.camera.view).collidepoint(pos)

    def push(self, overlay: Overlay) -> None:
        self.overlays.append(overlay)
        self.playback.pause()
        self.held.clear()
        self.press, self.dragging, self.minimap_drag = None, False, False
        self.bar.dragging = False

    def _prune(self) -> None:
        self.overlays = [o for o in self.overlays if not o.closed]

    # ------------------------------------------------------------------ actions
    def do_play_pause(self) -> None:
        self.playback.toggle()
        self._picture = None

    def do_next_day(self) -> None:
        self.playback.step_day(1)
        self._picture = None

    def do_prev_day(self) -> None:
        self.playback.step_day(-1)
        self._picture = None

    def do_next_event(self) -> None:
        self.playback.step_event(1)
        self._picture = None
        self.follow = True

    def do_prev_event(self) -> None:
        self.playback.step_event(-1)
        self._picture = None
        self.follow = True

    def do_faster(self) -> None:
        self.playback.faster()

    def do_slower(self) -> None:
        self.playback.slower()

    def do_to_start(self) -> None:
        self.playback.to_start()
        self._picture = None

    def do_to_end(self) -> None:
        self.playback.to_end()
        self._picture = None

    def do_jump_date(self) -> None:
        if self.date_entry is not None:
            self.date_entry.set_text("")
            self.date_entry.focus()
            self.playback.pause()

    def do_go_date(self) -> None:
        if self.date_entry is None:
            return
        typed = self.date_entry.get_text()
        if not typed.strip():
            self.say(_("Type a date first, e.g. 1921-07-06 or 6 July."), WARN)
            return
        self.jump_to(typed)
        self.date_entry.unfocus()

    def jump_to(self, typed: str) -> bool:
        """Go to a typed date; a message says why not when it is not one of the campaign."""
        meta = self.world.scenario.meta
        last = min(meta.end, self.replay.date_at(self.replay.days))
        try:
            date = parse_day(typed, meta.start.year, meta.start, last)
        except ValueError as exc:
            self.say(str(exc), WARN)
            return False
        self.playback.pause()
        self.seek(self.replay.t_of(date))
        self.follow = True
        self._shown_date = None
        return True

    def _pan(self, action: str) -> None:
        dx, dy = PAN_DIRS[action]
        self.camera.pan_pixels(dx * PAN_STEP, dy * PAN_STEP)
        self.follow = False

    def do_pan_west(self) -> None:
        self._pan("pan_west")

    def do_pan_east(self) -> None:
        self._pan("pan_east")

    def do_pan_north(self) -> None:
        self._pan("pan_north")

    def do_pan_south(self) -> None:
        self._pan("pan_south")

    def do_zoom_in(self) -> None:
        pos = self.mouse if self.in_map(self.mouse) else pygame.Rect(self.camera.view).center
        self.camera.zoom_at(ZOOM_STEP, *pos)

    def do_zoom_out(self) -> None:
        pos = self.mouse if self.in_map(self.mouse) else pygame.Rect(self.camera.view).center
        self.camera.zoom_at(1 / ZOOM_STEP, *pos)

    def do_whole_map(self) -> None:
        self.camera.fit()

    def do_follow(self) -> None:
        self.follow = True

    def do_toggle_labels(self) -> None:
        self.show_labels = not self.show_labels

    def do_toggle_grid(self) -> None:
        self.layers.toggle_grid()

    def do_help(self) -> None:
        self.push(ReplayHelp())

    def do_escape(self) -> None:
        self.do_back()

    def do_back(self) -> None:
        self.app.defer(self.app.back)

    def do_calibration(self) -> None:
        history = self.history
        if not isinstance(history, HistoryReplay):
            self.push(NoCalibration(history.problem or _("This scenario records no battles.")))
            return
        from game.history.calibration import Calibration

        preds = list(history.predictions.values())
        preds.sort(key=lambda p: p.battle.date)
        if not preds:
            self.push(NoCalibration(_("The history records no battles to check the engine on.")))
            return
        self.push(CalibrationView(Calibration(preds), self.pick_battle, self.history_odds()))

    def history_odds(self):
        """The campaign replayed with the orders of 1921 (started on the first look, kept while
        this screen is open, cached on disk when done), or None when it cannot be played."""
        if getattr(self, "_odds", None) is None:
            from game.history.likelihood import HistoryOdds

            app = self.app
            try:
                path = app.scenario_path
                if app.mods:
                    from game.scenario.mods import merged_file

                    path = str(merged_file(self.world.canonical))
                self._odds = HistoryOdds(self.world, path, app.fingerprint)
            except Exception:  # no file to give the worker: the view shows the battles alone
                return None
            self._odds.start()
        return self._odds

    def pick_battle(self, battle_id: str) -> None:
        """Go to a historical battle (from the calibration view)."""
        if self.replay is not self.history:
            self.show_replay(self.history)
        item = next((i for i in self.replay.items if i.key == battle_id), None)
        if item is not None:
            self.seek(item.t0, item)
            self.follow = True

    def do_history(self) -> None:
        if self.replay is not self.history:
            self.show_replay(self.history)

    def show_replay(self, replay: Replay, t: float = 0.0) -> None:
        """Watch another replay (a played game, or the history again) with the same controls."""
        self.replay = replay
        self.playback = Playback(replay, t)
        self._picture = None
        self.follow = True
        self.layout(self.app.screen.get_size())
        self.message = None
        if replay.problem:
            self.say(replay.problem, WARN, 12.0)
        elif isinstance(replay, GameReplay):
            n = len(replay.turn_hashes)
            self.say(
                ngettext(
                    "Every turn's state hash matches the save ({n} turn).",
                    "Every turn's state hash matches the save ({n} turns).",
                    n,
                ).format(n=n),
                GOOD,
            )

    # ------------------------------------------------------------------ take command
    def do_take_command(self) -> None:
        pb = self.playback
        date = self.replay.date_at(pb.t)
        if isinstance(self.replay, GameReplay):
            st = self.replay.state_at(pb.t)
            if st.game_over:
                self.say(_("The game is over at this point: go back a little to play on."), WARN)
                return
            title = _("Continue from turn {turn} ({date})").format(
                turn=st.turn, date=format_date(date, "long")
            )
            detail = _("The game as it stood at this point of the replay, its log up to here.")
        elif isinstance(self.replay, HistoryReplay):
            title = _("Take command on {date}").format(date=format_date(date, "long"))
            detail = command_detail(self.world, date)
        else:
            self.say(self.replay.problem, WARN)
            return
        settings = self.app.settings
        opponent = "hot-seat" if getattr(settings, "opponent", "ai") == "hot-seat" else "ai"
        self.push(
            CommandDialog(
                self.ui,
                self.app.screen.get_size(),
                self.world,
                title,
                detail,
                opponent,
                lambda side, opp: self.app.defer(lambda: self.start_game(side, opp)),
            )
        )

    def start_game(self, side: str, opponent: str) -> None:
        """The game of this moment on the map screen, played as `side`."""
        pb = self.playback
        if isinstance(self.replay, GameReplay):
            game = self.replay.game_at(pb.t)
        else:
            from game.history.takecommand import take_command

            game = take_command(self.world, self.replay.date_at(pb.t), self.app.seed)
        session = session_for(self.app, game, side, opponent)
        self.app.open_session(session)

    # ------------------------------------------------------------------ played games
    def do_open_game(self) -> None:
        self.push(WatchDialog(self.ui, self.app.screen.get_size(), self.world, self.open_game))

    def open_game(self, path: Path) -> str:
        """Watch the game in a save; "" when done, else why not (the replay goes on). A game of
        another scenario opens a new replay screen on that scenario."""
        world = self.app.world
        replay, problem = prepare_played(self.app, path)
        if replay is None:
            return problem
        if self.app.world is not world:
            self.app.defer(lambda: self.app.stack.replace(ReplayScene(self.app, replay=replay)))
        else:
            self.app.defer(lambda: self.show_replay(replay))
        return ""

    # ------------------------------------------------------------------ update
    def update(self, dt: float) -> None:
        self.clock += dt
        keys = replay_keys.current
        held = [a for a in map(keys.held_action, self.held) if a is not None]
        if held:
            dx = sum(PAN_DIRS[a][0] for a in held)
            dy = sum(PAN_DIRS[a][1] for a in held)
            self.camera.pan_pixels(dx * PAN_SPEED * dt, dy * PAN_SPEED * dt)
            self.follow = False
        for o in self.overlays:
            o.update(dt)
        self._prune()
        if not self.overlays and self.playback.update(dt):
            self._picture = None
        pic = self.picture()
        if self.follow and pic.focus is not None:
            cam = self.camera
            tx, ty = pic.focus[0] + self.layers.ox, pic.focus[1] + self.layers.oy
            k = min(1.0, dt * FOLLOW_RATE)
            cam.centre_on(cam.cx + (tx - cam.cx) * k, cam.cy + (ty - cam.cy) * k)
        if self.message is not None:
            msg, colour, left = self.message
            left -= dt
            self.message = (msg, colour, left) if left > 0 else None
        self._sync_controls()

    def _sync_controls(self) -> None:
        """Button labels and states that follow the clock (set only when they change)."""
        want = {
            "play": _("Pause") if self.playback.playing else _("Play"),
            "speed": speed_text(SPEEDS[self.playback.speed_index]),
            "follow": self.follow,
            "hidden": bool(self.overlays),
        }
        if want == self._synced:
            self._sync_date()
            return
        play = self.buttons.get("play_pause")
        if play is not None and want["play"] != self._synced.get("play"):
            play.set_text(want["play"])
        if self.speed_label is not None and want["speed"] != self._synced.get("speed"):
            self.speed_label.set_text(want["speed"])
        follow = self.buttons.get("follow")
        if follow is not None:
            follow.select() if self.follow else follow.unselect()
        if want["hidden"] != self._controls_hidden:
            self._controls_hidden = want["hidden"]
            self.controls.hide() if want["hidden"] else self.controls.show()
        self._synced = want
        self._sync_date()

    def _sync_date(self) -> None:
        entry = self.date_entry
        if entry is None or entry.is_focused:
            return
        date = self.replay.date_at(self.playback.t)
        if date != self._shown_date:
            self._shown_date = date
            entry.set_text(date.isoformat())

    # ------------------------------------------------------------------ drawing
    def draw(self, surface) -> None:
        pic = self.picture()
        item = self.playback.item(pic)
        view = self.view
        view.draw_terrain(surface)
        clip = surface.get_clip()
        surface.set_clip(pygame.Rect(self.camera.view))
        self._draw_control(surface, pic)
        view.draw_names(surface)
        self._draw_pieces(surface, pic)
        self._draw_marks(surface, pic)
        if self.camera.view[3] >= MINIMAP_ROOM:
            view.draw_minimap(surface)
        else:
            view.minimap_rect = pygame.Rect(0, 0, 0, 0)  # a small window keeps its map for the map
        self._draw_caption(surface, item, pic)
        self._draw_message(surface)
        surface.set_clip(clip)
        days = self.replay.days
        pb = self.playback
        state = f"▶ {speed_text(pb.speed)}" if pb.playing else _("paused")
        total = int(np.ceil(days))
        clock = _("Day {day} of {days} · {state}").format(
            day=min(int(pb.t) + 1, total), days=total, state=state
        )
        notice = None
        if isinstance(self.replay, GameReplay):
            if self.replay.problem:
                notice = (self.replay.problem, WARN)
            else:
                notice = (_("Checked: every turn's state hash matches the save."), GOOD)
        elif self.replay.problem:
            notice = (self.replay.problem, WARN)
        under_way = item is not None and item in pic.current
        status = pic.status or self.replay.title
        self.panel.draw(surface, self.world, pic.date, clock, status, item, under_way, notice)
        self.bar.draw(surface, pb.t, item)
        if self.controls_rect.height > 0:
            surface.fill(theme.PANEL_BG, self.controls_rect)
        for o in self.overlays:
            o.draw(surface)

    def _draw_control(self, surface, pic: Picture) -> None:
        """A small flag in the holder's colour beside each place held."""
        world = self.world
        zoom = self.camera.zoom
        s = max(7, int(zoom * 1.8))
        colours = [palette.side_colour(world, i) for i in range(len(world.side_ids))]
        view = pygame.Rect(self.camera.view)
        for p, side in pic.control.items():
            h = int(world.place_hex[p])
            x, y = self.view.hex_screen(h)
            if not view.collidepoint(x, y):
                continue
            fx, fy = x - 0.45 * zoom * self.layers.hex_km, y - 0.2 * zoom * self.layers.hex_km
            pygame.draw.line(surface, (20, 20, 20), (fx, fy), (fx, fy - 2 * s), 2)
            flag = [(fx, fy - 2 * s), (fx + 1.6 * s, fy - 1.5 * s), (fx, fy - s)]
            pygame.draw.polygon(surface, colours[side], flag)
            pygame.draw.polygon(surface, (20, 20, 20), flag, 1)

    def _draw_pieces(self, surface, pic: Picture) -> None:
        """Counters where the replay puts each unit; units at one spot are drawn as a stack,
        with the name of their column beside it when the map is zoomed in."""
        world = self.world
        cam = self.camera
        ox, oy = self.layers.ox, self.layers.oy
        size = counter_size(cam.zoom, self.layers.hex_km)
        off = max(2, int(size * STACK_OFFSET))
        stacks: dict[tuple[int, int], list] = {}
        for p in pic.pieces:
            key = (round(p.x * 2), round(p.y * 2)) if not p.moving else (id(p), 0)
            stacks.setdefault(key, []).append(p)
        view = pygame.Rect(cam.view).inflate(size * 2, size * 2)
        labels = []
        for group in stacks.values():
            x, y = cam.to_screen(group[0].x + ox, group[0].y + oy)
            if not view.collidepoint(x, y):
                continue
            n = len(group)
            for i, p in enumerate(group):
                look = unit_look(world, p.unit, p.strength, p.commander, p.unsupplied, p.low_morale)
                pic_ = self.view.art.get(look, size)
                px_ = x - size / 2 + (i - (n - 1) / 2) * off
                py_ = y - size / 2 - (i - (n - 1) / 2) * off
                surface.blit(pic_, (px_, py_))
                if p.moving:
                    pygame.draw.rect(
                        surface, theme.ACCENT, (px_ - 1, py_ - 1, size + 2, size + 2), 2
                    )
            label = group[-1].label
            if self.show_labels and label and size >= LABEL_SIZE:
                labels.append((label, x + size / 2 + (n - 1) * off / 2 + 4, y - size / 2))
        seen = set()
        for label, x, y in labels:
            if label in seen:
                continue
            seen.add(label)
            shadow_text(surface, label, (x, y), 16, (255, 236, 170))

    def _draw_marks(self, surface, pic: Picture) -> None:
        """Battles under way: a pulsing ring in the winner's colour, crossed sabres, a label."""
        if not pic.marks:
            return
        world = self.world
        hex_px = self.camera.zoom * self.layers.hex_km
        ox, oy = self.layers.ox, self.layers.oy
        colours = [palette.side_colour(world, i) for i in range(len(world.side_ids))]
        for m in pic.marks:
            x, y = self.camera.to_screen(m.x + ox, m.y + oy)
            colour = colours[m.winner] if m.winner >= 0 else (235, 205, 110)
            r = max(7.0, min(14.0, hex_px * 0.18))
            phase = (self.clock * 1.2) % 1.0
            ring = r + phase * max(18.0, hex_px * 0.7)
            size = int(ring * 2 + 8)
            over = pygame.Surface((size, size), pygame.SRCALPHA)
            pygame.draw.circle(
                over, (*colour, int(220 * (1 - phase))), (size / 2, size / 2), ring, 3
            )
            surface.blit(over, (x - size / 2, y - size / 2))
            cx, cy = x + hex_px * 0.38, y - hex_px * 0.36
            pygame.draw.circle(surface, (20, 20, 20), (cx, cy), r + 2)
            pygame.draw.circle(surface, colour, (cx, cy), r)
            _sabres(surface, (cx, cy), r * 0.7)
            label = text(m.label, 16, theme.TEXT, True)
            box = label.get_rect().inflate(12, 4)
            box.midbottom = (cx, cy - r - 6)
            pill = pygame.Surface(box.size, pygame.SRCALPHA)
            pygame.draw.rect(pill, (15, 18, 24, 220), pill.get_rect(), border_radius=5)
            pygame.draw.rect(pill, colour, pill.get_rect(), 1, border_radius=5)
            surface.blit(pill, box)
            surface.blit(label, label.get_rect(center=box.center))

    def _draw_caption(self, surface, item: Item | None, pic: Picture) -> None:
        """The current entry's caption at the foot of the map, beside the minimap (the action
        of 1921 is mostly along the northern border, at the top of the map)."""
        vx, vy, vw, vh = self.camera.view
        if item is None or item not in pic.current:
            return
        left = vx + (MINIMAP_W + 20 if self.view.minimap_rect.width else 10)
        width = min(vx + vw - 10 - left, 760)
        if width < 200:
            left, width = vx + 10, vw - 20
        head = f"{item.date_text()} · {item.title}"
        lines = wrap(item.caption, width - 24, 17)
        if len(lines) > 3:
            lines = lines[:3]
            lines[-1] = lines[-1].rstrip(".,;") + " …"
        rect = pygame.Rect(0, 0, width, 30 + 19 * len(lines) + 8)
        rect.bottomleft = (left, vy + vh - 10)
        over = pygame.Surface(rect.size, pygame.SRCALPHA)
        over.fill((15, 18, 24, 215))
        surface.blit(over, rect)
        pygame.draw.rect(surface, theme.ACCENT, rect, 1, border_radius=4)
        surface.blit(text(head, 19, theme.ACCENT, True), (rect.x + 12, rect.y + 6))
        y = rect.y + 30
        for ln in lines:
            surface.blit(text(ln, 17, theme.TEXT), (rect.x + 12, y))
            y += 19

    def _draw_message(self, surface) -> None:
        """A passing message (a date that could not be read, a replay that diverged) at the top."""
        if self.message is None:
            return
        msg, colour, _left = self.message
        vx, vy, vw, vh = self.camera.view
        width = min(vw - 40, 760)
        lines = wrap(msg, width - 24, 17)[:4]
        rect = pygame.Rect(0, 0, width, 12 + 19 * len(lines))
        rect.midtop = (vx + vw // 2, vy + 10)
        over = pygame.Surface(rect.size, pygame.SRCALPHA)
        over.fill((15, 18, 24, 225))
        surface.blit(over, rect)
        pygame.draw.rect(surface, colour, rect, 1, border_radius=4)
        y = rect.y + 6
        for ln in lines:
            surface.blit(text(ln, 17, colour), (rect.x + 12, y))
            y += 19


def speed_text(speed: float) -> str:
    """0.5×, 2× (the language's decimal sign)."""
    return format_number(speed, 0 if speed == int(speed) else 1) + "×"


def _sabres(surface, centre, r) -> None:
    """Two crossed sabres, the map's sign of a battle (as the map screen draws it)."""
    x, y = centre
    ink = (25, 20, 15)
    w = max(2, int(r / 4))
    for s in (1, -1):
        pygame.draw.line(surface, ink, (x - s * r, y + r), (x + s * r, y - r), w)
        hx, hy = x - s * r * 0.55, y + r * 0.55
        d = r * 0.3
        pygame.draw.line(surface, ink, (hx - d, hy - s * d), (hx + d, hy + s * d), w)


# ------------------------------------------------------------------------------ games
def session_for(app: App, game, side: str, opponent: str):
    """A map-screen session for `game` with `side` played here and `opponent` ("ai" — the
    computer player chosen in the menu — or "hot-seat") playing the other side."""
    from game.ui.session import Session, opponent_player

    world = game.world
    if opponent == "hot-seat":
        session = Session(game, frozenset(range(len(world.side_ids))))
    else:
        me = world.side_index[side]
        other = world.side_ids[1 - me]
        kind = getattr(app.settings, "ai_kind", "ai") or "ai"
        player, kind = opponent_player(kind, world, other, game.seed)
        session = Session(game, frozenset([me]), player, kind)
    source = app.source()
    if source is not None:
        session.source = source
    session.add_events(game.opening_events)
    return session


def open_replay(app: App, date: dt.date | None = None) -> None:
    """The menu's "Historical replay": the replay screen over the menu."""
    app.push(ReplayScene(app, date=date))


def prepare_played(app: App, path: Path | str) -> tuple[GameReplay | None, str]:
    """A played game re-run for the replay screen, or None and why it cannot be. A save of
    another scenario (or other mods) switches the app to that scenario when it can be loaded."""
    from game.saves import SaveError

    try:
        from game.history.replayfile import read_game_file
    except ImportError:
        return None, _(NO_GAMES_PACKAGE)
    path = Path(path)
    try:
        save = read_game_file(path).save
    except SaveError as exc:
        return None, str(exc)
    if save.scenario.id != app.world.scenario.meta.id or list(save.scenario.mods) != list(app.mods):
        problem = _switch_scenario(app, save, path)
        if problem:
            return None, problem
    try:
        return load_game_replay(app.world, path, app.scenario_path, app.mods), ""
    except ReplayError as exc:
        return None, str(exc)


def open_played(app: App, path: Path | str, date: dt.date | None = None) -> str:
    """The replay screen on a played game; "" when open, else why it cannot be."""
    replay, problem = prepare_played(app, path)
    if replay is None:
        return problem
    scene = ReplayScene(app, replay=replay)
    if date is not None:
        scene.playback.seek_date(date)
    app.push(scene)
    return ""


def _switch_scenario(app: App, save, path: Path) -> str:
    """Load the scenario (and mods) a save was played on into the app; "" or why not."""
    from game.engine.world import build_world
    from game.scenario.mods import check_with_mods

    where = save.scenario.path
    if not where or not Path(where).is_file():
        if where:
            message = _(
                "{file} was played on scenario '{played}' ({where}), which cannot be found here; "
                "this window shows '{shown}'"
            )
        else:
            message = _(
                "{file} was played on scenario '{played}', which cannot be found here; this "
                "window shows '{shown}'"
            )
        return message.format(
            file=path.name, played=save.scenario.id, where=where, shown=app.world.scenario.meta.id
        )
    loaded = check_with_mods(where, list(save.scenario.mods))
    if loaded.scenario is None or loaded.errors:
        first = loaded.errors[0].format() if loaded.errors else _("it does not load")
        return _("{file}: its scenario {where} cannot be loaded: {error}").format(
            file=path.name, where=where, error=first
        )
    app.set_content(build_world(loaded.scenario), where, list(save.scenario.mods))
    return ""


def run_replay(
    scenario_path: str,
    date: dt.date | str | None = None,
    mods=(),
    game_file: str | Path | None = None,
    game: str | Path | None = None,
) -> int:
    """`python main.py replay [--date D] [--game FILE]`: the window opens on the replay (of the
    history, or of a played game); 1 with the reason when the scenario, date or file is bad."""
    import sys

    from game.ui import app as app_module

    game_file = game_file if game_file is not None else game  # the CLI says `game=`
    if isinstance(date, str):
        try:
            date = dt.date.fromisoformat(date)
        except ValueError:
            print(f"replay: '{date}' is not a date like 1921-07-06", file=sys.stderr)
            return 2

    def start(app) -> str:
        if game_file is not None:
            return open_played(app, game_file, date)
        open_replay(app, date)
        return ""

    return app_module.run(scenario_path, mods, start=start)
