"""The Controls page: every key of the map screen and of the replay screen, and rebinding them.

Two tabs, one per screen (`keymap.in_force()`: the map's keys, then the replay's), switched with
←/→, Tab or a click; each lists its screen's actions with the keys in force. Choose an action
(↑/↓ or a click), press Enter (or click it again) and then the new key, with Ctrl or Shift if
wanted: the action takes that key. A key another action of the same screen already uses is
refused with a message naming that action, and nothing changes (the map and the replay may give
one key different jobs). Backspace gives the chosen action its default keys again, R every action
of the tab. Every change is written to the settings at once and is what the screens, their help
and the first-game hints show.
"""

from __future__ import annotations

import pygame

from game.i18n import N_, _
from game.ui import keymap, theme
from game.ui.scenes import WidgetScene
from game.ui.widgets import text

ROW_H = 30  # at UI scale 1
TAB_H = 34
# said after R, by the table's name
RESET_DONE = {
    "map": N_("Every key of the map screen is back to its default."),
    "replay": N_("Every key of the replay screen is back to its default."),
}


class ControlsScene(WidgetScene):
    def __init__(self, app) -> None:
        self.tab = 0  # index into keymap.in_force(): 0 the map, 1 the replay
        self.chosen = 0  # index into the tab's actions
        self._chosen_in: dict[int, int] = {}  # the action chosen in each tab, when left
        self.capturing = False  # waiting for the new key of the chosen action
        self.message = ""
        self.message_bad = False
        self.top_row = 0  # scrolled this many lines down
        self.list_rect = pygame.Rect(0, 0, 0, 0)
        self._row_rects: list[tuple[int, pygame.Rect]] = []
        self._tab_rects: list[tuple[int, pygame.Rect]] = []
        super().__init__(app)

    # ------------------------------------------------------------------ layout
    def build(self, size) -> None:
        w, h = size
        px = theme.px
        width = min(px(980), w - px(40))
        left = (w - width) // 2
        top = px(92) + px(TAB_H) + px(8)
        self.list_rect = pygame.Rect(left, top, width, h - top - px(118))
        bw = (width - 3 * px(12)) // 4
        y = h - px(62)
        self.rebind_button = self.button(
            (left, y, bw, px(44)),
            # TRANSLATORS: a button of the Controls page: give the chosen action a new key
            _("Rebind ({key})").format(key=keymap.key_name(pygame.K_RETURN)),
            self.start_capture,
            object_id="@menu_button",
        )
        self.default_button = self.button(
            (left + bw + px(12), y, bw, px(44)),
            _("Default key (⌫)"),
            self.reset_chosen,
            tooltip=_("The chosen action gets its default keys back ({key})").format(
                key=keymap.key_name(pygame.K_BACKSPACE)
            ),
            object_id="@menu_button",
        )
        self.reset_button = self.button(
            (left + 2 * (bw + px(12)), y, bw, px(44)),
            _("Reset all (R)"),
            self.reset_all,
            tooltip=_("Every action of this screen gets its default keys back"),
            object_id="@menu_button",
        )
        self.back_button = self.button(
            (left + 3 * (bw + px(12)), y, bw, px(44)),
            _("Back ({key})").format(key=keymap.key_name(pygame.K_ESCAPE)),
            self.app.back,
            object_id="@menu_button",
        )

    # ----------------------------------------------------------------- actions
    @property
    def keys(self) -> keymap.KeyMap:
        """The shown screen's keys in force (read each time: the settings may renew them)."""
        return keymap.in_force()[self.tab]

    @property
    def action(self) -> keymap.Action:
        return self.keys.actions[self.chosen]

    def choose(self, k: int) -> None:
        self.chosen = max(0, min(len(self.keys.actions) - 1, k))
        self.capturing = False

    def show_tab(self, tab: int) -> None:
        """Switch to another screen's keys, back on the action chosen there before."""
        tab %= len(keymap.in_force())
        if tab == self.tab:
            return
        self._chosen_in[self.tab] = self.chosen
        self.tab = tab
        self.chosen = self._chosen_in.get(tab, 0)
        self.top_row = 0
        self.capturing = False
        self.message, self.message_bad = "", False

    def start_capture(self) -> None:
        self.capturing = True
        self.message = _("Press the new key for “{action}” ({esc}: cancel)").format(
            action=self.keys.describe(self.action.name), esc=keymap.key_name(pygame.K_ESCAPE)
        )
        self.message_bad = False

    def capture(self, event) -> None:
        """The key pressed while capturing: the chosen action's new key, unless it clashes."""
        if event.key in keymap.MODIFIER_KEYS:
            return  # Ctrl or Shift on its own: wait for the key it goes with
        self.capturing = False
        if event.key == pygame.K_ESCAPE:
            self.message, self.message_bad = _("Unchanged."), False
            return
        binding = keymap.Binding.of_event(event)
        problem = self.keys.rebind(self.action.name, binding)
        if problem:
            self.message, self.message_bad = _("Refused: {why}.").format(why=problem), True
            self.app.play_sound("error")
            return
        self._persist()
        # TRANSLATORS: an action and its new key: "end your phase: N"
        self.message = _("{action}: {key}").format(
            action=self.keys.describe(self.action.name), key=binding.label()
        )
        self.message_bad = False

    def reset_chosen(self) -> None:
        keys = self.keys
        keys.reset(self.action.name)
        self._persist()
        self.message = _("{action}: back to {keys}").format(
            action=keys.describe(self.action.name), keys=keys.label(self.action.name)
        )
        self.message_bad = False

    def reset_all(self) -> None:
        keys = self.keys
        keys.reset()
        self._persist()
        self.message, self.message_bad = _(RESET_DONE[keys.table.name]), False

    def _persist(self) -> None:
        """Every screen's rebound keys to the settings file (the map's and the replay's side by
        side, the replay's under `replay.`)."""
        s = self.app.settings
        s.update(keys=keymap.overrides())
        if not s.save():
            self.message, self.message_bad = s.shown_note(), True

    # ------------------------------------------------------------------ events
    def process_event(self, event) -> None:
        t = event.type
        if t == pygame.KEYDOWN:
            if self.capturing:
                self.capture(event)
                return
            key = event.key
            if key in (pygame.K_UP, pygame.K_DOWN):
                self.choose(self.chosen + (1 if key == pygame.K_DOWN else -1))
            elif key in (pygame.K_PAGEUP, pygame.K_PAGEDOWN):
                step = max(1, self.list_rect.h // theme.px(ROW_H) - 2)
                self.choose(self.chosen + (step if key == pygame.K_PAGEDOWN else -step))
            elif key == pygame.K_HOME:
                self.choose(0)
            elif key == pygame.K_END:
                self.choose(len(self.keys.actions) - 1)
            elif key in (pygame.K_LEFT, pygame.K_RIGHT):
                self.show_tab(self.tab + (1 if key == pygame.K_RIGHT else -1))
            elif key == pygame.K_TAB:
                back = getattr(event, "mod", 0) & pygame.KMOD_SHIFT
                self.show_tab(self.tab + (-1 if back else 1))
            elif key in (pygame.K_RETURN, pygame.K_KP_ENTER, pygame.K_SPACE):
                self.start_capture()
            elif key in (pygame.K_BACKSPACE, pygame.K_DELETE):
                self.reset_chosen()
            elif key == pygame.K_r:
                self.reset_all()
            elif key == pygame.K_ESCAPE:
                self.app.defer(self.app.back)
        elif t == pygame.MOUSEBUTTONDOWN and event.button == 1:
            for k, rect in self._tab_rects:
                if rect.collidepoint(event.pos):
                    self.show_tab(k)
                    return
            for k, rect in self._row_rects:
                if rect.collidepoint(event.pos):
                    if k == self.chosen and not self.capturing:
                        self.start_capture()
                    else:
                        self.choose(k)
                    return
        elif t == pygame.MOUSEWHEEL:
            self.top_row = max(0, self.top_row - 3 * int(event.y))

    # -------------------------------------------------------------------- draw
    def _lines(self) -> list[tuple[str, int]]:
        """("group", -1) headings and ("", index) rows, in order."""
        out: list[tuple[str, int]] = []
        group = None
        for k, a in enumerate(self.keys.actions):
            if a.group != group:
                group = a.group
                out.append((group, -1))
            out.append(("", k))
        return out

    def draw(self, surface) -> None:
        surface.fill(theme.BG)
        w, h = surface.get_size()
        px = theme.px
        t = text(_("Controls"), 44, theme.ACCENT, True)
        surface.blit(t, t.get_rect(midtop=(w // 2, px(14))))
        name = keymap.key_name
        sub = _(
            "↑↓: choose · {enter}: rebind · {backspace}: default key · R: reset all · {esc}: back"
        ).format(
            enter=name(pygame.K_RETURN),
            backspace=name(pygame.K_BACKSPACE),
            esc=name(pygame.K_ESCAPE),
        )
        t = text(sub, 17, theme.TEXT_DIM)
        surface.blit(t, t.get_rect(midtop=(w // 2, px(62))))
        self._draw_tabs(surface)
        keys = self.keys
        rect = self.list_rect
        pygame.draw.rect(surface, theme.PANEL_BG, rect, border_radius=6)
        pygame.draw.rect(surface, theme.PANEL_LINE, rect, 1, border_radius=6)
        lines = self._lines()
        row_h = px(ROW_H)
        visible = max(1, (rect.h - px(8)) // row_h)
        at = next(i for i, (_, k) in enumerate(lines) if k == self.chosen)
        if at < self.top_row:
            self.top_row = max(0, at - 1)
        elif at >= self.top_row + visible:
            self.top_row = at - visible + 1
        self.top_row = min(self.top_row, max(0, len(lines) - visible))
        keys_x = rect.x + rect.w * 3 // 5
        clip = surface.get_clip()
        surface.set_clip(rect)
        self._row_rects = []
        y = rect.y + px(4)
        for group, k in lines[self.top_row : self.top_row + visible]:
            row = pygame.Rect(rect.x + px(4), y, rect.w - px(8), row_h)
            if k < 0:
                g = text(_(group), 19, theme.ACCENT, True)
                surface.blit(g, g.get_rect(midleft=(row.x + px(8), row.centery)))
            else:
                a = keys.actions[k]
                if k == self.chosen:
                    colour = (110, 92, 40) if self.capturing else theme.BUTTON_HOVER
                    pygame.draw.rect(surface, colour, row, border_radius=4)
                    pygame.draw.rect(surface, theme.ACCENT, row, 2, border_radius=4)
                self._row_rects.append((k, row))
                desc = _fit(_(a.help), keys_x - row.x - px(30), 17)
                d = text(desc, 17, theme.TEXT)
                surface.blit(d, d.get_rect(midleft=(row.x + px(24), row.centery)))
                label = _("press a key…") if self.capturing and k == self.chosen else None
                label = label or keys.label(a.name)
                rebound = keys.is_rebound(a.name)
                colour = theme.TEXT_GOOD if rebound else theme.TEXT
                kt = text(_fit(label, row.right - keys_x - px(8), 17), 17, colour, True)
                surface.blit(kt, kt.get_rect(midleft=(keys_x, row.centery)))
            y += row_h
        surface.set_clip(clip)
        if self.message:
            colour = theme.TEXT_WARN if self.message_bad else theme.TEXT_GOOD
            m = text(self.message, 19, colour, True)
            surface.blit(m, m.get_rect(midtop=(w // 2, rect.bottom + px(12))))

    def _draw_tabs(self, surface) -> None:
        """One tab per screen above the list, the shown one lit, and how to switch."""
        px = theme.px
        rect = self.list_rect
        y, h = px(92), px(TAB_H)
        x = rect.x
        self._tab_rects = []
        for k, keys in enumerate(keymap.in_force()):
            label = text(_(keys.table.title), 19, theme.TEXT, k == self.tab)
            tab = pygame.Rect(x, y, label.get_width() + px(32), h)
            shown = k == self.tab
            pygame.draw.rect(
                surface, theme.BUTTON_HOVER if shown else theme.PANEL_BG, tab, border_radius=6
            )
            edge = theme.ACCENT if shown else theme.PANEL_LINE
            pygame.draw.rect(surface, edge, tab, 2 if shown else 1, border_radius=6)
            surface.blit(label, label.get_rect(center=tab.center))
            self._tab_rects.append((k, tab))
            x = tab.right + px(8)
        # TRANSLATORS: beside the Controls page's tabs: the keys that show the other tab
        how = _("← → or {tab}: the other screen").format(tab=keymap.key_name(pygame.K_TAB))
        room = rect.right - x - px(8)
        if room > px(80):  # at a large UI scale on a narrow window the tabs say enough
            t = text(_fit(how, room, 17), 17, theme.TEXT_DIM)
            surface.blit(t, t.get_rect(midleft=(x + px(8), y + h // 2)))


def _fit(s: str, width: int, size: int) -> str:
    """`s`, cut with an ellipsis to fit `width` pixels."""
    f = theme.font(size)
    if f.size(s)[0] <= width:
        return s
    while s and f.size(s + "…")[0] > width:
        s = s[:-1]
    return s + "…"
