"""The settings screen: window size and full screen, UI scale, language, sound volume, scroll
speed, the colour-blind palette, the first-game hints, and the way to the Controls page (rebinding
keys).

Every change takes effect at once and is remembered (`settings.py` writes it to the user config
folder), so there is no Apply button to forget. Where the machine has no audio device the volume
can still be set, and the screen says the game is running silently. Every row is reachable from
the keyboard (`focus.py`): ↑/↓ choose a row, ←/→ change it, Enter presses a button, Esc goes back.
"""

from __future__ import annotations

import pygame
import pygame_gui
from pygame_gui.elements import UIDropDownMenu, UIHorizontalSlider, UIPanel

from game import i18n
from game.i18n import _
from game.ui import palette, theme
from game.ui.focus import FocusRing, cycle
from game.ui.scenes import WidgetScene
from game.ui.settings import UI_SCALES, WINDOW_SIZES, Settings
from game.ui.widgets import text

ROWS = 8  # rows of settings in the panel


def size_label(size) -> str:
    return f"{size[0]} × {size[1]}"


def scale_label(scale: float) -> str:
    return percent_text(scale * 100)


def percent_text(value: float) -> str:
    # TRANSLATORS: a percentage; French puts a no-break space before %
    return _("{n} %").format(n=round(value))


def as_named(name: str) -> str:
    """A language's name as it calls itself: never translated (the pseudo-language, which checks
    that every other text went through `_`, marks it as deliberate)."""
    return i18n.pseudo(name) if i18n.language() == i18n.PSEUDO else name


def language_options() -> list[tuple[str, str]]:
    """(name, code) of every language, the one in use included (`--lang qps` in a test)."""
    names = i18n.languages()
    code = i18n.language()
    if code not in names:
        names[code] = code
    return [(as_named(name), c) for c, name in names.items()]


class SettingsScene(WidgetScene):
    def __init__(self, app) -> None:
        self.focus = FocusRing("size")
        super().__init__(app)

    def build(self, size) -> None:
        w, h = size
        px = theme.px
        s = self.app.settings
        self.focus.reset()
        top = px(84)
        pw, ph = min(px(700), w - px(40)), min(px(560), h - top - px(44))
        self.panel = UIPanel(pygame.Rect((w - pw) // 2, top, pw, ph), 1, self.ui)
        pad, label_w = px(20), px(200)
        bh = px(44)  # the buttons along the bottom
        row = min(px(56), (ph - px(16) - px(14) - bh - px(12)) // ROWS)
        if row < px(46):  # a large UI scale in a small window: lower buttons, taller rows
            bh = px(36)
            row = min(px(56), (ph - px(16) - px(14) - bh - px(8)) // ROWS)
        tall = min(px(36), row - 6)
        cw = pw - 2 * pad - label_w
        x = pad + label_w
        y = px(16)

        def row_label(title: str) -> None:
            self.label((pad, y, label_w, tall), title, None, self.panel)

        row_label(_("Window size"))
        sizes = [(size_label(z), f"{z[0]}x{z[1]}") for z in WINDOW_SIZES]
        current = (size_label(s.window_size), f"{s.window_size[0]}x{s.window_size[1]}")
        if current not in sizes:
            sizes.append(current)
        self.size_menu = UIDropDownMenu(
            sizes, current, pygame.Rect(x, y, cw, tall), self.ui, container=self.panel
        )
        if s.fullscreen:
            self.size_menu.disable()
        self.focus.add("size", self.size_menu, adjust=self.step_window_size)
        y += row
        # TRANSLATORS: a row of the settings: in a window or full screen
        row_label(_("Display"))
        half = (cw - px(10)) // 2
        self.window_button = self.button(
            (x, y, half, tall),
            # TRANSLATORS: the game in a window (not full screen)
            _("Window"),
            lambda: self.set_fullscreen(False),
            container=self.panel,
        )
        self.full_button = self.button(
            (x + half + px(10), y, half, tall),
            _("Full screen"),
            lambda: self.set_fullscreen(True),
            container=self.panel,
        )
        (self.full_button if s.fullscreen else self.window_button).select()
        self.focus.add_button("window", self.window_button)
        self.focus.add_button("fullscreen", self.full_button)
        y += row
        # TRANSLATORS: the size of the texts and controls, in percent
        row_label(_("UI scale"))
        scales = [(scale_label(v), str(v)) for v in UI_SCALES]
        cur = next(
            (o for o in scales if float(o[1]) == s.ui_scale),
            (scale_label(s.ui_scale), str(s.ui_scale)),
        )
        if cur not in scales:
            scales.append(cur)
        self.scale_menu = UIDropDownMenu(
            scales, cur, pygame.Rect(x, y, cw, tall), self.ui, container=self.panel
        )
        self.focus.add("scale", self.scale_menu, adjust=self.step_ui_scale)
        y += row
        row_label(_("Language"))
        langs = language_options()
        lang = next(o for o in langs if o[1] == i18n.language())
        self.language_menu = UIDropDownMenu(
            langs, lang, pygame.Rect(x, y, cw, tall), self.ui, container=self.panel
        )
        self.focus.add("language", self.language_menu, adjust=self.step_language)
        y += row
        row_label(_("Sound volume"))
        self.volume = UIHorizontalSlider(
            pygame.Rect(x, y + px(4), cw - px(70), tall - px(8)),
            round(s.volume * 100),
            (0, 100),
            self.ui,
            container=self.panel,
            click_increment=5,
        )
        self.volume_label = self.label(
            (x + cw - px(64), y, px(64), tall), percent_text(s.volume * 100), None, self.panel
        )
        self.focus.add("volume", self.volume, adjust=lambda k: self.step_slider(self.volume, k))
        y += tall
        sounds = self.app.sounds
        note = "" if sounds.enabled else _("No audio device: the game runs silently.")
        self.sound_note = self.label((x, y, cw, px(20)), note, "@dim", self.panel)
        y += row - tall
        row_label(_("Scroll speed"))
        self.scroll = UIHorizontalSlider(
            pygame.Rect(x, y + px(4), cw - px(70), tall - px(8)),
            round(s.scroll_speed * 100),
            (25, 300),
            self.ui,
            container=self.panel,
            click_increment=25,
        )
        self.scroll_label = self.label(
            (x + cw - px(64), y, px(64), tall),
            percent_text(s.scroll_speed * 100),
            None,
            self.panel,
        )
        self.focus.add("scroll", self.scroll, adjust=lambda k: self.step_slider(self.scroll, k))
        y += row
        row_label(_("Colours"))
        self.scenario_colours = self.button(
            (x, y, half, tall),
            # TRANSLATORS: the colours the scenario gives (one of two colour choices)
            _("Scenario's"),
            lambda: self.set_palette(palette.SCENARIO),
            tooltip=_("The factions' own colours, as the scenario gives them."),
            container=self.panel,
        )
        self.safe_colours = self.button(
            (x + half + px(10), y, half, tall),
            _("Colour-blind safe"),
            lambda: self.set_palette(palette.COLOUR_BLIND),
            tooltip=_(
                "Blue against vermilion (Okabe–Ito), told apart in every common form of "
                "colour blindness. Counters also differ by outline and initial either way."
            ),
            container=self.panel,
        )
        safe = s.palette == palette.COLOUR_BLIND
        (self.safe_colours if safe else self.scenario_colours).select()
        self.focus.add_button("palette:scenario", self.scenario_colours)
        self.focus.add_button("palette:safe", self.safe_colours)
        y += row
        row_label(_("First-game hints"))
        seen = bool(s.hints_dismissed) or s.hints_done
        self.hints_button = self.button(
            (x, y, half, tall),
            _("Show them again"),
            self.show_hints_again,
            tooltip=_("The hints of the first turns come back in your next game."),
            enabled=seen,
            container=self.panel,
        )
        # TRANSLATORS: the state of the first-game hints
        state = _("dismissed") if seen else _("shown in your first game")
        self.hints_label = self.label((x + half + px(10), y, half, tall), state, "@dim", self.panel)
        self.focus.add_button("hints", self.hints_button)
        y += row
        bw = (pw - 4 * pad) // 3
        by = ph - bh - px(14)
        self.defaults_button = self.button(
            (pad, by, bw, bh),
            _("Restore defaults"),
            self.restore_defaults,
            object_id="@menu_button",
            container=self.panel,
        )
        self.controls_button = self.button(
            (2 * pad + bw, by, bw, bh),
            # TRANSLATORS: opens the page of keys (rebinding them)
            _("Controls…"),
            self.open_controls,
            tooltip=_("Every key of the map and of the replay, and rebinding them (K)"),
            object_id="@menu_button",
            container=self.panel,
        )
        self.back_button = self.button(
            (3 * pad + 2 * bw, by, bw, bh),
            _("Back"),
            self.app.back,
            object_id="@menu_button",
            container=self.panel,
        )
        self.focus.add_button("defaults", self.defaults_button)
        self.focus.add_button("controls", self.controls_button)
        self.focus.add_button("back", self.back_button)

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

    def step_window_size(self, step: int) -> None:
        s = self.app.settings
        if s.fullscreen:
            return
        sizes = list(WINDOW_SIZES)
        if s.window_size not in sizes:
            sizes = sorted([*sizes, s.window_size])
        size = cycle(sizes, s.window_size, step)
        self.app.defer(lambda: self.set_window_size(size))

    def set_language(self, code: str) -> None:
        """Every screen in `code` at once, and in the next runs too."""
        s = self.app.settings
        if code == i18n.language() or code not in i18n.languages():
            return
        s.update(language=code)
        self.app.apply_settings(language=True)

    def step_language(self, step: int) -> None:
        codes = [c for _name, c in language_options()]
        code = cycle(codes, i18n.language(), step)
        self.app.defer(lambda: self.set_language(code))

    def step_ui_scale(self, step: int) -> None:
        scales = sorted({*UI_SCALES, self.app.settings.ui_scale})
        scale = cycle(scales, self.app.settings.ui_scale, step)
        self.app.defer(lambda: self.set_ui_scale(scale))

    def step_slider(self, slider, step: int) -> None:
        """←/→ on a slider: one click's worth along it, as the mouse would."""
        lo, hi = slider.value_range
        value = min(hi, max(lo, slider.get_current_value() + step * slider.increment))
        slider.set_current_value(value)
        if slider is self.volume:
            self.set_volume(float(value))
        else:
            self.set_scroll(float(value))

    def set_palette(self, name: str) -> None:
        s = self.app.settings
        if s.palette != name:
            s.update(palette=name)
            self.app.apply_settings()
        self.resize(self.app.screen.get_size())

    def show_hints_again(self) -> None:
        s = self.app.settings
        s.update(hints_dismissed=[], hints_done=False)
        s.save()
        self.resize(self.app.screen.get_size())

    def open_controls(self) -> None:
        from game.ui.controls_screen import ControlsScene

        self.app.push(ControlsScene(self.app))

    def set_volume(self, percent: float) -> None:
        self.app.settings.update(volume=round(percent) / 100)
        self.volume_label.set_text(percent_text(percent))
        self.app.settings_changed()
        self.app.play_sound("click")

    def set_scroll(self, percent: float) -> None:
        self.app.settings.update(scroll_speed=round(percent) / 100)
        self.scroll_label.set_text(percent_text(percent))
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
            palette=d.palette,
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
            elif el is self.language_menu:
                self.app.defer(lambda: self.set_language(option))
        elif event.type == pygame_gui.UI_HORIZONTAL_SLIDER_MOVED:
            if el is self.volume:
                self.set_volume(float(event.value))
            elif el is self.scroll:
                self.set_scroll(float(event.value))

    def process_event(self, event) -> None:
        if self.focus.handle(event) or event.type != pygame.KEYDOWN:
            return
        if event.key in (pygame.K_ESCAPE, pygame.K_BACKSPACE):
            self.app.defer(self.app.back)
        elif event.key == pygame.K_k:
            self.app.defer(self.open_controls)

    def draw_over(self, surface) -> None:
        self.focus.draw(surface)

    def draw(self, surface) -> None:
        surface.fill(theme.BG)
        w, h = surface.get_size()
        px = theme.px
        t = text(_("Settings"), 48, theme.ACCENT, True)
        surface.blit(t, t.get_rect(midtop=(w // 2, px(18))))
        s = self.app.settings
        if s.path is not None:
            where = _("Saved in {path}").format(path=s.path)
        else:
            where = _("Not saved (a test or benchmark run)")
        lines = [where] + ([s.shown_note()] if s.note else [])
        y = h - px(14)
        for line in reversed(lines):
            t = text(line, 16, theme.TEXT_DIM if line == where else theme.TEXT_WARN)
            surface.blit(t, t.get_rect(midbottom=(w // 2, y)))
            y -= t.get_height() + px(2)
