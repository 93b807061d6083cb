"""Load game: the saves and autosaves in the player's folder, newest first.

Each row shows the save's name, turn, date, who played which side and when it was written. A
save that cannot be read (truncated, garbled, hand-edited, from a newer version, made on a
scenario whose files have changed) is listed in red with the reason, and choosing it only shows
that reason: saves are untrusted input and never crash the screen.
"""

from __future__ import annotations

import datetime as dt
import html
from dataclasses import dataclass
from pathlib import Path

import pygame
from pygame_gui.elements import UIPanel, UIScrollingContainer, UITextBox

from game.i18n import _, format_date
from game.ui import theme
from game.ui.scenes import WidgetScene
from game.ui.widgets import text


@dataclass
class SaveRow:
    entry: object  # userdata.SaveEntry
    # who played: ("you", side id) / ("hot-seat", "") / ("to move", side id); `sides` words it
    players: tuple[str, str] = ("", "")
    scenario_path: str = ""
    mods: tuple[str, ...] = ()
    world: object = None  # the world whose side names it uses

    @property
    def sides(self) -> str:
        """ "you: Red Army" / "hot-seat" / "Red Army to move", in the language in use."""
        how, sid = self.players
        if how == "you":
            return _("you: {side}").format(side=self._name(sid))
        if how == "hot-seat":
            # TRANSLATORS: a saved game played by two people at one screen
            return _("hot-seat")
        if how == "to move":
            return _("{side} to move").format(side=self._name(sid))
        return ""

    def _name(self, sid: str) -> str:
        """ "Red Army and allies" → "Red Army": rows stay one line."""
        sides = self.world.scenario.sides if self.world is not None else {}
        if sid not in sides:
            return sid
        # TRANSLATORS: the word joining a side's main force and its allies in side names
        # ("Red Army and allies"): the list of saves keeps what comes before it
        joint = _(" and ")
        return sides[sid].name.split(joint)[0].split(" and ")[0]


def describe(entry, world) -> SaveRow:
    """Who played which side, read from the save (a second, cheap read of a small file)."""
    row = SaveRow(entry)
    if not entry.ok:
        return row
    from game.saves import SaveError, read_save

    try:
        save = read_save(entry.path)
    except SaveError:
        return row
    row.scenario_path, row.mods = save.scenario.path, tuple(save.scenario.mods)
    players = getattr(save, "players", None) or {}
    if save.scenario.id == world.scenario.meta.id:
        row.world = world
    humans = [sid for sid, kind in players.items() if kind == "human"]
    if len(humans) == 1:
        row.players = ("you", humans[0])
    elif len(humans) > 1:
        row.players = ("hot-seat", "")
    else:
        side = save.snapshot.get("phase")  # the side to move
        ids = list(world.side_ids) if row.world is not None else []
        if isinstance(side, int) and 0 <= side < len(ids):
            row.players = ("to move", ids[side])
    return row


def save_name(entry) -> str:
    """The name a save is listed by: autosaves by their turn in the language in use, a file that
    cannot be read by its file name."""
    if not entry.ok:
        return Path(entry.path).name
    if entry.autosave and entry.turn:
        return _("Autosave, turn {n}").format(n=entry.turn)
    return entry.name


def save_date(entry) -> str:
    """The date of the save's turn, as the language writes it."""
    try:
        return format_date(dt.date.fromisoformat(entry.date), "long") if entry.date else ""
    except ValueError:
        return entry.date


def written(entry) -> str:
    when = entry.modified
    if entry.autosave:
        return _("Autosave written {date}, {time}").format(
            date=format_date(when.date(), "long"), time=f"{when:%H:%M}"
        )
    return _("Save written {date}, {time}").format(
        date=format_date(when.date(), "long"), time=f"{when:%H:%M}"
    )


def load_session(app, path: Path):
    """The session of a save, on the world it was played on; raises SaveError with the reason."""
    from game.saves import SaveError, read_save
    from game.ui import session as session_module

    save = read_save(path)
    world, scenario_path, mods = app.world, app.scenario_path, list(app.mods)
    same = save.scenario.id == world.scenario.meta.id and list(save.scenario.mods) == mods
    if not same:  # another scenario or other mods: load those first
        from game.engine.world import build_world
        from game.scenario.mods import check_with_mods

        scenario_path = save.scenario.path or None
        mods = list(save.scenario.mods)
        if scenario_path and not Path(scenario_path).is_file():
            raise SaveError(
                _("the save's scenario file {path} is missing").format(path=scenario_path)
            )
        loaded = check_with_mods(scenario_path, mods)
        if loaded.scenario is None or loaded.errors:
            first = loaded.errors[0].format() if loaded.errors else _("it does not load")
            raise SaveError(_("the save's scenario cannot be loaded: {error}").format(error=first))
        world = build_world(loaded.scenario)
        from game.cli import localize

        localize(world, loaded.files)  # its texts in the language in use, as the menu's
        scenario_path = scenario_path or (loaded.files[0] if loaded.files else None)
    source_cls = getattr(session_module, "Source", None)
    if source_cls is not None and hasattr(session_module.Session, "from_save"):
        source = source_cls(path=str(scenario_path or ""), mods=tuple(mods))
        session = session_module.Session.from_save(world, path, source)
    else:  # pragma: no cover - the session without save support
        from game import saves

        game = saves.restore(save, world, app.fingerprint)
        human = int(game.state.side)
        other = world.side_ids[1 - human]
        player, kind = session_module.opponent_player(app.settings.ai_kind, world, other, game.seed)
        session = session_module.Session(game, frozenset([human]), player, kind)
    if world is not app.world:
        app.set_content(world, scenario_path, mods)
    return session


class LoadScene(WidgetScene):
    def __init__(self, app):
        from game import userdata

        self.rows = [describe(e, app.world) for e in userdata.list_saves(world=app.world)]
        self.folder = userdata.saves_dir()
        self.chosen: int | None = None
        self.problem = ""  # why the chosen save could not be loaded
        super().__init__(app)
        if self.rows:  # the newest save that loads, else the newest
            self.choose(next((i for i, r in enumerate(self.rows) if r.entry.ok), 0))

    def build(self, size) -> None:
        w, h = size
        px = theme.px
        top, bottom = px(96), h - px(80)
        list_w = min(px(620), (w - px(60)) * 3 // 5)
        left = (w - list_w - px(20) - min(px(460), w - list_w - px(60))) // 2
        left = max(px(20), left)
        detail_w = min(px(460), w - list_w - px(60))
        self.list_panel = UIPanel(pygame.Rect(left, top, list_w, bottom - top), 1, self.ui)
        inner_h = bottom - top - px(8)
        self.scroller = UIScrollingContainer(
            pygame.Rect(px(4), px(4), list_w - px(10), inner_h),
            self.ui,
            container=self.list_panel,
            allow_scroll_x=False,
        )
        row_h = px(52)
        self.row_buttons = []
        for i, row in enumerate(self.rows):
            e = row.entry
            if e.ok:
                # TRANSLATORS: in the list of saved games, lower case
                turn = _("turn {n}").format(n=e.turn)
                bits = (
                    [turn] + ([save_date(e)] if e.date else []) + ([row.sides] if row.sides else [])
                )
                line = f"{save_name(e)}   ·   " + " · ".join(bits)
                tip = written(e)
            else:
                line = _("{name}   ·   cannot be loaded").format(name=save_name(e))
                tip = e.error
            b = self.button(
                (0, i * (row_h + px(6)), list_w - px(30), row_h),
                line,
                lambda k=i: self.choose(k),
                tooltip=tip,
                object_id="@row" if e.ok else "@bad_row",
                container=self.scroller,
            )
            self.row_buttons.append(b)
        self.scroller.set_scrollable_area_dimensions(
            (list_w - px(30), max(1, len(self.rows) * (row_h + px(6))))
        )
        x = left + list_w + px(20)
        self.details = UITextBox(
            self.details_html(), pygame.Rect(x, top, detail_w, bottom - top - px(60)), self.ui
        )
        self.load_button = self.button(
            (x, bottom - px(48), detail_w, px(48)),
            # TRANSLATORS: a button that loads the chosen saved game
            _("Load"),
            self.load_chosen,
            object_id="@menu_button",
            enabled=self.can_load(),
        )
        self.back_button = self.button(
            ((w - px(240)) // 2, h - px(64), px(240), px(44)),
            _("Back"),
            self.app.back,
            object_id="@menu_button",
        )
        self._sync()

    # ----------------------------------------------------------------- choices
    def can_load(self) -> bool:
        return self.chosen is not None and self.rows[self.chosen].entry.ok and not self.problem

    def choose(self, k: int) -> None:
        if not 0 <= k < len(self.rows):
            return
        self.chosen, self.problem = k, ""
        if hasattr(self, "details"):
            self.details.set_text(self.details_html())
            self._sync()

    def _sync(self) -> None:
        for i, b in enumerate(self.row_buttons):
            b.select() if i == self.chosen else b.unselect()
        if self.can_load():
            self.load_button.enable()
        else:
            self.load_button.disable()

    def details_html(self) -> str:
        e = html.escape
        if not self.rows:
            return "<b>{}</b><br><br>{}<br><font face='mono'>{}</font>".format(
                e(_("No saved games yet.")),
                e(_("Games are saved from the map (and autosaved every turn) in")),
                e(str(self.folder)),
            )
        if self.chosen is None:
            return e(_("Choose a save on the left."))
        row = self.rows[self.chosen]
        entry = row.entry
        out = [f"<b>{e(save_name(entry))}</b>", ""]
        if entry.ok:
            if entry.date:
                turn = _("Turn {n}, {date}").format(n=entry.turn, date=save_date(entry))
            else:
                turn = _("Turn {n}").format(n=entry.turn)
            out.append(e(turn))
            if row.sides:
                out.append(e(row.sides[:1].upper() + row.sides[1:]))
            scenario = self.scenario_title(entry.scenario)
            if row.mods:
                line = _("Scenario: {title} with {mods}").format(
                    title=scenario, mods=", ".join(row.mods)
                )
            else:
                line = _("Scenario: {title}").format(title=scenario)
            out.append(e(line))
        out.append(e(written(entry)))
        out.append(f"<font face='mono' size=3>{e(str(entry.path))}</font>")
        reason = entry.error or self.problem
        if reason:
            out += [
                "",
                "<font color='#f07864'><b>{}</b> {}</font>".format(
                    e(_("Cannot be loaded:")), e(reason)
                ),
            ]
        return "<br>".join(out)

    def scenario_title(self, scenario_id: str) -> str:
        """The title of the save's scenario when it is the one loaded, else its id."""
        world = self.app.world
        return world.scenario.meta.title if scenario_id == world.scenario.meta.id else scenario_id

    def load_chosen(self) -> None:
        from game.saves import SaveError

        if not self.can_load():
            return
        row = self.rows[self.chosen]
        try:
            session = load_session(self.app, row.entry.path)
        except SaveError as exc:
            self.problem = str(exc)
            self.details.set_text(self.details_html())
            self._sync()
            self.app.play_sound("error")
            return
        if hasattr(session, "autosave"):
            session.autosave = self.app.autosave
        self.app.open_session(session)

    # ------------------------------------------------------------------ events
    def process_event(self, event) -> None:
        if event.type != pygame.KEYDOWN:
            return
        if event.key in (pygame.K_ESCAPE, pygame.K_BACKSPACE):
            self.app.defer(self.app.back)
        elif event.key in (pygame.K_RETURN, pygame.K_KP_ENTER):
            self.app.defer(self.load_chosen)
        elif event.key in (pygame.K_UP, pygame.K_DOWN) and self.rows:
            k = (
                0
                if self.chosen is None
                else self.chosen + (1 if event.key == pygame.K_DOWN else -1)
            )
            self.choose(max(0, min(len(self.rows) - 1, k)))

    def draw(self, surface) -> None:
        surface.fill(theme.BG)
        w = surface.get_width()
        px = theme.px
        t = text(_("Load game"), 48, theme.ACCENT, True)
        surface.blit(t, t.get_rect(midtop=(w // 2, px(20))))
