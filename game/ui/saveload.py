"""Saving and loading from inside a game: a slot name to type (Ctrl+S / F6) and a list of the
named saves and autosaves to pick from (Ctrl+L / F9), as pygame_gui dialogs over the map.

pygame_gui gives the text entry (cursor, selection, clipboard) and the scrolling list for free;
the dialogs exist only while open, so the map's frames pay nothing for them. The files and their
folder are `game/userdata.py`'s business, what a save holds is `game/saves.py`'s.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pygame
import pygame_gui
from pygame_gui.elements import (
    UIButton,
    UILabel,
    UIPanel,
    UISelectionList,
    UITextBox,
    UITextEntryLine,
)

from game import userdata
from game.i18n import N_, _, format_date
from game.ui.keymap import key_name
from game.ui.overlays import Overlay, _dim

DIALOG_W, SAVE_H, LOAD_H = 620, 250, 520
BUTTON_W = 184  # room for "Sauvegarder (Entrée)"


def default_slot_name(session) -> str:
    st, world = session.state, session.world
    side = world.scenario.sides[world.side_ids[st.side]].name
    date = format_date(st.date(world), "short")
    # TRANSLATORS: the name a save is offered under: "Red Army and allies, turn 3 (7 May)"
    return _("{side}, turn {turn} ({date})").format(side=side, turn=st.turn, date=date)


def _esc() -> str:
    return key_name(pygame.K_ESCAPE)


def _enter() -> str:
    return key_name(pygame.K_RETURN)


class SaveDialog(Overlay):
    """A name for the slot; Enter or Save writes it, Esc cancels. A slot of that name is replaced."""

    def __init__(self, manager, size, session, on_saved: Callable[[Path], None] | None = None):
        super().__init__()
        self.manager = manager
        self.session = session
        self.on_saved = on_saved
        self.panel: UIPanel | None = None
        self.message = ""
        self.build(size, default_slot_name(session))

    def build(self, size, name: str) -> None:
        if self.panel is not None:
            self.panel.kill()
        rect = pygame.Rect(0, 0, DIALOG_W, SAVE_H)
        rect.center = (size[0] // 2, size[1] // 2)
        m = self.manager
        self.panel = UIPanel(rect, starting_height=5, manager=m)
        UILabel(
            pygame.Rect(16, 8, rect.width - 32, 36),
            _("Save the game"),
            m,
            container=self.panel,
            object_id="@heading",
        )
        self.entry = UITextEntryLine(
            pygame.Rect(16, 56, rect.width - 32, 38), m, container=self.panel
        )
        self.entry.set_text(name)
        self.entry.focus()
        # TRANSLATORS: under the name of a save: the folder it goes to
        where = _("in {folder}").format(folder=userdata.saves_dir())
        self.where = UILabel(
            pygame.Rect(16, 100, rect.width - 32, 26),
            where,
            m,
            container=self.panel,
            object_id="@dim",
        )
        self.status = UILabel(
            pygame.Rect(16, 130, rect.width - 32, 26),
            _("A save with the same name is replaced."),
            m,
            container=self.panel,
        )
        UIButton(
            pygame.Rect(rect.width - 2 * BUTTON_W - 24, rect.height - 62, BUTTON_W, 42),
            _("Save ({key})").format(key=_enter()),
            m,
            container=self.panel,
            command=self.save,
        )
        UIButton(
            pygame.Rect(rect.width - BUTTON_W - 16, rect.height - 62, BUTTON_W, 42),
            _("Cancel ({key})").format(key=_esc()),
            m,
            container=self.panel,
            command=self.close,
        )

    @property
    def name(self) -> str:
        return self.entry.get_text().strip()

    def save(self) -> None:
        name = self.name
        if not name:
            self.status.set_text(_("Type a name for the save first."))
            return
        try:
            path = self.session.save(name)
        except OSError as exc:  # a full disk or a read-only folder: say so, keep the dialog
            self.status.set_text(_("Could not save: {why}").format(why=exc.strerror or exc))
            return
        self.close()
        if self.on_saved is not None:
            self.on_saved(path)

    def on_ui(self, event) -> None:
        if event.type == pygame_gui.UI_TEXT_ENTRY_FINISHED and event.ui_element is self.entry:
            self.save()

    def process_event(self, event) -> None:
        if event.type == pygame.KEYDOWN:
            if event.key == pygame.K_ESCAPE:
                self.close()
            elif event.key in (pygame.K_RETURN, pygame.K_KP_ENTER):
                self.save()

    def resize(self, size) -> None:
        self.build(size, self.entry.get_text())

    def draw(self, surface) -> None:
        _dim(surface, 110)

    def close(self) -> None:
        if self.panel is not None:
            self.panel.kill()
            self.panel = None
        super().close()


class LoadDialog(Overlay):
    """The saves, newest first, then the autosaves; a damaged file shows why it cannot be loaded."""

    include_replays = False  # the replay screen's list also offers the replays of finished games
    title = N_("Load a game")  # marked here, translated when the dialog is built
    action = N_("Load ({key})")  # the button that loads the chosen entry

    def __init__(self, manager, size, world, on_load: Callable[[Path], str]):
        """`on_load(path)` loads the game and returns "" or the reason it could not."""
        super().__init__()
        self.manager = manager
        self.world = world
        self.on_load = on_load
        self.panel: UIPanel | None = None
        self.entries = userdata.list_saves(world=world, include_replays=self.include_replays)
        self.build(size)

    def _label(self, e: userdata.SaveEntry) -> str:
        """`name — turn 3 · 7 May 1921 · saved 12 Jun 14:02`, or why it cannot be loaded."""
        if e.autosave and not e.error:
            # TRANSLATORS: how the load list names an autosave
            name = _("[auto] Autosave, turn {turn}").format(turn=e.turn)
        else:
            name = _("[auto] {name}").format(name=e.name) if e.autosave else e.name
        if e.error:
            return _("{name} — cannot be loaded: {why}").format(name=name, why=e.error)
        saved = _("saved {date} {time}").format(
            date=format_date(e.modified.date(), "short"), time=f"{e.modified:%H:%M}"
        )
        parts = [_("turn {turn}").format(turn=e.turn)]
        if e.date:
            try:
                parts.append(format_date(dt.date.fromisoformat(e.date), "medium"))
            except ValueError:
                parts.append(e.date)
        # TRANSLATORS: a save in the load list: its name, then "turn 3 · 7 May 1921 · saved …"
        return _("{name} — {details}").format(name=name, details=" · ".join([*parts, saved]))

    def build(self, size) -> None:
        if self.panel is not None:
            self.panel.kill()
        m = self.manager
        rect = pygame.Rect(0, 0, min(900, size[0] - 40), min(LOAD_H, size[1] - 40))
        rect.center = (size[0] // 2, size[1] // 2)
        self.panel = UIPanel(rect, starting_height=5, manager=m)
        UILabel(
            pygame.Rect(16, 8, rect.width - 32, 36),
            _(self.title),
            m,
            container=self.panel,
            object_id="@heading",
        )
        labels = [self._label(e) for e in self.entries]
        list_h = rect.height - 190
        self.list = UISelectionList(
            pygame.Rect(16, 48, rect.width - 32, list_h), labels, m, container=self.panel
        )
        empty = _("No saved games yet in {folder}.").format(folder=userdata.saves_dir())
        self.info = UITextBox(
            "" if labels else empty,
            pygame.Rect(16, 56 + list_h, rect.width - 32, 70),
            m,
            container=self.panel,
        )
        self.load_button = UIButton(
            pygame.Rect(rect.width - 2 * BUTTON_W - 24, rect.height - 58, BUTTON_W, 42),
            _(self.action).format(key=_enter()),
            m,
            container=self.panel,
            command=self.load,
        )
        UIButton(
            pygame.Rect(rect.width - BUTTON_W - 16, rect.height - 58, BUTTON_W, 42),
            _("Cancel ({key})").format(key=_esc()),
            m,
            container=self.panel,
            command=self.close,
        )
        self.selected: int | None = None
        if self.entries:
            self.choose(0)

    def choose(self, i: int) -> None:
        """Select entry i (the arrow keys), as a click on it would."""
        if not 0 <= i < len(self.entries):
            return
        self.selected = i
        for j, item in enumerate(self.list.item_list):
            item["selected"] = j == i
            button = item.get("button_element")
            if button is not None:
                button.select() if j == i else button.unselect()
        e = self.entries[i]
        self._show(_("Cannot be loaded: {why}").format(why=e.error) if e.error else str(e.path))

    def _show(self, message: str) -> None:
        import html

        self.info.set_text(html.escape(message))

    def load(self) -> None:
        if self.selected is None:
            return
        e = self.entries[self.selected]
        if not e.ok:
            self._show(_("Cannot be loaded: {why}").format(why=e.error))
            return
        why = self.on_load(e.path)
        if why:
            self._show(_("Cannot be loaded: {why}").format(why=why))
        else:
            self.close()

    def on_ui(self, event) -> None:
        if getattr(event, "ui_element", None) is not self.list:
            return
        if event.type in (
            pygame_gui.UI_SELECTION_LIST_NEW_SELECTION,
            pygame_gui.UI_SELECTION_LIST_DOUBLE_CLICKED_SELECTION,
        ):
            chosen = [j for j, item in enumerate(self.list.item_list) if item["selected"]]
            if chosen:
                self.selected = chosen[0]
                e = self.entries[self.selected]
                self._show(
                    _("Cannot be loaded: {why}").format(why=e.error) if e.error else str(e.path)
                )
            if event.type == pygame_gui.UI_SELECTION_LIST_DOUBLE_CLICKED_SELECTION:
                self.load()

    def process_event(self, event) -> None:
        if event.type != pygame.KEYDOWN:
            return
        if event.key == pygame.K_ESCAPE:
            self.close()
        elif event.key in (pygame.K_RETURN, pygame.K_KP_ENTER):
            self.load()
        elif event.key in (pygame.K_DOWN, pygame.K_UP) and self.entries:
            step = 1 if event.key == pygame.K_DOWN else -1
            cur = -1 if self.selected is None else self.selected
            self.choose(max(0, min(len(self.entries) - 1, cur + step)))

    def resize(self, size) -> None:
        self.build(size)

    def draw(self, surface) -> None:
        _dim(surface, 110)

    def close(self) -> None:
        if self.panel is not None:
            self.panel.kill()
            self.panel = None
        super().close()
