"""The map screen: pan and zoom, select units, move and attack, undo, end the turn, watch the
opponent, save and load, reload the scenario, and the help, hand-over and report panels.

Mouse: left-click selects your unit, moves the selection to a highlighted hex, or attacks the
enemy under the cursor; shift-click adds units to an attack; right-click clears the selection;
drag (or the pointer resting at the window's edge) pans; the wheel zooms toward the cursor.
Every key is in `keymap.current` (the defaults of `keymap.SHORTCUTS` with the player's rebound
keys; F1 lists them), which is also what `process_event` dispatches on: a key press becomes an
action name, and the action is the method `do_<name>`. Nothing needs the mouse: Shift+arrows move
a map cursor (the hex the pointer would be on) and Space acts there as a click would.

During the first turns of a first game a hint card points at the controls and the goal
(`hints.py`); what the viewer sees happen is heard too (`sound.py`, at the settings' volume).

The opponent's phase plays out at a pace a player can follow: each of its commands that the
viewer can see (a move through visible hexes, a battle) is animated and followed by a short pause;
what happens out of sight is not shown and costs no time. Space or Esc skips to the end.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import TYPE_CHECKING

import pygame

from game.i18n import _, format_date, format_number, ngettext
from game.ui import keymap, palette, theme
from game.ui.camera import ZOOM_STEP, Camera
from game.ui.effects import BattleMarker, MoveAnim
from game.ui.hints import Hints
from game.ui.layers import MapLayers
from game.ui.mapview import MapView
from game.ui.overlays import ConfirmLeave, HandOverOverlay, HelpOverlay, Overlay, ReloadErrors
from game.ui.panels import BattleReportPanel, SidePanel
from game.ui.saveload import LoadDialog, SaveDialog
from game.ui.scenes import Scene
from game.ui.session import Session, Source
from game.ui.widgets import Button, shadow_text, text

if TYPE_CHECKING:
    from game.ui.app import App

PAN_SPEED = 700.0  # pixels per second while a pan key is held
PAN_STEP = 60.0  # pixels per key press
DRAG_THRESHOLD = 5  # pixels a press may move and still count as a click
EDGE_PAN = 6  # pixels from the window's edge where a resting pointer pans the map
MOVE_PAUSE = 0.15  # seconds after an opponent's move is shown, so the next one can be told apart
BATTLE_PAUSE = 0.6  # seconds after an opponent's battle
STEP_BUDGET = 0.006  # seconds of opponent thinking per frame while it plays at watching speed
SKIP_BUDGET = 0.5  # seconds per frame while skipping (the rest of the phase, in a few frames)
PAN_DIRS = {
    "pan_west": (1, 0),
    "pan_east": (-1, 0),
    "pan_north": (0, 1),
    "pan_south": (0, -1),
}
CURSOR_DIRS = {
    "cursor_west": (-1.0, 0.0),
    "cursor_east": (1.0, 0.0),
    "cursor_north": (0.0, -1.0),
    "cursor_south": (0.0, 1.0),
}
PANEL_SHARE = 0.45  # the side panel never takes more of the window's width than this


def panel_width(window_w: int) -> int:
    """The side panel's width: scaled with the UI, but leaving the map most of the window."""
    return min(theme.PANEL_W, int(window_w * PANEL_SHARE))


class MapScene(Scene):
    def __init__(self, app: App, session: Session, layers: MapLayers, camera: Camera | None = None):
        super().__init__(app)
        self.layers = layers
        w, h = app.screen.get_size()
        pw = panel_width(w)
        self.camera = Camera(layers.world_w, layers.world_h, (0, 0, w - pw, h))
        self.view = MapView(layers, self.camera)
        self.panel = SidePanel(pygame.Rect(w - pw, 0, pw, h))
        self.report_panel = BattleReportPanel()
        self.end_button = Button(
            _("End turn"), pygame.Rect(0, 0, 10, 10), self._end_clicked, size=22
        )
        self.undo_button = Button(_("Undo"), pygame.Rect(0, 0, 10, 10), self._undo_clicked, size=20)
        self.mouse = (w // 2, h // 2)
        self.kb_cursor = False  # the pointer was last put by the keyboard (Shift+arrows)
        self.cursor_row_y: float | None = None  # where sideways cursor moves keep to
        self.mod = 0  # modifiers of the key press being handled
        self.hover = -1
        self.held: set[int] = set()
        self.press: tuple[int, int] | None = None
        self.dragging = False
        self.minimap_drag = False
        self.overlays: list[Overlay] = []
        self._set_session(session)
        if camera is not None:
            self.keep_camera(camera)
        else:
            self._focus_own_units()

    def _set_session(self, session: Session) -> None:
        """Show `session` (a new game, a loaded one or a reloaded one): reset what belongs to
        the old one, and tell the session where its world came from (saves, F5)."""
        app = self.app
        if not session.source.path and getattr(app, "scenario_path", None):
            fp = ""
            if hasattr(app, "fingerprint"):
                try:
                    fp = app.fingerprint
                except OSError:
                    fp = ""
            session.set_origin(Source(str(app.scenario_path), tuple(app.mods)), fp)
        session.autosave = getattr(app, "autosave_games", True)
        self.session = session
        self.markers: list[BattleMarker] = []
        self.anim: MoveAnim | None = None
        self.opp_pause = 0.0
        self.fast = False
        self.report_open = False
        self.history = False
        self._fog_key: tuple | None = None
        self.overlays = [o for o in self.overlays if not o.hides_map]
        self.hints = Hints(app.settings, session)
        session.take_fx()  # what happened before this screen showed it is not replayed
        session.take_heard()

    def keep_camera(self, old: Camera) -> None:
        """The view of `old` on this map (F5 keeps where the player was looking)."""
        self.camera.zoom, self.camera.cx, self.camera.cy = old.zoom, old.cx, old.cy
        self.camera.clamp()

    def _focus_own_units(self) -> None:
        """Start zoomed in over the viewer's units, where the first decisions are."""
        s = self.session
        units = s.state.units_of(s.viewer(), s.world)
        if units.size:
            hexes = s.state.hex[units]
            self.camera.zoom = 4.0
            self.camera.centre_on(
                float(self.layers.cx[hexes].mean()), float(self.layers.cy[hexes].mean())
            )

    # ----------------------------------------------------------------- events
    def resize(self, size) -> None:
        w, h = size
        pw = panel_width(w)
        self.camera.set_view((0, 0, w - pw, h))
        self.panel.rect = pygame.Rect(w - pw, 0, pw, h)
        for o in self.overlays:
            o.resize(size)

    def in_map(self, pos) -> bool:
        return pygame.Rect(self.camera.view).collidepoint(pos)

    def hex_under(self, pos) -> int:
        if not self.in_map(pos):
            return -1
        return self.layers.hex_at(*self.camera.to_world(*pos))

    def push(self, overlay: Overlay) -> None:
        self.overlays.append(overlay)
        self.held.clear()
        self.press, self.dragging, self.minimap_drag = None, False, False

    def _prune(self) -> None:
        self.overlays = [o for o in self.overlays if not o.closed]

    def on_ui(self, event) -> None:
        if self.overlays:
            self.overlays[-1].on_ui(event)
            self._prune()

    def process_event(self, event) -> None:
        if self.overlays:
            if event.type == pygame.KEYUP:
                self.held.discard(event.key)
            self.overlays[-1].process_event(event)
            self._prune()
            return
        if self.end_button.handle(event) or self.undo_button.handle(event):
            return
        t = event.type
        if t == pygame.MOUSEMOTION:
            self.mouse = event.pos
            self.kb_cursor = False
            self.hover = self.hex_under(event.pos)
            if self.minimap_drag:
                self.camera.centre_on(*self.view.minimap_to_world(event.pos))
            elif self.press is not None:
                dx, dy = event.pos[0] - self.press[0], event.pos[1] - self.press[1]
                if self.dragging or abs(dx) + abs(dy) > DRAG_THRESHOLD:
                    self.dragging = True
                    self.camera.pan_pixels(*event.rel)
        elif t == pygame.MOUSEBUTTONDOWN:
            self.mouse = event.pos
            self.kb_cursor = False
            if event.button == 1 and self.hints.close_rect.collidepoint(event.pos):
                self.app.play_sound("click")  # the hint's ×; the rest of the card lets clicks by
                self.hints.dismiss(self.session)
            elif (
                event.button == 1
                and self.report_open
                and self.report_panel.rect.collidepoint(event.pos)
            ):
                if self.report_panel.close_rect.collidepoint(event.pos):
                    self.report_open = False
                else:
                    self.open_link(self.report_panel.links.at(event.pos))
            elif event.button == 1 and self.panel.links.at(event.pos):
                self.open_link(self.panel.links.at(event.pos))
            elif event.button == 1 and self.view.minimap_rect.collidepoint(event.pos):
                self.minimap_drag = True
                self.camera.centre_on(*self.view.minimap_to_world(event.pos))
            elif event.button == 1 and self.in_map(event.pos):
                self.press = event.pos
                self.dragging = False
            elif event.button == 3:
                self.session.selected = []
        elif t == pygame.MOUSEBUTTONUP and event.button == 1:
            was_click = self.press is not None and not self.dragging and not self.minimap_drag
            self.press, self.dragging, self.minimap_drag = None, False, False
            if was_click:
                shift = bool(pygame.key.get_mods() & pygame.KMOD_SHIFT) or getattr(
                    event, "shift", False
                )
                self.click(self.hex_under(event.pos), shift)
        elif t == pygame.MOUSEWHEEL:
            pos = self.mouse if self.in_map(self.mouse) else pygame.Rect(self.camera.view).center
            self.camera.zoom_at(ZOOM_STEP**event.y, *pos)
        elif t == pygame.KEYDOWN:
            keys = keymap.current
            action = keys.action_for(event)
            if action is not None:
                if action.startswith("pan_") and keys.held_action(event.key) == action:
                    self.held.add(event.key)
                self.mod = getattr(event, "mod", 0)
                getattr(self, f"do_{action}")()
                self.mod = 0
        elif t == pygame.KEYUP:
            self.held.discard(event.key)

    # ---------------------------------------------------------------- actions
    def _pan(self, action: str) -> None:
        dx, dy = PAN_DIRS[action]
        self.camera.pan_pixels(dx * PAN_STEP, dy * PAN_STEP)

    def do_pan_west(self) -> None:
        self._pan("pan_west")

    def do_pan_east(self) -> None:
        self._pan("pan_east")

    def do_pan_north(self) -> None:
        self._pan("pan_north")

    def do_pan_south(self) -> None:
        self._pan("pan_south")

    def _zoom(self, factor: float) -> None:
        pos = self.mouse if self.in_map(self.mouse) else pygame.Rect(self.camera.view).center
        self.camera.zoom_at(factor, *pos)

    def do_zoom_in(self) -> None:
        self._zoom(ZOOM_STEP)

    def do_zoom_out(self) -> None:
        self._zoom(1 / ZOOM_STEP)

    def do_whole_map(self) -> None:
        self.camera.fit()

    def do_toggle_grid(self) -> None:
        self.layers.toggle_grid()

    def do_toggle_history(self) -> None:
        if not self.view.has_history(self.session.world):
            self.session.note(_("This scenario records no historical positions to show."))
            return
        self.history = not self.history

    def do_next_unit(self) -> None:
        s = self.session
        if not s.human_to_move():
            return
        ready = s.ready_units()
        if not ready:
            s.note(
                _("All your units have acted this turn: {key} ends it.").format(
                    key=keymap.current.short("end_turn")
                )
            )
            return
        cur = s.selected[0] if s.selected else -1
        after = [u for u in ready if u > cur]
        s.select((after or ready)[0])
        self.do_centre_selected()

    def do_centre_selected(self) -> None:
        s = self.session
        if s.selected:
            h = int(s.state.hex[s.selected[0]])
            self.camera.centre_on(float(self.layers.cx[h]), float(self.layers.cy[h]))

    def do_join_attack(self) -> None:
        s = self.session
        h = self.hover
        if h < 0 or not s.human_to_move():
            return
        side = int(s.state.side)
        if not [u for u in s.units_at(h) if s.world.unit_side[u] != side]:
            key = keymap.current.short("join_attack")
            s.note(
                _("Point at a visible enemy first: {key} gathers your units next to it.").format(
                    key=key
                )
            )
            return
        ready = s.ready_neighbours(h)
        if not ready:
            s.note(_("None of your units next to it can still attack."), "refused")
            return
        first = [u for u in s.selected[:1] if u in ready]
        s.selected = first + [u for u in ready if u not in first]

    def do_undo(self) -> None:
        if self.session.human_to_move():
            self.session.undo()

    def do_end_turn(self) -> None:
        self.end_turn()

    def do_skip(self) -> None:
        """Skip the opponent's moves; on the player's own turn, act at the map cursor."""
        s = self.session
        if s.opponent_to_move() or self.anim is not None:
            self.fast = True
            self.anim = None
        elif s.human_to_move() and self.hover >= 0:
            self.click(self.hover, bool(self.mod & pygame.KMOD_SHIFT))

    # the map cursor: the hex the pointer would be on, moved a hex at a time
    def _cursor(self, action: str) -> None:
        layers, s = self.layers, self.session
        h = self.hover
        if h < 0 or not self.kb_cursor:  # the first press puts it on the selection, or mid-view
            if s.selected:
                h = int(s.state.hex[s.selected[0]])
            elif h < 0:
                h = self.layers.hex_at(self.camera.cx, self.camera.cy)
            if h >= 0:
                self.cursor_row_y = float(layers.cy[h])
                self._put_cursor(h)
            return
        dx, dy = CURSOR_DIRS[action]
        nbs = [int(n) for n in s.world.grid.neighbours[h].tolist() if n >= 0]
        best, best_key = -1, None
        for n in nbs:
            vx, vy = float(layers.cx[n] - layers.cx[h]), float(layers.cy[n] - layers.cy[h])
            norm = (vx * vx + vy * vy) ** 0.5 or 1.0
            dot = (vx * dx + vy * dy) / norm
            if dot < 0.3:
                continue
            if dx and self.cursor_row_y is not None:  # sideways: keep to the row it began on
                key = (abs(float(layers.cy[n]) - self.cursor_row_y), -dot)
            else:
                key = (0.0, -dot)
            if best_key is None or key < best_key:
                best, best_key = n, key
        if best < 0:
            return
        if dy:
            self.cursor_row_y = float(layers.cy[best])
        self._put_cursor(best)

    def _put_cursor(self, h: int) -> None:
        """Put the pointer on hex h, bringing it into view when it has left the view."""
        view = pygame.Rect(self.camera.view).inflate(-80, -80)
        if not view.collidepoint(self.view.hex_screen(h)):
            self.camera.centre_on(float(self.layers.cx[h]), float(self.layers.cy[h]))
        x, y = self.view.hex_screen(h)
        self.mouse = (int(round(x)), int(round(y)))
        self.hover = h
        self.kb_cursor = True

    def do_cursor_north(self) -> None:
        self._cursor("cursor_north")

    def do_cursor_south(self) -> None:
        self._cursor("cursor_south")

    def do_cursor_west(self) -> None:
        self._cursor("cursor_west")

    def do_cursor_east(self) -> None:
        self._cursor("cursor_east")

    def do_dismiss_hint(self) -> None:
        if not self.hints.dismiss(self.session):
            self.session.note(_("No hint is on show."))

    def do_battle_report(self) -> None:
        if not self.session.reports:
            self.session.note(_("No battle has been fought yet."))
            return
        self.report_open = not self.report_open

    def do_save(self) -> None:
        self.push(SaveDialog(self.ui, self.app.screen.get_size(), self.session))

    def do_load(self) -> None:
        size = self.app.screen.get_size()
        self.push(LoadDialog(self.ui, size, self.session.world, self.load_path))

    def do_reload(self) -> None:
        self.reload()

    def do_help(self) -> None:
        self.push(HelpOverlay())

    def do_escape(self) -> None:
        s = self.session
        if s.opponent_to_move() or self.anim is not None:
            self.do_skip()
        elif self.report_open:
            self.report_open = False
        elif s.selected:
            s.selected = []
        else:
            self.push(ConfirmLeave(self.app.to_menu, self.do_save))

    # ----------------------------------------------------------------- orders
    def open_link(self, key: str | None) -> None:
        """A name clicked in the side panel or the battle report: its encyclopedia page."""
        if key:
            from game.ui.encyclopedia import open_entry

            self.app.defer(lambda: open_entry(self.app, key, self.session.world))

    def click(self, h: int, shift: bool = False) -> None:
        """What a left click on hex h means, from the selection and what stands there."""
        s = self.session
        if h < 0 or not s.human_to_move():
            if h >= 0:
                s.note(_("Wait: it is not your turn."), "refused")
            return
        side = int(s.state.side)
        own = s.units_at(h, side)
        enemy = [u for u in s.units_at(h) if s.world.unit_side[u] != side]
        if enemy and s.selected:
            s.attack(h)
        elif own:
            if shift:
                s.select(own[0] if own[0] not in s.selected else own[-1], add=True)
            elif s.selected and s.selected[0] in own and len(own) > 1:
                s.select(own[(own.index(s.selected[0]) + 1) % len(own)])  # cycle the stack
            elif s.selected and s.selected[0] in own:
                s.selected = []
            else:
                s.select(own[0])
        elif s.selected:
            s.move_selected(h)
        self._after_command()

    def _end_clicked(self) -> None:
        self.app.play_sound("click")
        self.end_turn()

    def _undo_clicked(self) -> None:
        self.app.play_sound("click")
        self.do_undo()

    def end_turn(self) -> None:
        s = self.session
        if not s.human_to_move() or self.overlays:
            return
        s.end_turn()
        self.opp_pause = 0.0
        self._after_command()
        if s.hotseat and not s.game.over and not s.reveal:
            self.hand_over()

    def hand_over(self) -> None:
        """Hot-seat: hide the map until the side to move now is at the screen."""
        s = self.session
        st, world = s.state, s.world
        colour = palette.side_colour(world, int(st.side))
        since = (st.turn - 1, int(st.phase))  # this side's previous phase
        mine = [
            r
            for r in s.reports
            if (r.turn, r.phase) >= since and int(st.side) in (r.attacker.side, r.defender.side)
        ]
        note = ""
        if mine:
            n = len(mine)
            note = ngettext(
                "{n} battle since your last phase: {key} shows the last report.",
                "{n} battles since your last phase: {key} shows the last report.",
                n,
            ).format(n=n, key=keymap.current.short("battle_report"))
        self.report_open = False
        self.push(
            HandOverOverlay(
                s.side_name(int(st.side)),
                colour,
                format_date(st.date(world), "long"),
                st.turn,
                note,
            )
        )

    def _after_command(self) -> None:
        self._take_fx(animate=False)
        if self.session.game.over:
            self.app.show_end(self.session)

    def _take_fx(self, animate: bool) -> bool:
        """Markers for new battles and, when watching the opponent, the move to animate.
        True when something was shown (the opponent then pauses)."""
        shown = False
        viewer = self.session.viewer()
        for fx in self.session.take_fx():
            if fx.kind == "battle" and fx.report is not None:
                self.markers = [m for m in self.markers if m.hex != fx.report.hex]
                self.markers.append(BattleMarker(fx.report, viewer))
                if animate:  # the opponent attacked: look there
                    self._follow([fx.report.hex])
                self.report_open = True
                shown = True
                self.opp_pause = max(self.opp_pause, BATTLE_PAUSE)
            elif fx.kind == "move" and animate and any(fx.shown):
                self.anim = MoveAnim(fx, self.layers.cx, self.layers.cy)
                self._follow(fx.path)
                shown = True
        return shown

    def _follow(self, path: list[int]) -> None:
        """Bring an opponent's move into view when it happens wholly off screen."""
        view = pygame.Rect(self.camera.view).inflate(-60, -60)
        if any(view.collidepoint(self.view.hex_screen(h)) for h in path):
            return
        end = path[-1]
        self.camera.centre_on(float(self.layers.cx[end]), float(self.layers.cy[end]))

    # ------------------------------------------------------------ save / load
    def load_path(self, path: Path) -> str:
        """Load a save into this screen; "" when done, else why not (the game is unchanged)."""
        from game.saves import SaveError

        s = self.session
        try:
            from game.ui.load_screen import load_session  # also loads another scenario's saves
        except ImportError:
            load_session = None
        try:
            if load_session is not None:
                new = load_session(self.app, Path(path))
            else:
                new = Session.from_save(s.world, Path(path), s.source, s.fingerprint())
        except SaveError as exc:
            return str(exc)
        if new.world is not s.world:  # played on another scenario or mods: a screen for its map
            self.app.defer(lambda: self.app.open_session(new))
            return ""
        self._set_session(new)
        self._focus_own_units()
        if new.hotseat:
            self.hand_over()
        return ""

    # ------------------------------------------------------------- hot reload
    def reload(self) -> bool:
        """F5: the scenario and its mods again from disk, a new game at turn 1 on the same
        camera. If the files are invalid the errors are shown and this game goes on."""
        from game.engine.world import build_world
        from game.scenario.errors import Diagnostic
        from game.scenario.mods import check_with_mods

        src = self.session.source
        loaded = check_with_mods(src.path or None, list(src.mods))
        world = None
        problems = loaded.diagnostics
        if loaded.scenario is not None and not loaded.errors:
            try:
                world = build_world(loaded.scenario)
            except Exception as exc:  # a scenario the schema passed but the map cannot use
                message = f"the scenario could not be built: {type(exc).__name__}: {exc}"
                problems = [Diagnostic(src.path or "scenario", 0, 0, message)]
            else:  # its texts in the player's language (a broken translation costs only those)
                from game.cli import localize

                localize(world, loaded.files or ([src.path] if src.path else []))
        if world is None:
            self._prune()
            self.push(
                ReloadErrors(self.ui, self.app.screen.get_size(), problems, self._retry_reload)
            )
            return False
        camera = self.camera
        if hasattr(self.app, "set_content"):
            self.app.set_content(world, src.path or None, list(src.mods))
            layers = self.app.layers
        else:
            layers = MapLayers(world)
        self.layers = layers
        w, h = self.app.screen.get_size()
        self.camera = Camera(layers.world_w, layers.world_h, (0, 0, w - panel_width(w), h))
        self.keep_camera(camera)
        self.view = MapView(layers, self.camera)
        session = self.session.restarted(world)
        session.set_origin(src, "")
        self.overlays = []
        self._set_session(session)
        warnings = len(loaded.warnings)
        name = Path(src.path).name if src.path else ""
        if warnings:
            note = ngettext(
                "Reloaded {name} ({n} warning): turn 1.",
                "Reloaded {name} ({n} warnings): turn 1.",
                warnings,
            )
        else:
            note = _("Reloaded {name}: turn 1.")
        if not name:
            name = _("the scenario")
        session.note(note.format(name=name, n=warnings))
        return True

    def _retry_reload(self) -> None:
        defer = getattr(self.app, "defer", None)
        if defer is not None:
            defer(self.reload)
        else:
            self.reload()

    # ----------------------------------------------------------------- update
    def update(self, dt: float) -> None:
        held = [keymap.current.held_action(k) for k in self.held]
        dx = sum(PAN_DIRS[a][0] for a in held if a is not None)
        dy = sum(PAN_DIRS[a][1] for a in held if a is not None)
        if not (dx or dy) and not self.overlays and self.press is None and not self.kb_cursor:
            dx, dy = self._edge_push()
        if dx or dy:
            speed = PAN_SPEED * self.app.settings.scroll_speed  # the settings' scroll speed
            self.camera.pan_pixels(dx * speed * dt, dy * speed * dt)
        self.hover = self.hex_under(self.mouse)  # the map may have moved under a still cursor
        for o in self.overlays:
            o.update(dt)
        self._prune()
        s = self.session
        if not self.overlays:  # a dialog or the help pauses the opponent's phase
            self._play_opponent(dt)
        self._play_sounds()
        self.hints.update(s)
        for m in self.markers:
            m.update(dt)
        st = s.state
        self.markers = [m for m in self.markers if not m.expired(st.turn, st.phase)]
        if s.game.over:
            self.app.show_end(s)
            return
        fog_key = (s.version, s.reveal, s.viewer())
        if self._fog_key != fog_key:
            self._fog_key = fog_key
            self.layers.set_hidden(s.hidden_hexes())

    def _play_sounds(self) -> None:
        """The effects of what the viewer saw happen since the last frame (a move, a battle)."""
        heard = self.session.take_heard()
        if heard and self.app.settings.volume > 0:
            from game.ui.sound import effects_for

            for name in effects_for(heard):
                self.app.play_sound(name)

    def _edge_push(self) -> tuple[int, int]:
        """Pan direction while the pointer rests at an edge of the window (only while the
        window has the pointer: a pointer that left it is not at an edge)."""
        if not pygame.mouse.get_focused():
            return 0, 0
        w, h = self.app.screen.get_size()
        x, y = self.mouse
        dx = (x < EDGE_PAN) - (x >= w - EDGE_PAN)
        dy = (y < EDGE_PAN) - (y >= h - EDGE_PAN)
        return dx, dy

    def _play_opponent(self, dt: float) -> None:
        s = self.session
        if self.anim is not None:
            self.anim.update(dt)
            if not self.anim.done:
                return
            self.anim = None
            self.opp_pause = max(self.opp_pause, MOVE_PAUSE)
        if not s.opponent_to_move():
            self.fast = False
            return
        t0 = time.perf_counter()
        if self.fast:
            while s.opponent_to_move() and time.perf_counter() - t0 < SKIP_BUDGET:
                s.step_opponent()
            self._take_fx(animate=False)
            self.opp_pause = 0.0
            return
        self.opp_pause -= dt
        if self.opp_pause > 0:
            return
        self.opp_pause = 0.0
        while s.opponent_to_move() and time.perf_counter() - t0 < STEP_BUDGET:
            s.step_opponent()
            if self._take_fx(animate=True):
                break

    def status(self) -> str:
        s = self.session
        if s.game.over:
            return _("game over")
        if s.human_to_move():
            return _("your move") if len(s.humans) == 1 else _("to move (hot-seat)")
        key = keymap.current.short("skip")
        kind = s.opponent_kind
        if kind == "random":
            return _("the random player is moving… ({key}: skip)").format(key=key)
        if kind == "ai" or kind.startswith("ai:"):
            return _("the AI is moving… ({key}: skip)").format(key=key)
        return _("{player} is moving… ({key}: skip)").format(player=kind, key=key)

    # ------------------------------------------------------------------- draw
    def draw(self, surface) -> None:
        cover = next((o for o in reversed(self.overlays) if o.hides_map), None)
        if cover is not None:  # hot-seat hand-over: not one pixel of the map
            cover.draw(surface)
            return
        s = self.session
        view = self.view
        view.draw_terrain(surface)
        clip = surface.get_clip()
        surface.set_clip(pygame.Rect(self.camera.view))
        if self.history:
            view.draw_history(surface, s)
        preview = None
        if s.selected and s.human_to_move():
            u = s.selected[0]
            found = s.reach(u)
            view.draw_region(surface, found.stops, theme.REACH, 80)
            view.draw_outline(surface, found.stops | {found.origin}, theme.REACH, 3)
            if self.hover >= 0:
                enemy = [v for v in s.units_at(self.hover) if s.world.unit_side[v] != s.state.side]
                if enemy:
                    preview = s.preview(self.hover)
                    view.draw_hexes(surface, [self.hover], theme.TARGET, 0, outline=3)
                    if preview is not None:
                        joined = {int(s.state.hex[a]) for a in preview.attackers}
                        view.draw_hexes(surface, joined, theme.TARGET, 0, outline=2)
                elif self.hover in found.cost and self.hover != found.origin:
                    view.draw_path(surface, found.path_to(self.hover), found.cost[self.hover])
        if self.hover >= 0 and self.kb_cursor:  # the keyboard's cursor, plain to see
            view.draw_hexes(surface, [self.hover], (20, 20, 20), 0, outline=6)
            view.draw_hexes(surface, [self.hover], theme.ACCENT, 0, outline=3)
        elif self.hover >= 0 and preview is None:
            view.draw_hexes(surface, [self.hover], (255, 255, 255), 0, outline=2)
        view.draw_names(surface)
        view.draw_units(surface, s, self.anim)
        view.draw_markers(surface, self.markers)
        if preview is not None:
            x, y = view.hex_screen(self.hover)
            win = preview.p_outcome["defender_retreats"] + preview.p_outcome["defender_routed"]
            dx = 0.5 * self.camera.zoom * self.layers.hex_km + theme.px(6)
            n = len(preview.attackers)
            pct = format_number(round(win * 100))
            if n > 1:
                label = ngettext("{pct}% win · {n} unit", "{pct}% win · {n} units", n).format(
                    pct=pct, n=n
                )
            else:
                label = _("{pct}% win").format(pct=pct)
            shadow_text(surface, label, (x + dx, y + 4), 22, (255, 210, 150))
        view.draw_minimap(surface)
        if self.history:
            self._draw_history_legend(surface)
            view.draw_history_table(surface, s)
        below = self._draw_banner(surface)
        vx, vy, vw, _vh = self.camera.view
        top = max(vy + theme.px(10), below + theme.px(8))
        if self.report_open and s.reports:
            self.report_panel.draw(surface, s, s.reports[-1], (vx + theme.px(10), top))
            top = self.report_panel.rect.bottom + theme.px(8)
        self.hints.draw(surface, s, (vx + theme.px(10), top), vw - theme.px(20))
        surface.set_clip(clip)
        keys = keymap.current
        self.end_button.label = _("End turn ({key})").format(key=keys.short("end_turn"))
        self.undo_button.label = _("Undo ({key})").format(key=keys.short("undo"))
        self.end_button.enabled = s.human_to_move() and not self.overlays
        self.undo_button.enabled = s.can_undo() and not self.overlays
        self.panel.draw(
            surface, s, self.hover, preview, self.status(), self.end_button, self.undo_button
        )
        for o in self.overlays:
            o.draw(surface)

    def _draw_history_legend(self, surface) -> None:
        s = self.session
        date = s.state.date(s.world)
        key = keymap.current.short("toggle_history")
        msg = _("Ghosts of history ({key}): where the real units stood on {date}").format(
            key=key, date=format_date(date, "long")
        )
        t = text(msg, 18, theme.TEXT)
        vx, vy, vw, vh = self.camera.view
        px = theme.px
        rect = t.get_rect(midbottom=(vx + vw // 2 + px(100), vy + vh - px(10)))
        rect = rect.inflate(px(20), px(10))
        over = pygame.Surface(rect.size, pygame.SRCALPHA)
        over.fill((15, 18, 24, 200))
        surface.blit(over, rect)
        surface.blit(t, t.get_rect(center=rect.center))

    def _draw_banner(self, surface) -> int:
        """Whose phase is playing out, while the opponent moves; returns the y below it."""
        s = self.session
        if not (s.opponent_to_move() or self.anim is not None):
            return 0
        name = s.side_name(int(s.state.side))
        skip = keymap.current.short("skip")
        esc = keymap.current.short("escape")
        msg = _("{side} are moving · {skip} or {esc}: skip to the end of their phase").format(
            side=name, skip=skip, esc=esc
        )
        t = text(msg, 22, theme.TEXT, True)
        vx, vy, vw, _vh = self.camera.view
        rect = t.get_rect(midtop=(vx + vw // 2, vy + theme.px(10))).inflate(
            theme.px(24), theme.px(12)
        )
        over = pygame.Surface(rect.size, pygame.SRCALPHA)
        over.fill((15, 18, 24, 210))
        surface.blit(over, rect)
        pygame.draw.rect(surface, theme.ACCENT, rect, 1, border_radius=4)
        surface.blit(t, t.get_rect(center=rect.center))
        return rect.bottom
