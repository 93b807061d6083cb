"""The settings screen: window size and full screen, UI scale, sound volume, scroll speed.

Every change takes effect at once and is remembered (`settings.py` writes it to the user config
folder), so there is no Apply button to forget. Where the machine has no audio device the volume
can still be set, and the screen says the game is running silently.
"""

from __future__ import annotations

import pygame
import pygame_gui
from pygame_gui.elements import UIDropDownMenu, UIHorizontalSlider, UIPanel

from game.ui import theme
from game.ui.scenes import WidgetScene
from game.ui.settings import UI_SCALES, WINDOW_SIZES, Settings
from game.ui.widgets import text


def size_label(size) -> str:
    return f"{size[0]} × {size[1]}"


def scale_label(scale: float) -> str:
    return f"{round(scale * 100)} %"


class SettingsScene(WidgetScene):
    def build(self, size) -> None:
        w, h = size
        px = theme.px
        s = self.app.settings
        pw, ph = min(px(680), w - px(40)), min(px(404), h - px(110))
        self.panel = UIPanel(pygame.Rect((w - pw) // 2, px(90), pw, ph), 1, self.ui)
        pad, label_w, row = px(20), px(190), px(56)
        cw = pw - 2 * pad - label_w
        x = pad + label_w
        y = px(16)

        def row_label(title: str) -> None:
            self.label((pad, y, label_w, px(36)), title, None, self.panel)

        row_label("Window size")
        sizes = [(size_label(z), f"{z[0]}x{z[1]}") for z in WINDOW_SIZES]
        current = (size_label(s.window_size), f"{s.window_size[0]}x{s.window_size[1]}")
        if current not in sizes:
            sizes.append(current)
        self.size_menu = UIDropDownMenu(
            sizes, current, pygame.Rect(x, y, cw, px(36)), self.ui, container=self.panel
        )
        if s.fullscreen:
            self.size_menu.disable()
        y += row
        row_label("Display")
        half = (cw - px(10)) // 2
        self.window_button = self.button(
            (x, y, half, px(36)), "Window", lambda: self.set_fullscreen(False), container=self.panel
        )
        self.full_button = self.button(
            (x + half + px(10), y, half, px(36)),
            "Full screen",
            lambda: self.set_fullscreen(True),
            container=self.panel,
        )
        (self.full_button if s.fullscreen else self.window_button).select()
        y += row
        row_label("UI scale")
        scales = [(scale_label(v), str(v)) for v in UI_SCALES]
        cur = next(
            (o for o in scales if float(o[1]) == s.ui_scale),
            (scale_label(s.ui_scale), str(s.ui_scale)),
        )
        if cur not in scales:
            scales.append(cur)
        self.scale_menu = UIDropDownMenu(
            scales, cur, pygame.Rect(x, y, cw, px(36)), self.ui, container=self.panel
        )
        y += row
        row_label("Sound volume")
        self.volume = UIHorizontalSlider(
            pygame.Rect(x, y + px(4), cw - px(70), px(28)),
            round(s.volume * 100),
            (0, 100),
            self.ui,
            container=self.panel,
            click_increment=5,
        )
        self.volume_label = self.label(
            (x + cw - px(64), y, px(64), px(36)), f"{round(s.volume * 100)} %", None, self.panel
        )
        y += px(36)
        sounds = self.app.sounds
        note = "" if sounds.enabled else "No audio device: the game runs silently."
        self.sound_note = self.label((x, y, cw, px(20)), note, "@dim", self.panel)
        y += row - px(36)
        row_label("Scroll speed")
        self.scroll = UIHorizontalSlider(
            pygame.Rect(x, y + px(4), cw - px(70), px(28)),
            round(s.scroll_speed * 100),
            (25, 300),
            self.ui,
            container=self.panel,
            click_increment=25,
        )
        self.scroll_label = self.label(
            (x + cw - px(64), y, px(64), px(36)),
            f"{round(s.scroll_speed * 100)} %",
            None,
            self.panel,
        )
        y += row + px(10)
        bw = (pw - 3 * pad) // 2
        self.defaults_button = self.button(
            (pad, ph - px(62), bw, px(44)),
            "Restore defaults",
            self.restore_defaults,
            object_id="@menu_button",
            container=self.panel,
        )
        self.back_button = self.button(
            (2 * pad + bw, ph - px(62), bw, px(44)),
            "Back",
            self.app.back,
            object_id="@menu_button",
            container=self.panel,
        )

    # ----------------------------------------------------------------- changes
    def set_fullscreen(self, on: bool) -> None:
        if self.app.settings.fullscreen != on:
            self.app.settings.fullscreen = on
            self.app.apply_settings(window=True)

    def set_window_size(self, size: tuple[int, int]) -> None:
        s = self.app.settings
        if s.window_size != size:
            s.update(window_size=size)
            self.app.apply_settings(window=True)

    def set_ui_scale(self, scale: float) -> None:
        s = self.app.settings
        if s.ui_scale != scale:
            s.update(ui_scale=scale)
            self.app.apply_settings(scale=True)

    def set_volume(self, percent: float) -> None:
        self.app.settings.update(volume=round(percent) / 100)
        self.volume_label.set_text(f"{round(percent)} %")
        self.app.settings_changed()
        self.app.play_sound("click")

    def set_scroll(self, percent: float) -> None:
        self.app.settings.update(scroll_speed=round(percent) / 100)
        self.scroll_label.set_text(f"{round(percent)} %")
        self.app.settings_changed()

    def restore_defaults(self) -> None:
        s = self.app.settings
        d = Settings()
        window = (s.window_size, s.fullscreen) != (d.window_size, d.fullscreen)
        scale = s.ui_scale != d.ui_scale
        s.update(
            window_size=d.window_size,
            fullscreen=d.fullscreen,
            ui_scale=d.ui_scale,
            volume=d.volume,
            scroll_speed=d.scroll_speed,
        )
        self.app.apply_settings(window=window, scale=scale)
        if not (window or scale):  # otherwise the relayout has rebuilt the widgets already
            self.resize(self.app.screen.get_size())

    # ------------------------------------------------------------------ events
    def on_ui(self, event) -> None:
        el = event.ui_element
        if event.type == pygame_gui.UI_DROP_DOWN_MENU_CHANGED:
            option = getattr(event, "selected_option_id", "")
            if el is self.size_menu:
                try:
                    w, h = (int(v) for v in option.split("x"))
                except ValueError:
                    return
                self.app.defer(lambda: self.set_window_size((w, h)))
            elif el is self.scale_menu:
                try:
                    scale = float(option)
                except ValueError:
                    return
                self.app.defer(lambda: self.set_ui_scale(scale))
        elif event.type == pygame_gui.UI_HORIZONTAL_SLIDER_MOVED:
            if el is self.volume:
                self.set_volume(float(event.value))
            elif el is self.scroll:
                self.set_scroll(float(event.value))

    def process_event(self, event) -> None:
        if event.type == pygame.KEYDOWN and event.key in (pygame.K_ESCAPE, pygame.K_BACKSPACE):
            self.app.defer(self.app.back)

    def draw(self, surface) -> None:
        surface.fill(theme.BG)
        w, h = surface.get_size()
        px = theme.px
        t = text("Settings", 48, theme.ACCENT, True)
        surface.blit(t, t.get_rect(midtop=(w // 2, px(24))))
        s = self.app.settings
        where = (
            f"Saved in {s.path}" if s.path is not None else "Not saved (a test or benchmark run)"
        )
        lines = [where] + ([s.note] if s.note else [])
        y = h - px(14)
        for line in reversed(lines):
            t = text(line, 16, theme.TEXT_DIM if line == where else theme.TEXT_WARN)
            surface.blit(t, t.get_rect(midbottom=(w // 2, y)))
            y -= t.get_height() + px(2)
