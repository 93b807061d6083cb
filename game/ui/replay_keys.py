"""Every keyboard shortcut of the replay screen, in one table its key handling and its help use
(as `keymap.py` does for the map screen, whose `Shortcut` it extends with Shift)."""

from __future__ import annotations

from dataclasses import dataclass

import pygame

from game.i18n import N_, _
from game.ui.keymap import CTRL
from game.ui.keymap import Shortcut as MapShortcut


@dataclass(frozen=True)
class Shortcut(MapShortcut):
    shift: bool = False  # needs Shift held

    def label(self) -> str:
        base = super().label()
        if not self.shift:
            return base
        # TRANSLATORS: a key pressed with Shift: "Shift+↑"
        return " / ".join(_("Shift+{key}").format(key=k) for k in base.split(" / "))


K = pygame
# the groups of the help (the texts are marked here and translated where they are shown)
PLAYBACK, MAP, REPLAY = N_("Playback"), N_("Map"), N_("Replay")
SHORTCUTS: tuple[Shortcut, ...] = (
    # playback
    Shortcut("play_pause", (K.K_SPACE, K.K_k), N_("play / pause"), PLAYBACK),
    Shortcut("next_day", (K.K_RIGHT,), N_("one day forward"), PLAYBACK),
    Shortcut("prev_day", (K.K_LEFT,), N_("one day back"), PLAYBACK),
    Shortcut("next_event", (K.K_RIGHT,), N_("next event"), PLAYBACK, shift=True),
    Shortcut("next_event", (K.K_PAGEDOWN, K.K_PERIOD), N_("next event"), PLAYBACK),
    Shortcut("prev_event", (K.K_LEFT,), N_("previous event"), PLAYBACK, shift=True),
    Shortcut("prev_event", (K.K_PAGEUP, K.K_COMMA), N_("previous event"), PLAYBACK),
    Shortcut("faster", (K.K_RIGHTBRACKET, K.K_UP), N_("faster (up to 16×)"), PLAYBACK),
    Shortcut("slower", (K.K_LEFTBRACKET, K.K_DOWN), N_("slower (down to 0.5×)"), PLAYBACK),
    Shortcut("to_start", (K.K_HOME,), N_("the first day"), PLAYBACK),
    Shortcut("to_end", (K.K_END,), N_("the last day"), PLAYBACK),
    Shortcut("jump_date", (K.K_j,), N_("jump to a date: type it in the date box"), PLAYBACK),
    Shortcut("jump_date", (K.K_g,), N_("jump to a date"), PLAYBACK, ctrl=True),
    # map
    Shortcut("pan_west", (K.K_a,), N_("pan west (stops following the action)"), MAP, held=True),
    Shortcut("pan_east", (K.K_d,), N_("pan east"), MAP, held=True),
    Shortcut("pan_north", (K.K_w,), N_("pan north"), MAP, held=True),
    Shortcut("pan_south", (K.K_s,), N_("pan south"), MAP, held=True),
    Shortcut("zoom_in", (K.K_PLUS, K.K_EQUALS, K.K_KP_PLUS), N_("zoom in"), MAP),
    Shortcut("zoom_out", (K.K_MINUS, K.K_KP_MINUS), N_("zoom out"), MAP),
    Shortcut("whole_map", (K.K_z,), N_("show the whole theatre"), MAP),
    Shortcut("follow", (K.K_f,), N_("follow the action again (after panning)"), MAP),
    Shortcut("toggle_labels", (K.K_l,), N_("names of the columns on/off"), MAP),
    Shortcut("toggle_grid", (K.K_g,), N_("hex grid on/off"), MAP),
    # replay
    Shortcut(
        "calibration", (K.K_c,), N_("calibration: every battle, predicted and actual"), REPLAY
    ),
    Shortcut(
        "take_command",
        (K.K_t,),
        N_("take command from this date (a played game: continue from here)"),
        REPLAY,
    ),
    Shortcut("open_game", (K.K_o,), N_("watch a played game (a save or autosave)"), REPLAY),
    Shortcut("open_game", (K.K_o,), N_("watch a played game"), REPLAY, ctrl=True),
    Shortcut("history", (K.K_h,), N_("back to the history of 1921 (from a played game)"), REPLAY),
    Shortcut("help", (K.K_F1, K.K_SLASH), N_("this help"), REPLAY),
    Shortcut("escape", (K.K_ESCAPE,), N_("close a window · back to the menu"), REPLAY),
)

MOUSE_HELP: tuple[tuple[str, str], ...] = (
    (N_("Timeline bar"), N_("click or drag to any day; a marker is an event (hover: what it is)")),
    (N_("Drag the map · wheel"), N_("pan (stops following) · zoom toward the cursor")),
    (N_("Minimap"), N_("click or drag to look there")),
    (N_("Calibration row"), N_("click to go to that battle")),
)

HELD_KEYS = {k: s.action for s in SHORTCUTS if s.held for k in s.keys}


def action_for(event: pygame.event.Event) -> str | None:
    """The action of a KEYDOWN: an exact match of Ctrl and Shift first, then a shortcut without
    Shift for a shifted key (`?` is Shift+/ on many keyboards)."""
    mod = getattr(event, "mod", 0)
    ctrl = bool(mod & CTRL)
    shift = bool(mod & pygame.KMOD_SHIFT)
    loose = None
    for s in SHORTCUTS:
        if event.key not in s.keys or s.ctrl != ctrl:
            continue
        if s.shift == shift:
            return s.action
        if shift and not s.shift and loose is None:
            loose = s.action
    return loose


def help_rows() -> list[tuple[str, list[tuple[str, str]]]]:
    """(group, [(keys, what they do)]) for the help, shortcuts of one action merged, in the
    language in use."""
    groups: dict[str, list[tuple[str, str]]] = {}
    seen: dict[tuple[str, str], int] = {}
    for s in SHORTCUTS:
        rows = groups.setdefault(s.group, [])
        key = (s.group, s.action)
        if key in seen:
            keys, text = rows[seen[key]]
            rows[seen[key]] = (f"{keys} / {s.label()}", text)
        else:
            seen[key] = len(rows)
            rows.append((s.label(), _(s.help)))
    return [(_(group), rows) for group, rows in groups.items()]


def mouse_rows() -> list[tuple[str, str]]:
    """The mouse's part of the help, in the language in use."""
    return [(_(what), _(does)) for what, does in MOUSE_HELP]
