"""The crash dialog: shown instead of a traceback when a screen meets an unexpected error.

It says what happened in one line, where the crash report and the autosave were written, and
offers to return to the menu or to quit. The last frame stays behind it, dimmed, so the player
sees where they were. The dialog is kept simple on purpose (a panel, labels, two buttons): if
it fails too, the app goes straight back to the menu.
"""

from __future__ import annotations

import html
from pathlib import Path
from typing import TYPE_CHECKING

import pygame
from pygame_gui.elements import UIPanel, UITextBox

from game.i18n import _
from game.ui import theme
from game.ui.scenes import WidgetScene

if TYPE_CHECKING:
    from game.ui.app import App


class CrashScene(WidgetScene):
    def __init__(
        self,
        app: App,
        error: BaseException,
        report: Path | None,
        autosave: Path | None,
        backdrop: pygame.Surface | None = None,
    ):
        self.error = error
        self.report = report
        self.autosave = autosave
        self.backdrop = backdrop
        super().__init__(app)

    def message(self) -> str:
        e = html.escape

        def mono(path) -> str:
            return f"<font face='mono'>{e(str(path))}</font>"

        unexpected = _("The game met an error it did not expect.")
        lines = [
            f"<b>{e(unexpected)}</b>",
            f"<font color='#f07864'>{e(type(self.error).__name__)}: {e(str(self.error))[:300]}</font>",
            "",
        ]
        if self.report is not None:
            lines.append(e(_("A crash report was written to")) + "<br>" + mono(self.report))
        else:
            lines.append(e(_("The crash report could not be written.")))
        if self.autosave is not None:
            said = e(_("Your game was saved as {file}; Load game in the menu brings it back."))
            lines.append("<br>" + said.replace("{file}", mono(self.autosave)))
        lines.append("<br>" + e(_("Nothing else is lost. Sending the report helps us fix this.")))
        return "<br>".join(lines)

    def build(self, size) -> None:
        w, h = size
        px = theme.px
        pw, ph = min(px(680), w - px(40)), min(px(430), h - px(40))
        rect = pygame.Rect((w - pw) // 2, (h - ph) // 2, pw, ph)
        self.panel = UIPanel(rect, 5, self.ui)
        pad = px(16)
        self.label(
            (pad, px(10), pw - 2 * pad, px(30)), _("Something went wrong"), "@heading", self.panel
        )
        UITextBox(
            self.message(),
            pygame.Rect(pad, px(46), pw - 2 * pad, ph - px(46) - px(72)),
            self.ui,
            container=self.panel,
        )
        bw = (pw - 3 * pad) // 2
        self.menu_button = self.button(
            (pad, ph - px(60), bw, px(44)),
            _("Return to the menu (Enter)"),
            self.app.to_menu,
            object_id="@menu_button",
            container=self.panel,
        )
        self.quit_button = self.button(
            (2 * pad + bw, ph - px(60), bw, px(44)),
            _("Quit (Q)"),
            self.app.quit,
            object_id="@menu_button",
            container=self.panel,
        )

    def process_event(self, event) -> None:
        if event.type == pygame.KEYDOWN and event.key in (
            pygame.K_RETURN,
            pygame.K_KP_ENTER,
            pygame.K_ESCAPE,
        ):
            self.app.defer(self.app.to_menu)
        elif event.type == pygame.KEYDOWN and event.key == pygame.K_q:
            self.app.defer(self.app.quit)

    def draw(self, surface) -> None:
        surface.fill(theme.BG)
        if self.backdrop is not None:
            surface.blit(self.backdrop, (0, 0))
            shade = pygame.Surface(surface.get_size(), pygame.SRCALPHA)
            shade.fill((0, 0, 0, 170))
            surface.blit(shade, (0, 0))
