"""The Controls page: every key of the map screen, and rebinding them.

The list is `keymap.ACTIONS` with the keys in force. Choose an action (↑/↓ or a click), press
Enter (or click it again) and then the new key, with Ctrl or Shift if wanted: the action takes that
key. A key another action already uses is refused with a message naming that action, and nothing
changes. Backspace gives the chosen action its default keys again, R all of them. Every change is
written to the settings at once and is what the map, its F1 help and the first-game hints show.
"""

from __future__ import annotations

import pygame

from game.i18n import _
from game.ui import keymap, theme
from game.ui.scenes import WidgetScene
from game.ui.widgets import text

ROW_H = 30  # at UI scale 1


class ControlsScene(WidgetScene):
    def __init__(self, app) -> None:
        self.chosen = 0  # index into keymap.ACTIONS
        self.capturing = False  # waiting for the new key of the chosen action
        self.message = ""
        self.message_bad = False
        self.top_row = 0  # scrolled this many lines down
        self.list_rect = pygame.Rect(0, 0, 0, 0)
        self._row_rects: list[tuple[int, pygame.Rect]] = []
        super().__init__(app)

    # ------------------------------------------------------------------ layout
    def build(self, size) -> None:
        w, h = size
        px = theme.px
        width = min(px(980), w - px(40))
        left = (w - width) // 2
        self.list_rect = pygame.Rect(left, px(86), width, h - px(86) - px(118))
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
            tooltip=_("Every action gets its default keys back"),
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
    def action(self) -> keymap.Action:
        return keymap.ACTIONS[self.chosen]

    def choose(self, k: int) -> None:
        self.chosen = max(0, min(len(keymap.ACTIONS) - 1, k))
        self.capturing = False

    def start_capture(self) -> None:
        self.capturing = True
        self.message = _("Press the new key for “{action}” ({esc}: cancel)").format(
            action=keymap.describe(self.action.name), esc=keymap.key_name(pygame.K_ESCAPE)
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
        problem = keymap.current.rebind(self.action.name, binding)
        if problem:
            self.message, self.message_bad = _("Refused: {why}.").format(why=problem), True
            self.app.play_sound("error")
            return
        self._persist()
        # TRANSLATORS: an action and its new key: "end your phase: N"
        self.message = _("{action}: {key}").format(
            action=keymap.describe(self.action.name), key=binding.label()
        )
        self.message_bad = False

    def reset_chosen(self) -> None:
        keymap.current.reset(self.action.name)
        self._persist()
        self.message = _("{action}: back to {keys}").format(
            action=keymap.describe(self.action.name), keys=keymap.current.label(self.action.name)
        )
        self.message_bad = False

    def reset_all(self) -> None:
        keymap.current.reset()
        self._persist()
        self.message, self.message_bad = _("Every key is back to its default."), False

    def _persist(self) -> None:
        s = self.app.settings
        s.update(keys=keymap.current.overrides())
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
                self.choose(len(keymap.ACTIONS) - 1)
            elif key in (pygame.K_RETURN, pygame.K_KP_ENTER, pygame.K_SPACE):
                self.start_capture()
            elif key in (pygame.K_BACKSPACE, pygame.K_DELETE):
                self.reset_chosen()
            elif key == pygame.K_r:
                self.reset_all()
            elif key == pygame.K_ESCAPE:
                self.app.defer(self.app.back)
        elif t == pygame.MOUSEBUTTONDOWN and event.button == 1:
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
        for k, a in enumerate(keymap.ACTIONS):
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
                a = keymap.ACTIONS[k]
                if k == self.chosen:
                    colour = (110, 92, 40) if self.capturing else theme.BUTTON_HOVER
                    pygame.draw.rect(surface, colour, row, border_radius=4)
                    pygame.draw.rect(surface, theme.ACCENT, row, 2, border_radius=4)
                self._row_rects.append((k, row))
                desc = _fit(_(a.help), keys_x - row.x - px(30), 17)
                d = text(desc, 17, theme.TEXT)
                surface.blit(d, d.get_rect(midleft=(row.x + px(24), row.centery)))
                label = _("press a key…") if self.capturing and k == self.chosen else None
                label = label or keymap.current.label(a.name)
                rebound = a.name in keymap.current.overrides()
                colour = theme.TEXT_GOOD if rebound else theme.TEXT
                kt = text(_fit(label, row.right - keys_x - px(8), 17), 17, colour, True)
                surface.blit(kt, kt.get_rect(midleft=(keys_x, row.centery)))
            y += row_h
        surface.set_clip(clip)
        if self.message:
            colour = theme.TEXT_WARN if self.message_bad else theme.TEXT_GOOD
            m = text(self.message, 19, colour, True)
            surface.blit(m, m.get_rect(midtop=(w // 2, rect.bottom + px(12))))


def _fit(s: str, width: int, size: int) -> str:
    """`s`, cut with an ellipsis to fit `width` pixels."""
    f = theme.font(size)
    if f.size(s)[0] <= width:
        return s
    while s and f.size(s + "…")[0] > width:
        s = s[:-1]
    return s + "…"
