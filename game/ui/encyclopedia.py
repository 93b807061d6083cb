"""The encyclopedia screen: every commander, faction, unit, place, event and battle of the scenario,
browsable by category, searchable, each page with its sources and links to the pages it names.

The pages come from `game.scenario.encyclopedia.Index` (the scenario's articles and its data); this
module only shows them, with pygame_gui widgets themed like the other menus: a search box, a row
of category buttons, the list, and the page in a text box whose links open other pages. It is
opened from the menu, and by clicking a name elsewhere: `LinkMap` records where a hand-drawn
panel wrote a name, and `open_entry(app, key)` opens the screen on that page.
"""

from __future__ import annotations

import html
from typing import TYPE_CHECKING

import pygame
import pygame_gui
from pygame_gui.elements import UIPanel, UIScrollingContainer, UITextBox, UITextEntryLine

from game.i18n import N_, _, language
from game.scenario.encyclopedia import SECTIONS, Index, Page
from game.ui import theme
from game.ui.scenes import WidgetScene
from game.ui.widgets import text

if TYPE_CHECKING:
    from game.ui.app import App

ALL = "all"
SHORT = {  # category buttons, where space is short
    # TRANSLATORS: an encyclopedia category button: unit types
    "unit_types": N_("Types"),
    # TRANSLATORS: an encyclopedia category button: commanders
    "commanders": N_("Leaders"),
}
CONFIDENCE_COLOURS = {"sure": "#8cdc8c", "disputed": "#f0a050", "inferred": "#96b4eb"}
CONFIDENCE_WORDS = {  # how sure the sources are of an entry
    "sure": N_("sure"),
    "disputed": N_("disputed"),
    "inferred": N_("inferred"),
}
KIND_WORDS = {  # what one page of a category is, after its title in the list of everything
    "commanders": N_("commander"),
    "factions": N_("faction"),
    "units": N_("unit"),
    "unit_types": N_("unit type"),
    "places": N_("place"),
    "events": N_("event"),
    "battles": N_("battle"),
    "history": N_("history"),
    "topics": N_("topic"),
}
LINK_COLOUR = (236, 196, 90)

_INDEXES: dict[tuple[int, str], tuple[object, Index]] = {}


def confidence_word(value: str) -> str:
    """ "sure", "disputed", "inferred" in the language in use (other texts as they are)."""
    return _(CONFIDENCE_WORDS[value]) if value in CONFIDENCE_WORDS else value


def index_for(world) -> Index:
    """The pages of `world`'s scenario, built once per scenario object and language (the pages'
    facts are written in the language in use)."""
    scenario = world.scenario
    key = (id(scenario), language())
    found = _INDEXES.get(key)
    if found is None or found[0] is not scenario:
        if len(_INDEXES) > 8:
            _INDEXES.clear()
        found = (scenario, Index(scenario))
        _INDEXES[key] = found
    return found[1]


def open_entry(app: App, key: str | None = None, world=None) -> EncyclopediaScene:
    """Show the encyclopedia over the current screen, on the page `key` ("places/urga")."""
    scene = EncyclopediaScene(app, key=key, world=world)
    app.push(scene)
    return scene


class LinkMap:
    """Where a hand-drawn panel wrote names that open a page: rectangles and page keys.

    A panel clears it when it redraws, adds the rectangle `blit` returned for each name, and the
    screen asks `at(pos)` on a click. `offset` moves rectangles recorded on a panel's own surface
    to where that surface is drawn."""

    def __init__(self) -> None:
        self.rects: list[tuple[pygame.Rect, str]] = []
        self.offset = (0, 0)
        self.clip: pygame.Rect | None = None  # where the names are visible (a scrolled panel)

    def clear(self) -> None:
        self.rects = []

    def add(self, rect, key: str | None) -> None:
        if key:
            self.rects.append((pygame.Rect(rect), key))

    def at(self, pos) -> str | None:
        if self.clip is not None and not self.clip.collidepoint(pos):
            return None
        x, y = pos[0] - self.offset[0], pos[1] - self.offset[1]
        for rect, key in reversed(self.rects):
            if rect.collidepoint(x, y):
                return key
        return None

    def underline(self, surface, pos=None, colour=LINK_COLOUR) -> None:
        """A line under the name the pointer is on, so a name shows it can be clicked."""
        pos = pygame.mouse.get_pos() if pos is None else pos
        if self.clip is not None and not self.clip.collidepoint(pos):
            return
        x, y = pos[0] - self.offset[0], pos[1] - self.offset[1]
        for rect, _key in self.rects:
            if rect.collidepoint(x, y):
                r = rect.move(*self.offset)
                pygame.draw.line(surface, colour, (r.x, r.bottom - 1), (r.right, r.bottom - 1))
                return


def place_key(world, name: str = "", hex_: int = -1) -> str | None:
    """The page of a place given by name, or of the place in hex `hex_`."""
    if hex_ >= 0:
        for place, h in zip(world.scenario.map.places, world.place_hex, strict=False):
            if int(h) == int(hex_):
                return f"places/{place.id}"
    return index_for(world).key_for_name(name, ("places",)) if name else None


def name_key(world, name: str, categories: tuple[str, ...] = ()) -> str | None:
    """The page of a commander, unit or place shown by its name."""
    return index_for(world).key_for_name(name, categories) if name else None


def entry_key(world, ident: str) -> str | None:
    """The page of a battle or event of the history, by its id."""
    index = index_for(world)
    for category in ("battles", "history", "events"):
        if index.get(f"{category}/{ident}") is not None:
            return f"{category}/{ident}"
    return None


def page_html(page: Page, index: Index) -> str:
    """The page for the text box: title, kind, text, facts, links, sources, note."""
    e = html.escape
    out = [f"<font size=5><b>{e(page.title)}</b></font>", f"<font color='#969ca8'>{e(page.kind)}"]
    if page.confidence:
        colour = CONFIDENCE_COLOURS.get(page.confidence, "#969ca8")
        out[-1] += f" · <font color='{colour}'>{e(confidence_word(page.confidence))}</font>"
    out[-1] += "</font>"
    out.append("")
    if page.text:
        for para in page.text.split("\n\n"):
            out += [e(" ".join(para.split())), ""]
    elif not page.authored:
        missing = e(_("No article yet: what the scenario's data says."))
        out += [f"<font color='#969ca8'><i>{missing}</i></font>"]
        out.append("")
    for fact in page.facts:
        out.append(f"<font color='#c8c8be'>{e(fact)}</font>")
    if page.facts:
        out.append("")
    links = [link for link in page.links if index.get(link.key) is not None]
    if links:
        shown = " · ".join(f"<a href='{e(link.key)}'>{e(link.label)}</a>" for link in links[:40])
        see = e(_("See also"))
        out += [f"<b>{see}</b>: {shown}", ""]
    if page.note:
        note = e(_("Note: {note}")).format(note=e(page.note))
        out += [f"<font color='#969ca8'><i>{note}</i></font>", ""]
    if page.sources:
        heading = e(_("Sources"))
        out.append(f"<b>{heading}</b>")
        for src in page.sources:
            line = f"• {e(src.text())}"
            if src.note:
                line += f"<font color='#969ca8'> — {e(src.note)}</font>"
            out.append(f"<font size=3>{line}</font>")
    return "<br>".join(out)


class EncyclopediaScene(WidgetScene):
    """The search box and categories over the list on the left, the page on the right."""

    def __init__(self, app: App, key: str | None = None, world=None):
        self.world = world or app.world
        self.index = index_for(self.world)
        self.category = ALL
        self.query = ""
        page = self.index.get(key) if key else None
        if page is None and self.index.pages:
            page = self.index.pages[0]
        self.current: Page | None = page
        if page is not None and key:
            self.category = page.category
        self.shown: list[Page] = []
        self.trail: list[str] = []  # pages visited, for Backspace
        self.rows: list[tuple[Page, pygame_gui.elements.UIButton]] = []
        self.empty: UITextBox | None = None  # "no page matches" in place of the list
        super().__init__(app)

    # ------------------------------------------------------------------ layout
    def build(self, size) -> None:
        w, h = size
        px = theme.px
        top, bottom = px(86), h - px(76)
        list_w = min(px(420), (w - px(60)) * 2 // 5)
        detail_w = min(px(820), w - list_w - px(60))
        left = max(px(20), (w - list_w - px(20) - detail_w) // 2)
        self.search = UITextEntryLine(
            pygame.Rect(left, top, list_w, px(34)),
            self.ui,
            placeholder_text=_("Search names and texts…"),
            initial_text=self.query or None,
        )
        cats = [ALL, *self.index.categories()]
        # TRANSLATORS: the encyclopedia's category button that lists every page
        labels = {c: _("All") if c == ALL else _(SHORT.get(c, SECTIONS[c])) for c in cats}
        need = max(_button_width(label) for label in labels.values()) + px(12)
        cols = 5 if list_w >= px(400) else 4
        while cols > 2 and (list_w - (cols - 1) * px(4)) // cols < need:
            cols -= 1  # fewer, wider buttons where a language's words are longer
        bw = (list_w - (cols - 1) * px(4)) // cols
        y = top + px(40)
        self.cat_buttons: dict[str, pygame_gui.elements.UIButton] = {}
        for i, cat in enumerate(cats):
            row, col = divmod(i, cols)
            label = labels[cat]
            count = len(self.index.pages) if cat == ALL else len(self.index.search("", cat))
            section = _(SECTIONS[cat]) if cat in SECTIONS else _("Everything")
            self.cat_buttons[cat] = self.button(
                (left + col * (bw + px(4)), y + row * px(34), bw, px(30)),
                label,
                lambda c=cat: self.set_category(c),
                # TRANSLATORS: a category's tooltip: its name and how many pages it has
                tooltip=_("{category}: {count}").format(category=section, count=count),
                object_id="@option",
            )
        rows = (len(cats) + cols - 1) // cols
        list_top = y + rows * px(34) + px(4)
        self.list_panel = UIPanel(
            pygame.Rect(left, list_top, list_w, bottom - list_top), 1, self.ui
        )
        self.scroller = UIScrollingContainer(
            pygame.Rect(px(4), px(4), list_w - px(10), bottom - list_top - px(8)),
            self.ui,
            container=self.list_panel,
            allow_scroll_x=False,
        )
        self.list_w = list_w
        self.empty = None
        x = left + list_w + px(20)
        self.details = UITextBox(
            self._details_html(), pygame.Rect(x, top, detail_w, bottom - top), self.ui
        )
        self.back_button = self.button(
            ((w - px(240)) // 2, h - px(62), px(240), px(44)),
            _("Back"),
            self.app.back,
            # TRANSLATORS: the Escape key
            tooltip=_("Esc"),
            object_id="@menu_button",
        )
        self._fill()

    def _fill(self) -> None:
        """The list for the current category and search, and the buttons' state."""
        px = theme.px
        for _page, b in self.rows:
            b.kill()
        category = None if self.category == ALL else self.category
        self.shown = self.index.search(self.query, category)
        row_h, gap = px(30), px(3)
        width = self.list_w - px(30)
        self.rows = []
        if self.empty is not None:
            self.empty.kill()
            self.empty = None
        if not self.shown:  # say so, rather than an empty list
            why = (
                _("No page matches “{query}”.").format(query=self.query.strip())
                if self.query.strip()
                else _("Nothing in this category.")
            )
            self.empty = UITextBox(
                html.escape(why),
                pygame.Rect(0, 0, width, px(90)),
                self.ui,
                container=self.scroller,
            )
        for i, page in enumerate(self.shown[:400]):
            label = page.title if category else f"{page.title}  ·  {_kind_word(page)}"
            b = self.button(
                (0, i * (row_h + gap), width, row_h),
                label,
                lambda k=page.key: self.show(k),
                tooltip=page.kind,
                object_id="@row",
                container=self.scroller,
            )
            self.rows.append((page, b))
        n = len(self.rows)
        least = px(90) if self.empty is not None else 1
        self.scroller.set_scrollable_area_dimensions((width, max(least, n * (row_h + gap))))
        self._sync()

    def _sync(self) -> None:
        for cat, b in self.cat_buttons.items():
            b.select() if cat == self.category else b.unselect()
        key = self.current.key if self.current else None
        for page, b in self.rows:
            b.select() if page.key == key else b.unselect()

    def _details_html(self) -> str:
        if self.current is None:
            return html.escape(_("This scenario has nothing to show yet."))
        return page_html(self.current, self.index)

    # ----------------------------------------------------------------- actions
    def set_category(self, category: str) -> None:
        self.category = category
        self._fill()

    def set_query(self, query: str) -> None:
        self.query = query
        self._fill()

    def show(self, key: str) -> None:
        page = self.index.get(key)
        if page is None:
            return
        if self.current is not None and self.current.key != key:
            self.trail.append(self.current.key)
        self.current = page
        self.details.set_text(self._details_html())
        self._sync()
        self._scroll_to_current()

    def back_page(self) -> None:
        if self.trail:
            key = self.trail.pop()
            self.current = self.index.get(key)
            self.details.set_text(self._details_html())
            self._sync()

    def step(self, delta: int) -> None:
        if not self.shown:
            return
        keys = [p.key for p in self.shown]
        now = keys.index(self.current.key) if self.current and self.current.key in keys else -1
        self.show(keys[max(0, min(len(keys) - 1, now + delta))])

    def _scroll_to_current(self) -> None:
        bar = getattr(self.scroller, "vert_scroll_bar", None)
        if bar is None or self.current is None:
            return
        keys = [p.key for p, _button in self.rows]
        if self.current.key not in keys:
            return
        i = keys.index(self.current.key)
        area = max(1, len(keys))
        bar.set_scroll_from_start_percentage(max(0.0, min(1.0, (i - 3) / area)))

    # ------------------------------------------------------------------ events
    def on_ui(self, event) -> None:
        if event.type == pygame_gui.UI_TEXT_ENTRY_CHANGED and event.ui_element is self.search:
            self.set_query(self.search.get_text())
        elif event.type == pygame_gui.UI_TEXT_BOX_LINK_CLICKED:
            self.show(str(getattr(event, "link_target", "")))

    def process_event(self, event) -> None:
        if event.type != pygame.KEYDOWN:
            return
        if event.key == pygame.K_ESCAPE:
            self.app.defer(self.app.back)
        elif event.key in (pygame.K_UP, pygame.K_DOWN):
            self.step(1 if event.key == pygame.K_DOWN else -1)
        elif event.key == pygame.K_BACKSPACE:
            self.back_page()
        elif event.key in (pygame.K_SLASH, pygame.K_f):
            self.search.focus()

    def draw(self, surface) -> None:
        surface.fill(theme.BG)
        w, h = surface.get_size()
        px = theme.px
        t = text(_("Encyclopedia"), 44, theme.ACCENT, True)
        surface.blit(t, t.get_rect(midtop=(w // 2, px(14))))
        sub = text(self.world.scenario.meta.title, 18, theme.TEXT_DIM)
        surface.blit(sub, sub.get_rect(midtop=(w // 2, px(60))))
        hint = _("/: search · ↑↓: next page · Backspace: previous page · Esc: back")
        t = text(hint, 16, theme.TEXT_DIM)
        surface.blit(t, t.get_rect(midbottom=(w // 2, h - px(4))))


def _button_width(label: str) -> int:
    """Pixels `label` takes on a category button (the theme's @option: bold, size 16)."""
    return theme.font(round(16 / theme.FONT_SCALE), True).size(label)[0]


def _kind_word(page: Page) -> str:
    word = KIND_WORDS.get(page.category)
    return _(word) if word else page.category
