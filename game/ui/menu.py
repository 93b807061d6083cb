"""The main menu: a new campaign with its options, the replay, saved games, scenarios and mods,
settings, quit.

The new campaign's options sit beside the menu, so one click starts a game as the player left it
last time (the options are remembered in the settings). The computer players are whatever
`game.players` offers (`PLAYER_KINDS`): the AI when this build has one, the random player always;
an entry that is not in this build (the historical replay) is shown disabled with a tooltip
saying why. Everything is reachable from the keyboard: ↑/↓ move through the entries and the
options (`focus.py`), Enter presses, ←/→ change the AI strength, the letters open each screen.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path
from typing import TYPE_CHECKING

import pygame
import pygame_gui
from pygame_gui.elements import UIDropDownMenu, UIPanel

from game.i18n import N_, _, format_date, ngettext
from game.ui import theme
from game.ui.focus import FocusRing, cycle
from game.ui.scenes import WidgetScene
from game.ui.widgets import text, wrap

if TYPE_CHECKING:
    from game.ui.app import App

REPLAY_MODULE = "game.ui.replay_scene"
KIND_LABELS = {  # the AI strengths, strongest first (marked here, translated where shown)
    "ai:hard": N_("Hard"),
    "ai": N_("Normal"),
    "ai:easy": N_("Easy"),
    "random": N_("Random orders"),
}
NOT_OPPONENTS = ("historical",)  # replays 1921's orders: the replay's player, not an opponent


def computer_kinds() -> list[str]:
    """The computer players of this build, strongest first (the random player last)."""
    try:
        from game.players.base import PLAYER_KINDS
    except ImportError:
        PLAYER_KINDS = ("random",)
    kinds = [k for k in PLAYER_KINDS if k not in NOT_OPPONENTS and k != "random"]
    order = list(KIND_LABELS)
    kinds.sort(key=lambda k: order.index(k) if k in order else len(order))
    return kinds + ["random"]


def default_kind(kinds: list[str]) -> str:
    return "ai" if "ai" in kinds else kinds[0]


def kind_label(kind: str) -> str:
    if kind in KIND_LABELS:
        return _(KIND_LABELS[kind])
    return kind.replace(":", " ").replace("-", " ").capitalize()  # a player kind of a plugin


def has_replay() -> bool:
    try:
        return importlib.util.find_spec(REPLAY_MODULE) is not None
    except (ImportError, ValueError):
        return False


class MenuScene(WidgetScene):
    def __init__(self, app: App):
        world = app.world
        s = app.settings
        default_side = world.side_ids[1] if len(world.side_ids) > 1 else world.side_ids[0]
        self.side = s.side if s.side in world.side_ids else default_side
        self.opponent = s.opponent if s.opponent in ("ai", "hot-seat") else "ai"
        kinds = computer_kinds()
        self.ai_kind = s.ai_kind if s.ai_kind in kinds else default_kind(kinds)
        self.replay_available = has_replay()
        self._desc_lines: list[str] = []
        self.focus = FocusRing("New campaign")
        super().__init__(app)

    # ------------------------------------------------------------------ layout
    def build(self, size) -> None:
        w, h = size
        px = theme.px
        world = self.app.world
        self.focus.reset()
        col_l, col_r, gap = px(300), px(500), px(40)
        room = w - px(40)
        if col_l + gap + col_r > room:  # a large UI scale in a small window: narrower columns
            k = room / (col_l + gap + col_r)
            col_l, col_r, gap = int(col_l * k), int(col_r * k), int(gap * k)
        left = max(px(20), (w - col_l - gap - col_r) // 2)
        desc_rows = 4 if h >= px(760) else 2 if h >= px(660) else 0
        desc = world.scenario.meta.description
        self._desc_lines = wrap(desc, min(px(900), w - px(80)), 20)[:desc_rows] if desc else []
        top = px(142) + len(self._desc_lines) * px(22) + px(22)
        bh, step = px(48), px(58)
        if top + 7 * step > h - px(34):  # and shorter rows when the height runs out
            step = max(30, (h - px(34) - top) // 7)
            bh = step * 5 // 6
        entries = [  # (focus name, label, action, tooltip, enabled)
            ("New campaign", _("New campaign"), self.start, None, True),
            (
                "Historical replay",
                _("Historical replay"),
                self.open_replay,
                _("Watch the campaign of 1921 as it happened.")
                if self.replay_available
                else _("The historical replay is not part of this build yet."),
                self.replay_available,
            ),
            ("Load game", _("Load game"), self.open_load, _("Saved games and autosaves (L)"), True),
            (
                "Scenarios and mods",
                _("Scenarios and mods"),
                self.open_mods,
                _("The scenarios and mods installed, with their validation state (M)"),
                True,
            ),
            (
                "Settings",
                _("Settings"),
                self.open_settings,
                _("Window, UI scale, language, sound, scrolling (S)"),
                True,
            ),
            (
                "Encyclopedia",
                _("Encyclopedia"),
                self.open_encyclopedia,
                _("The commanders, forces, places and events of the scenario, with sources (E)"),
                True,
            ),
            # TRANSLATORS: leave the game (the menu's last entry)
            ("Quit", _("Quit"), self.app.quit, None, True),
        ]
        self.buttons = []
        for i, (name, label, action, tip, enabled) in enumerate(entries):
            b = self.button(
                (left, top + i * step, col_l, bh),
                label,
                action,
                tooltip=tip,
                object_id="@menu_button",
                enabled=enabled,
            )
            self.buttons.append(b)
            self.focus.add_button(name, b)

        # the new campaign's options, beside the menu
        x = left + col_l + gap
        panel_h = 7 * step - (step - bh)
        self.panel = UIPanel(pygame.Rect(x, top, col_r, panel_h), 1, self.ui)
        pad = px(16)
        kv = min(1.0, panel_h / px(338))  # rows shrink with the panel in a short window

        def v(n: float) -> int:
            return int(px(n) * kv)

        inner = col_r - 2 * pad
        half = (inner - px(12)) // 2
        y = v(10)
        self.label((pad, y, inner, v(28)), _("New campaign"), "@heading", self.panel)
        y += v(30)
        sc = world.scenario
        mods = ", ".join(Path(m).name for m in self.app.mods)
        if mods:
            scenario = _("Scenario: {title} + {mods}").format(title=sc.meta.title, mods=mods)
        else:
            scenario = _("Scenario: {title}").format(title=sc.meta.title)
        self.label((pad, y, inner, v(22)), scenario, "@dim", self.panel)
        y += v(30)
        # TRANSLATORS: above the buttons that choose the side the player commands
        self.label((pad, y, inner, v(22)), _("Play as"), "@dim", self.panel)
        y += v(22)
        self.side_buttons = []
        for i, sid in enumerate(world.side_ids):
            b = self.button(
                (pad + i * (half + px(12)), y, half, v(40)),
                sc.sides[sid].name,
                lambda s=sid: self.set_side(s),
                tooltip=sc.sides[sid].description or None,
                object_id="@option",
                container=self.panel,
            )
            self.side_buttons.append((sid, b))
            self.focus.add_button(f"side:{sid}", b)
        y += v(50)
        self.label((pad, y, inner, v(22)), _("Opponent"), "@dim", self.panel)
        y += v(22)
        kinds = computer_kinds()
        # TRANSLATORS: the opponent is the computer (AI = artificial intelligence)
        computer = _("AI") if "ai" in kinds else _("Computer")
        self.opp_buttons = []
        for i, (kind, label, tip) in enumerate(
            (
                ("ai", computer, _("The computer plays the other side.")),
                (
                    "hot-seat",
                    # TRANSLATORS: two people play at one computer, taking turns
                    _("Hot-seat (two players)"),
                    _("Two players take turns at this screen."),
                ),
            )
        ):
            b = self.button(
                (pad + i * (half + px(12)), y, half, v(40)),
                label,
                lambda k=kind: self.set_opp(k),
                tooltip=tip,
                object_id="@option",
                container=self.panel,
            )
            self.opp_buttons.append((kind, b))
            self.focus.add_button(f"opponent:{kind}", b)
        y += v(50)
        self.label((pad, y, half, v(32)), _("AI strength"), "@dim", self.panel)
        options = [(kind_label(k), k) for k in kinds]
        start = next(o for o in options if o[1] == self.ai_kind)
        self.strength = UIDropDownMenu(
            options,
            start,
            pygame.Rect(pad + half + px(12), y, half, v(32)),
            self.ui,
            container=self.panel,
        )
        if "ai" not in kinds:
            self.strength.set_tooltip(
                _("This build has no AI yet: the computer gives random orders.")
            )
        self.focus.add("strength", self.strength, adjust=self.step_strength)
        y += v(44)
        self.start_button = self.button(
            (pad, panel_h - v(58), inner, v(44)),
            _("Start campaign"),
            self.start,
            object_id="@menu_button",
            container=self.panel,
        )
        self.focus.add_button("start", self.start_button)
        self._sync()

    def _sync(self) -> None:
        for sid, b in self.side_buttons:
            b.select() if sid == self.side else b.unselect()
        for kind, b in self.opp_buttons:
            b.select() if kind == self.opponent else b.unselect()
        if self.opponent == "hot-seat":
            self.strength.disable()
        else:
            self.strength.enable()

    # ----------------------------------------------------------------- actions
    def set_side(self, side: str) -> None:
        self.side = side
        self._remember()
        self._sync()

    def set_opp(self, kind: str) -> None:
        self.opponent = kind
        self._remember()
        self._sync()

    def _remember(self) -> None:
        self.app.settings.update(side=self.side, opponent=self.opponent, ai_kind=self.ai_kind)
        self.app.settings.save()

    def step_strength(self, step: int) -> None:
        """←/→ on the AI strength: the next computer player, shown at once."""
        if self.opponent == "hot-seat":
            return
        self.ai_kind = cycle(computer_kinds(), self.ai_kind, step)
        self._remember()
        self.app.defer(lambda: self.resize(self.app.screen.get_size()))

    def opponent_kind(self) -> str:
        return "hot-seat" if self.opponent == "hot-seat" else self.ai_kind

    def start(self) -> None:
        self._remember()
        self.app.new_campaign(self.side, self.opponent_kind())

    def open_replay(self) -> None:
        if not self.replay_available:
            return
        module = importlib.import_module(REPLAY_MODULE)
        opener = getattr(module, "open_replay", None)
        if opener is not None:
            opener(self.app)
        else:
            self.app.push(module.ReplayScene(self.app))

    def open_load(self) -> None:
        from game.ui.load_screen import LoadScene

        self.app.push(LoadScene(self.app))

    def open_mods(self) -> None:
        from game.ui.mods_screen import ModsScene

        self.app.push(ModsScene(self.app))

    def open_encyclopedia(self) -> None:
        from game.ui.encyclopedia import open_entry

        open_entry(self.app)

    def open_settings(self) -> None:
        from game.ui.settings_screen import SettingsScene

        self.app.push(SettingsScene(self.app))

    # ------------------------------------------------------------------ events
    def on_ui(self, event) -> None:
        if event.type == pygame_gui.UI_DROP_DOWN_MENU_CHANGED and event.ui_element is self.strength:
            kind = getattr(event, "selected_option_id", None)
            if kind in computer_kinds():
                self.ai_kind = kind
                self._remember()

    def process_event(self, event) -> None:
        if self.focus.handle(event) or event.type != pygame.KEYDOWN:
            return
        keys = {
            pygame.K_RETURN: self.start,
            pygame.K_KP_ENTER: self.start,
            pygame.K_n: self.start,
            pygame.K_r: self.open_replay,
            pygame.K_l: self.open_load,
            pygame.K_m: self.open_mods,
            pygame.K_s: self.open_settings,
            pygame.K_e: self.open_encyclopedia,
            pygame.K_ESCAPE: self.app.quit,
            pygame.K_q: self.app.quit,
        }
        action = keys.get(event.key)
        if action is not None:
            self.app.defer(action)

    def draw(self, surface) -> None:
        surface.fill(theme.BG)
        w, h = surface.get_size()
        px = theme.px
        sc = self.app.world.scenario
        title = text(sc.meta.title, 64, theme.ACCENT, True)
        surface.blit(title, title.get_rect(midtop=(w // 2, px(28))))
        turns = ngettext(
            "{n} turn of {days} days", "{n} turns of {days} days", self.app.world.turns
        ).format(n=self.app.world.turns, days=sc.meta.days_per_turn)
        # TRANSLATORS: under the title: the campaign's first and last day, and its turns
        sub = _("{start} – {end} · {turns}").format(
            start=format_date(sc.meta.start, "day"),
            end=format_date(sc.meta.end, "long"),
            turns=turns,
        )
        t = text(sub, 24, theme.TEXT_DIM)
        surface.blit(t, t.get_rect(midtop=(w // 2, px(96))))
        y = px(134)
        for line in self._desc_lines:
            t = text(line, 20, theme.TEXT)
            surface.blit(t, t.get_rect(midtop=(w // 2, y)))
            y += px(22)
        hint = _(
            "↑↓: choose · Enter: press · N: new campaign · L: load · M: mods · S: settings · "
            "Esc: quit"
        )
        t = text(hint, 18, theme.TEXT_DIM)
        surface.blit(t, t.get_rect(midbottom=(w // 2, h - px(10))))

    def draw_over(self, surface) -> None:
        self.focus.draw(surface)
