"""What the map screen lays over the map: the keyboard help (F1), the hot-seat hand-over, the
question before leaving to the menu, and the errors of a hot reload that failed.

An overlay is modal: while one is open the map gets no input. `hides_map` overlays (the hand-over)
are drawn instead of the map, so nothing of one side's view reaches the other player's eyes.
Drawn by hand (a table of keys, a full-screen card) except the reload errors, a scrolling
pygame_gui text box, because a broken file can produce many long located messages.
"""

from __future__ import annotations

import html

import pygame

from game.i18n import _, ngettext
from game.ui import keymap, theme
from game.ui.widgets import text, wrap


class Overlay:
    hides_map = False

    def __init__(self) -> None:
        self.closed = False

    def process_event(self, event: pygame.event.Event) -> None:
        pass

    def on_ui(self, event: pygame.event.Event) -> None:
        pass

    def update(self, dt: float) -> None:
        pass

    def draw(self, surface: pygame.Surface) -> None:
        pass

    def resize(self, size: tuple[int, int]) -> None:
        pass

    def close(self) -> None:
        self.closed = True


def _card(surface, rect: pygame.Rect, alpha: int = 240) -> None:
    over = pygame.Surface(rect.size, pygame.SRCALPHA)
    over.fill((*theme.PANEL_BG, alpha))
    surface.blit(over, rect)
    pygame.draw.rect(surface, theme.PANEL_LINE, rect, 2, border_radius=6)


def _dim(surface, alpha: int = 150) -> None:
    shade = pygame.Surface(surface.get_size(), pygame.SRCALPHA)
    shade.fill((10, 12, 16, alpha))
    surface.blit(shade, (0, 0))


# ------------------------------------------------------------------------------ help
class HelpOverlay(Overlay):
    """Every shortcut with the keys in force (`keymap.current`: rebound keys included), and the
    mouse; any key or click closes it."""

    def process_event(self, event) -> None:
        if event.type == pygame.KEYDOWN or (
            event.type == pygame.MOUSEBUTTONUP and event.button in (1, 3)
        ):
            self.close()

    def draw(self, surface) -> None:
        _dim(surface)
        w, h = surface.get_size()
        px = theme.px
        rect = pygame.Rect(0, 0, min(px(1180), w - 40), min(px(780), h - 40))
        rect.center = (w // 2, h // 2)
        _card(surface, rect)
        x0, y = rect.x + px(24), rect.y + px(18)
        surface.blit(text(_("Keyboard and mouse"), 30, theme.ACCENT, True), (x0, y))
        hint = text(_("any key or click closes this help"), 18, theme.TEXT_DIM)
        surface.blit(hint, hint.get_rect(topright=(rect.right - px(24), y + px(8))))
        y += px(44)
        gap = px(24)
        key_w = px(150)
        sections = keymap.help_rows() + [keymap.mouse_rows()]
        size = 17
        while True:  # two columns, or three when they would run off the card
            line = theme.font(size).get_height() + 1
            for ncols in (2, 3):
                col_w = (rect.width - 2 * px(24) - (ncols - 1) * gap) // ncols
                placed = _columns(sections, col_w, key_w, size, line, rect.bottom - y - px(12))
                if placed is not None:
                    break
            if placed is not None or size <= 11:
                break
            size -= 1
        placed = placed or []
        for col, top, rows in placed:
            x = x0 + col * (col_w + gap)
            yy = y + top
            for kind, a, b in rows:
                if kind == "group":
                    surface.blit(text(a, size + 5, theme.TEXT, True), (x, yy))
                    yy += line + px(8)
                    continue
                for i, ln in enumerate(a):
                    surface.blit(text(ln, size, theme.ACCENT, True), (x, yy + line * i))
                for i, ln in enumerate(b):
                    surface.blit(text(ln, size, theme.TEXT), (x + key_w, yy + line * i))
                yy += line * max(len(a), len(b)) + px(2)


def _wrap_bold(s: str, width: int, size: int) -> list[str]:
    """`wrap` for text drawn in bold (`wrap` measures the regular face, which runs narrower)."""
    regular, bold = theme.font(size).size(s)[0], theme.font(size, True).size(s)[0]
    return wrap(s, int(width * regular / max(1, bold)), size)


def _columns(sections, col_w: int, key_w: int, size: int, line: int, height: int):
    """Lay the help's sections into as many columns as `height` needs: [(column, y offset,
    rows)], None when three columns are not enough. A section is never split."""
    out = []
    col, y = 0, 0
    for group, rows in sections:
        laid = [("group", group, None)]
        need = line + theme.px(8)
        for keys, desc in rows:
            key_lines = _wrap_bold(keys, key_w - theme.px(8), size)
            lines = wrap(desc, col_w - key_w, size)
            laid.append(("row", key_lines, lines))
            need += line * max(len(lines), len(key_lines)) + theme.px(2)
        if y + need > height and y > 0:
            col, y = col + 1, 0
        if col >= 3 or need > height:
            return None
        out.append((col, y, laid))
        y += need + theme.px(10)
    return out


# ------------------------------------------------------------------------- hand-over
class HandOverOverlay(Overlay):
    """Hot-seat: an opaque card between two players' phases; nothing of the map shows."""

    hides_map = True

    def __init__(self, side_name: str, colour, date: str, turn: int, note: str = ""):
        super().__init__()
        self.side_name = side_name
        self.colour = colour
        self.date = date
        self.turn = turn
        self.note = note
        self._armed = False  # ignore the release of the click or key that ended the last phase

    def process_event(self, event) -> None:
        if event.type in (pygame.KEYDOWN, pygame.MOUSEBUTTONDOWN):
            self._armed = True
        elif event.type in (pygame.KEYUP, pygame.MOUSEBUTTONUP) and self._armed:
            self.close()

    def draw(self, surface) -> None:
        surface.fill(theme.BG)
        w, h = surface.get_size()
        cx = w // 2
        y = h // 2 - 130
        pygame.draw.rect(surface, self.colour, (cx - 40, y, 80, 54), border_radius=4)
        pygame.draw.rect(surface, (10, 10, 10), (cx - 40, y, 80, 54), 2, border_radius=4)
        y += 74
        for s, size, colour, bold in (
            (self.side_name, 44, theme.ACCENT, True),
            (
                _("{date} · turn {turn}").format(date=self.date, turn=self.turn),
                26,
                theme.TEXT,
                False,
            ),
            (_("Pass the keyboard and mouse to this side's player."), 22, theme.TEXT_DIM, False),
            (_("Press any key or click when you are ready."), 22, theme.TEXT_DIM, False),
        ):
            t = text(s, size, colour, bold)
            surface.blit(t, t.get_rect(midtop=(cx, y)))
            y += t.get_height() + 10
        if self.note:
            for ln in wrap(self.note, min(760, w - 80), 20):
                t = text(ln, 20, theme.TEXT)
                surface.blit(t, t.get_rect(midtop=(cx, y + 10)))
                y += 22


# ------------------------------------------------------------------------ leave game
class ConfirmLeave(Overlay):
    """Esc with nothing to close: leave to the menu only when asked twice."""

    def __init__(self, on_leave, on_save):
        super().__init__()
        self.on_leave = on_leave
        self.on_save = on_save

    def process_event(self, event) -> None:
        if event.type != pygame.KEYDOWN:
            return
        if event.key in (pygame.K_RETURN, pygame.K_KP_ENTER, pygame.K_y, pygame.K_q):
            self.close()
            self.on_leave()
        elif event.key in (pygame.K_F6, pygame.K_s):
            self.close()
            self.on_save()
        elif event.key in (pygame.K_ESCAPE, pygame.K_n):
            self.close()

    def draw(self, surface) -> None:
        _dim(surface, 120)
        w, h = surface.get_size()
        name = keymap.key_name
        lines = [
            (_("Leave this game for the menu?"), 28, theme.ACCENT, True),
            (_("Moves since the last save or autosave are lost."), 20, theme.TEXT, False),
            (
                _("{enter}: leave · S: save first · {esc}: keep playing").format(
                    enter=name(pygame.K_RETURN), esc=name(pygame.K_ESCAPE)
                ),
                20,
                theme.TEXT_DIM,
                False,
            ),
        ]
        pics = [text(s, size, colour, bold) for s, size, colour, bold in lines]
        width = max(560, max(t.get_width() for t in pics) + 40)  # a longer language widens it
        rect = pygame.Rect(0, 0, min(width, w - 20), 170)
        rect.center = (w // 2, h // 2)
        _card(surface, rect)
        y = rect.y + 20
        for t in pics:
            surface.blit(t, t.get_rect(midtop=(rect.centerx, y)))
            y += t.get_height() + 14


# ------------------------------------------------------------------------- reload errors
class ReloadErrors(Overlay):
    """Why F5 could not reload: every diagnostic as `file:line:col: message`, the old game on."""

    def __init__(self, manager, size, diagnostics, retry):
        super().__init__()
        self.manager = manager
        shown = [d for d in diagnostics if d.is_error] or list(diagnostics)
        self.lines = [d.format() for d in shown]
        self.body = _diagnostics_html(shown)
        self.warnings = sum(1 for d in diagnostics if not d.is_error)
        self.retry = retry
        self.panel = None
        self.build(size)

    def build(self, size) -> None:
        from pygame_gui.elements import UIButton, UILabel, UIPanel, UITextBox

        if self.panel is not None:
            self.panel.kill()
        w, h = size
        rect = pygame.Rect(0, 0, min(1000, w - 60), min(560, h - 80))
        rect.center = (w // 2, h // 2)
        self.panel = UIPanel(rect, manager=self.manager, starting_height=5)
        n = len(self.lines)
        title = ngettext(
            "The scenario could not be reloaded: {n} error",
            "The scenario could not be reloaded: {n} errors",
            n,
        ).format(n=n)
        UILabel(
            pygame.Rect(16, 8, rect.width - 32, 36),
            title,
            self.manager,
            container=self.panel,
            object_id="@heading",
        )
        self.box = UITextBox(
            self.body,
            pygame.Rect(16, 50, rect.width - 32, rect.height - 120),
            self.manager,
            container=self.panel,
        )
        note = _("The game in progress goes on unchanged. Fix the file and press F5 again.")
        UILabel(
            pygame.Rect(16, rect.height - 64, rect.width - 330, 28),
            note,
            self.manager,
            container=self.panel,
            object_id="@dim",
        )
        self.retry_button = UIButton(
            pygame.Rect(rect.width - 310, rect.height - 62, 140, 40),
            _("Retry (F5)"),
            self.manager,
            container=self.panel,
            command=self._retry,
        )
        self.close_button = UIButton(
            pygame.Rect(rect.width - 160, rect.height - 62, 144, 40),
            _("Close ({key})").format(key=keymap.key_name(pygame.K_ESCAPE)),
            self.manager,
            container=self.panel,
            command=self.close,
        )

    def _retry(self) -> None:
        self.close()
        self.retry()

    def process_event(self, event) -> None:
        if event.type == pygame.KEYDOWN:
            if event.key in (pygame.K_ESCAPE, pygame.K_RETURN, pygame.K_KP_ENTER):
                self.close()
            elif event.key == pygame.K_F5:
                self._retry()

    def resize(self, size) -> None:
        self.build(size)

    def draw(self, surface) -> None:
        _dim(surface, 110)

    def close(self) -> None:
        if self.panel is not None:
            self.panel.kill()
            self.panel = None
        super().close()


MAX_SHOWN = 100  # diagnostics in the box; a summary line says how many more there are


def _diagnostics_html(diagnostics) -> str:
    """Each message, then the offending line of its file with a caret under the column (as
    `validate` prints them), for a pygame_gui text box."""
    from game.scenario.validate import SourceLines, quote

    lines = SourceLines()
    out = []
    for d in diagnostics[:MAX_SHOWN]:
        out.append(f"<font color='#f0a08c'>{html.escape(d.format())}</font>")
        for i, q in enumerate(quote(d, lines)):
            q = html.escape(q).replace(" ", "&nbsp;")
            colour = "#ecc45a" if i == 1 else "#a0a6b4"
            out.append(f"<font face='mono' color='{colour}'>{q}</font>")
    if len(diagnostics) > MAX_SHOWN:
        more = len(diagnostics) - MAX_SHOWN
        out.append(
            html.escape(
                ngettext(
                    "… and {n} more (`python main.py validate` lists all)",
                    "… and {n} more (`python main.py validate` lists all)",
                    more,
                ).format(n=more)
            )
        )
    return "<br>".join(out)
