"""Scenarios and mods: what is in `scenarios/`, `mods/` and the player's mods folder, each with
its validation state, and the chosen one's messages exactly as `validate` prints them.

Validation takes a moment (every entry is loaded with its patches applied), so the screen draws
first and checks on the next frame. An entry with errors lists each of them with its file, line
and column, the offending line quoted and a caret under the column; it cannot be played, and
choosing it never crashes the game. A valid one can be made the scenario the menu starts.
"""

from __future__ import annotations

import functools
import html
import sys
from pathlib import Path

import pygame
from pygame_gui.elements import UIPanel, UIScrollingContainer, UITextBox

from game import i18n
from game.i18n import N_, _, ngettext
from game.ui import theme
from game.ui.scenes import WidgetScene
from game.ui.widgets import text

KIND_NAMES = {  # translated where shown
    "scenario": N_("scenario"),
    "mod-scenario": N_("scenario mod"),
    "patch": N_("patch"),
}
MAX_SHOWN = 60  # diagnostics listed for one entry; the rest are counted
QUOTE_WIDTH = 90  # characters of a quoted line shown, so the caret line stays under it


def kind_name(entry) -> str:
    return _(KIND_NAMES[entry.kind]) if entry.kind in KIND_NAMES else entry.kind


def state_text(entry) -> str:
    if not entry.ok or entry.errors:
        n = entry.errors
        # TRANSLATORS: the state of a scenario or mod that cannot be read at all
        return ngettext("{n} error", "{n} errors", n).format(n=n) if n else _("invalid")
    if entry.warnings:
        n = entry.warnings
        return ngettext("OK, {n} warning", "OK, {n} warnings", n).format(n=n)
    # TRANSLATORS: the state of a scenario or mod that has no problem
    return _("OK")


def as_written(message: str) -> str:
    """A validation message or an id: for modders, as written by design (`python main.py
    validate` prints the same). The pseudo-language marks it as deliberate, so the
    untranslated-text test passes over it."""
    return i18n.pseudo(message) if i18n.language() == i18n.PSEUDO else message


def entry_title(entry) -> str:
    """The entry's title in the language in use: a scenario's from its translation file when
    there is one (a patch's title is the mod's own: translations have no place for it)."""
    lang = i18n.language()
    if lang == i18n.PSEUDO:
        return i18n.pseudo(entry.title)
    if lang == i18n.DEFAULT or entry.kind == "patch":
        return entry.title
    return _translated_title(entry.path, lang) or entry.title


@functools.lru_cache(maxsize=64)  # by language too: a language change finds the other titles
def _translated_title(path: str, language: str) -> str:
    from game.scenario.translation import translation_file
    from game.scenario.yamlsafe import load_bytes

    file = translation_file(path, language)
    try:
        loaded = load_bytes(file.read_bytes(), str(file))
    except OSError:
        return ""
    data = loaded.data if not loaded.fatal else None
    meta = data.get("meta") if isinstance(data, dict) else None
    title = meta.get("title") if isinstance(meta, dict) else None
    return title if isinstance(title, str) else ""


def diagnostics_html(entry) -> str:
    """Each message with its location, the quoted line and a caret, escaped for the text box."""
    from game.scenario.validate import SourceLines, describe, quote

    e = html.escape
    lines = SourceLines()
    out = []
    shown = sorted(entry.diagnostics, key=lambda d: d.sort_key())
    for d in shown[:MAX_SHOWN]:
        colour = "#f07864" if d.is_error else "#ecc45a"
        # TRANSLATORS: before a validation message (which stays in English)
        label = _("error") if d.is_error else _("warning")
        out.append(f"<font color='{colour}'><b>{e(label)}</b></font> {e(as_written(describe(d)))}")
        for q in quote(d, lines):
            if len(q) > QUOTE_WIDTH and d.col < QUOTE_WIDTH - 20:
                q = q[:QUOTE_WIDTH] + " …"
            q = as_written(q)
            out.append(f"<font face='mono' size=3>{e(q).replace(' ', '&nbsp;')}</font>")
    if len(shown) > MAX_SHOWN:
        more = len(shown) - MAX_SHOWN
        out.append(
            e(
                ngettext(
                    "… and {n} more (run `python main.py validate`)",
                    "… and {n} more (run `python main.py validate`)",
                    more,
                ).format(n=more)
            )
        )
    return "<br>".join(out)


class ModsScene(WidgetScene):
    def __init__(self, app):
        self.entries: list | None = None  # None: not checked yet
        self.error = ""
        self.chosen: int | None = None
        self.problem = ""
        self._frames = 0
        super().__init__(app)

    # ------------------------------------------------------------------ layout
    def build(self, size) -> None:
        w, h = size
        px = theme.px
        top, bottom = px(96), h - px(80)
        list_w = min(px(560), (w - px(60)) // 2)
        detail_w = min(px(720), w - list_w - px(60))
        left = max(px(20), (w - list_w - px(20) - detail_w) // 2)
        self.list_panel = UIPanel(pygame.Rect(left, top, list_w, bottom - top), 1, self.ui)
        self.scroller = UIScrollingContainer(
            pygame.Rect(px(4), px(4), list_w - px(10), bottom - top - px(8)),
            self.ui,
            container=self.list_panel,
            allow_scroll_x=False,
        )
        row_h = px(52)
        self.row_buttons = []
        for i, entry in enumerate(self.entries or []):
            line = f"{entry_title(entry)}   ·   {state_text(entry)}"
            tip = self.entry_tip(entry)
            bad = not entry.ok or entry.errors
            b = self.button(
                (0, i * (row_h + px(6)), list_w - px(30), row_h),
                line,
                lambda k=i: self.choose(k),
                tooltip=tip,
                object_id="@bad_row" if bad else "@row",
                container=self.scroller,
            )
            self.row_buttons.append(b)
        n = len(self.entries or [])
        self.scroller.set_scrollable_area_dimensions((list_w - px(30), max(1, n * (row_h + px(6)))))
        x = left + list_w + px(20)
        self.details = UITextBox(
            self.details_html(), pygame.Rect(x, top, detail_w, bottom - top - px(60)), self.ui
        )
        self.play_button = self.button(
            (x, bottom - px(48), detail_w, px(48)),
            _("Play this scenario"),
            self.play_chosen,
            object_id="@menu_button",
            enabled=self.can_play(),
        )
        self.back_button = self.button(
            ((w - px(240)) // 2, h - px(64), px(240), px(44)),
            _("Back"),
            self.app.back,
            object_id="@menu_button",
        )
        self._sync()

    def _sync(self) -> None:
        for i, b in enumerate(self.row_buttons):
            b.select() if i == self.chosen else b.unselect()
        if self.can_play():
            self.play_button.enable()
        else:
            self.play_button.disable()

    # ----------------------------------------------------------------- content
    def update(self, dt: float) -> None:
        self._frames += 1
        if self.entries is None and self._frames >= 2:
            from game.scenario.mods import list_content

            try:
                self.entries = list_content(validate=True)
            except Exception as exc:  # listing reads the player's files: report, never crash
                self.entries = []
                self.error = _("The mods could not be listed: {error}").format(
                    error=f"{type(exc).__name__}: {exc}"
                )
            current = self.current_index()
            self.chosen = current if current is not None else (0 if self.entries else None)
            self.resize(self.app.screen.get_size())

    def current_index(self) -> int | None:
        """The entry the menu plays now, if it is one of the list."""
        for i, entry in enumerate(self.entries or []):
            if self.app.mods:
                if entry.kind == "patch" and str(Path(entry.path).parent) in self.app.mods:
                    return i
            elif entry.kind != "patch" and Path(entry.path) == Path(self.app.scenario_path):
                return i
        return None

    def can_play(self) -> bool:
        if self.entries is None or self.chosen is None or self.problem:
            return False
        entry = self.entries[self.chosen]
        return entry.ok and not entry.errors

    def choose(self, k: int) -> None:
        if self.entries is None or not 0 <= k < len(self.entries):
            return
        self.chosen, self.problem = k, ""
        self.details.set_text(self.details_html())
        self._sync()

    @staticmethod
    def entry_tip(entry) -> str:
        """What the entry is and where: "patch of 1921 · your mods folder: …/mod.yaml"."""
        kind = kind_name(entry)
        if entry.extends:
            # TRANSLATORS: "patch of 1921": a mod and the scenario (its id) it changes
            kind = _("{kind} of {scenario}").format(kind=kind, scenario=entry.extends)
        if entry.where == "user":
            kind = _("{kind} · your mods folder").format(kind=kind)
        return f"{kind}: {entry.path}"

    def details_html(self) -> str:
        e = html.escape
        if self.error:
            return f"<font color='#f07864'>{e(self.error)}</font>"
        if self.entries is None:
            return e(_("Checking the scenarios and mods…"))
        if not self.entries:
            return e(_("No scenarios or mods found."))
        if self.chosen is None:
            return e(_("Choose an entry on the left."))
        entry = self.entries[self.chosen]
        from game.scenario.mods import user_mods_dir

        kind = kind_name(entry)
        out = [f"<b>{e(entry_title(entry))}</b>", ""]
        out.append(
            f"{e(kind[:1].upper() + kind[1:])} <font face='mono' size=3>{e(as_written(entry.id))}</font>"
        )
        if entry.extends:
            out.append(e(_("Changes scenario {scenario}").format(scenario=entry.extends)))
        if entry.where == "user":
            where = _("In your mods folder:")
        else:
            where = _("In the game's folder:")
        out.append(f"{e(where)} <font face='mono' size=3>{e(entry.path)}</font>")
        current = self.current_index() == self.chosen
        state = state_text(entry)
        if current:
            # TRANSLATORS: after the state of the scenario the menu starts now ("OK · playing now")
            state = _("{state} · playing now").format(state=state)
        colour = "#f07864" if (not entry.ok or entry.errors) else "#8cdc8c"
        out += ["", f"<font color='{colour}'><b>{e(state)}</b></font>"]
        if self.problem:
            out += [f"<font color='#f07864'>{e(self.problem)}</font>"]
        if entry.diagnostics:
            out += ["", diagnostics_html(entry)]
        where = f"<font face='mono'>{e(str(user_mods_dir()))}</font>"
        out += [
            "",
            "<font size=3>{}</font>".format(
                e(_("Your own mods go in {folder}; docs/MODDING.md explains the format.")).replace(
                    "{folder}", where
                )
            ),
        ]
        return "<br>".join(out)

    def play_chosen(self) -> None:
        """Make the chosen entry the scenario the menu starts."""
        if not self.can_play():
            return
        from game.engine.world import build_world
        from game.scenario.mods import check_with_mods

        entry = self.entries[self.chosen]
        if entry.kind == "patch":
            mods = [str(Path(entry.path).parent)]
            loaded = check_with_mods(None, mods)
        else:
            mods = []
            loaded = check_with_mods(entry.path)
        if loaded.scenario is None or loaded.errors:  # changed on disk since it was listed
            entry.diagnostics = loaded.diagnostics
            self.problem = _("It no longer loads (the files changed since they were listed).")
            self.details.set_text(self.details_html())
            self._sync()
            return
        try:
            world = build_world(loaded.scenario)
        except Exception as exc:  # a valid file the engine still cannot compile: say so
            self.problem = _("The scenario cannot be compiled: {error}").format(
                error=f"{type(exc).__name__}: {exc}"
            )
            self.details.set_text(self.details_html())
            self._sync()
            return
        from game.cli import localize

        for d in localize(world, loaded.files):  # its texts in the language in use
            print(d.format(), file=sys.stderr)
        path = entry.path if entry.kind != "patch" else (loaded.files[0] if loaded.files else None)
        self.app.set_content(world, path, mods)
        self.app.to_menu()

    # ------------------------------------------------------------------ events
    def process_event(self, event) -> None:
        if event.type != pygame.KEYDOWN:
            return
        if event.key in (pygame.K_ESCAPE, pygame.K_BACKSPACE):
            self.app.defer(self.app.back)
        elif event.key in (pygame.K_RETURN, pygame.K_KP_ENTER):
            self.app.defer(self.play_chosen)
        elif event.key in (pygame.K_UP, pygame.K_DOWN) and self.entries:
            step = 1 if event.key == pygame.K_DOWN else -1
            k = 0 if self.chosen is None else self.chosen + step
            self.choose(max(0, min(len(self.entries) - 1, k)))

    def draw(self, surface) -> None:
        surface.fill(theme.BG)
        w = surface.get_width()
        px = theme.px
        t = text(_("Scenarios and mods"), 48, theme.ACCENT, True)
        surface.blit(t, t.get_rect(midtop=(w // 2, px(20))))
