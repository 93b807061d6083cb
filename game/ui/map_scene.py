"""The map screen: pan and zoom, select units, move and attack, end the turn, watch the opponent.

Mouse: left-click selects your unit, moves the selection to a highlighted hex, or attacks the
enemy under the cursor; shift-click adds units to an attack; right-click clears the selection;
drag pans; the wheel zooms toward the cursor. Keys: arrows/WASD pan, +/- zoom, G grid,
E or Enter ends the turn, Space skips the opponent's moves, Esc clears the selection or, with
nothing selected, returns to the menu.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pygame

from game.ui import theme
from game.ui.camera import ZOOM_STEP, Camera
from game.ui.layers import MapLayers
from game.ui.mapview import MapView
from game.ui.panels import SidePanel
from game.ui.scenes import Scene
from game.ui.session import Session
from game.ui.widgets import Button, shadow_text

if TYPE_CHECKING:
    from game.ui.app import App

PAN_SPEED = 700.0  # pixels per second while a pan key is held
PAN_STEP = 60.0  # pixels per key press
DRAG_THRESHOLD = 5  # pixels a press may move and still count as a click
OPPONENT_DELAY = 0.06  # seconds between two opponent commands, so its moves can be followed
PAN_KEYS = {
    pygame.K_LEFT: (1, 0),
    pygame.K_a: (1, 0),
    pygame.K_RIGHT: (-1, 0),
    pygame.K_d: (-1, 0),
    pygame.K_UP: (0, 1),
    pygame.K_w: (0, 1),
    pygame.K_DOWN: (0, -1),
    pygame.K_s: (0, -1),
}
ZOOM_IN_KEYS = (pygame.K_PLUS, pygame.K_EQUALS, pygame.K_KP_PLUS)
ZOOM_OUT_KEYS = (pygame.K_MINUS, pygame.K_KP_MINUS)


class MapScene(Scene):
    def __init__(self, app: App, session: Session, layers: MapLayers):
        super().__init__(app)
        self.session = session
        self.layers = layers
        w, h = app.screen.get_size()
        self.camera = Camera(layers.world_w, layers.world_h, (0, 0, w - theme.PANEL_W, h))
        self.view = MapView(layers, self.camera)
        self.panel = SidePanel(pygame.Rect(w - theme.PANEL_W, 0, theme.PANEL_W, h))
        self.end_button = Button("End turn (E)", pygame.Rect(0, 0, 10, 10), self.end_turn, size=22)
        self.mouse = (w // 2, h // 2)
        self.hover = -1
        self.held: set[int] = set()
        self.press: tuple[int, int] | None = None
        self.dragging = False
        self.minimap_drag = False
        self.opp_timer = 0.0
        self.fast = False
        self._fog_version: tuple | None = None
        self._focus_own_units()

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
        self.camera.set_view((0, 0, w - theme.PANEL_W, h))
        self.panel.rect = pygame.Rect(w - theme.PANEL_W, 0, theme.PANEL_W, h)

    def in_map(self, pos) -> bool:
        return pygame.Rect(self.camera.view).collidepoint(pos)

    def hex_under(self, pos) -> int:
        if not self.in_map(pos):
            return -1
        return self.layers.hex_at(*self.camera.to_world(*pos))

    def process_event(self, event) -> None:
        if self.end_button.handle(event):
            return
        t = event.type
        if t == pygame.MOUSEMOTION:
            self.mouse = event.pos
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
            if event.button == 1 and self.view.minimap_rect.collidepoint(event.pos):
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
            self.key(event)
        elif t == pygame.KEYUP:
            self.held.discard(event.key)

    def key(self, event) -> None:
        k = event.key
        if k in PAN_KEYS:
            self.held.add(k)
            dx, dy = PAN_KEYS[k]
            self.camera.pan_pixels(dx * PAN_STEP, dy * PAN_STEP)
        elif k in ZOOM_IN_KEYS or k in ZOOM_OUT_KEYS:
            pos = self.mouse if self.in_map(self.mouse) else pygame.Rect(self.camera.view).center
            self.camera.zoom_at(ZOOM_STEP if k in ZOOM_IN_KEYS else 1 / ZOOM_STEP, *pos)
        elif k == pygame.K_g:
            self.layers.toggle_grid()
        elif k in (pygame.K_e, pygame.K_RETURN, pygame.K_KP_ENTER):
            self.end_turn()
        elif k == pygame.K_SPACE:
            self.fast = True
        elif k == pygame.K_ESCAPE:
            if self.session.selected:
                self.session.selected = []
            else:
                self.app.to_menu()

    # ----------------------------------------------------------------- orders
    def click(self, h: int, shift: bool = False) -> None:
        """What a left click on hex h means, from the selection and what stands there."""
        s = self.session
        if h < 0 or not s.human_to_move():
            if h >= 0:
                s.note("Wait: it is not your turn.", "refused")
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

    def end_turn(self) -> None:
        if self.session.human_to_move():
            self.session.end_turn()
            self.opp_timer = 0.0
            self._after_command()

    def _after_command(self) -> None:
        if self.session.game.over:
            self.app.show_end(self.session)

    # ----------------------------------------------------------------- update
    def update(self, dt: float) -> None:
        dx = sum(PAN_KEYS[k][0] for k in self.held if k in PAN_KEYS)
        dy = sum(PAN_KEYS[k][1] for k in self.held if k in PAN_KEYS)
        if dx or dy:
            self.camera.pan_pixels(dx * PAN_SPEED * dt, dy * PAN_SPEED * dt)
        self.hover = self.hex_under(self.mouse)  # the map may have moved under a still cursor
        s = self.session
        if s.opponent_to_move():
            self.opp_timer += dt
            budget = 10_000 if self.fast else int(self.opp_timer / OPPONENT_DELAY)
            self.opp_timer -= budget * OPPONENT_DELAY if not self.fast else self.opp_timer
            for _ in range(min(budget, 10_000)):
                if s.step_opponent():
                    break
            if not s.opponent_to_move():
                self.fast = False
            self._after_command()
        if s.game.over:
            self.app.show_end(s)
            return
        fog_key = (s.version, s.reveal)
        if self._fog_version != fog_key:
            self._fog_version = fog_key
            self.layers.set_hidden(s.hidden_hexes())

    def status(self) -> str:
        s = self.session
        if s.game.over:
            return "game over"
        if s.human_to_move():
            return "your move" if len(s.humans) == 1 else "to move (hot-seat)"
        return f"{s.opponent_kind} is moving… (Space: skip)"

    # ------------------------------------------------------------------- draw
    def draw(self, surface) -> None:
        s = self.session
        view = self.view
        view.draw_terrain(surface)
        clip = surface.get_clip()
        surface.set_clip(pygame.Rect(self.camera.view))
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
                elif self.hover in found.cost and self.hover != found.origin:
                    view.draw_path(surface, found.path_to(self.hover), found.cost[self.hover])
        if self.hover >= 0 and preview is None:
            view.draw_hexes(surface, [self.hover], (255, 255, 255), 0, outline=2)
        view.draw_names(surface)
        view.draw_units(surface, s, self.hover)
        if preview is not None:
            x, y = view.hex_screen(self.hover)
            win = preview.p_outcome["defender_retreats"] + preview.p_outcome["defender_routed"]
            dx = 0.5 * self.camera.zoom * self.layers.hex_km + 6
            shadow_text(surface, f"{win * 100:.0f}% win", (x + dx, y + 4), 22, (255, 210, 150))
        view.draw_minimap(surface)
        surface.set_clip(clip)
        self.end_button.enabled = s.human_to_move()
        self.panel.draw(surface, s, self.hover, preview, self.status(), self.end_button)
