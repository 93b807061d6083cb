"""Every keyboard shortcut of the replay screen, in one table its key handling and its help use
(as `keymap.py` does for the map screen, whose `Shortcut` it extends with Shift)."""

from __future__ import annotations

from dataclasses import dataclass

import pygame

from game.ui.keymap import CTRL
from game.ui.keymap import Shortcut as MapShortcut


@dataclass(frozen=True)
class Shortcut(MapShortcut):
    shift: bool = False  # needs Shift held

    def label(self) -> str:
        base = super().label()
        if not self.shift:
            return base
        return " / ".join(f"Shift+{k}" for k in base.split(" / "))


K = pygame
SHORTCUTS: tuple[Shortcut, ...] = (
    # playback
    Shortcut("play_pause", (K.K_SPACE, K.K_k), "play / pause", "Playback"),
    Shortcut("next_day", (K.K_RIGHT,), "one day forward", "Playback"),
    Shortcut("prev_day", (K.K_LEFT,), "one day back", "Playback"),
    Shortcut("next_event", (K.K_RIGHT,), "next event", "Playback", shift=True),
    Shortcut("next_event", (K.K_PAGEDOWN, K.K_PERIOD), "next event", "Playback"),
    Shortcut("prev_event", (K.K_LEFT,), "previous event", "Playback", shift=True),
    Shortcut("prev_event", (K.K_PAGEUP, K.K_COMMA), "previous event", "Playback"),
    Shortcut("faster", (K.K_RIGHTBRACKET, K.K_UP), "faster (up to 16×)", "Playback"),
    Shortcut("slower", (K.K_LEFTBRACKET, K.K_DOWN), "slower (down to 0.5×)", "Playback"),
    Shortcut("to_start", (K.K_HOME,), "the first day", "Playback"),
    Shortcut("to_end", (K.K_END,), "the last day", "Playback"),
    Shortcut("jump_date", (K.K_j,), "jump to a date: type it in the date box", "Playback"),
    Shortcut("jump_date", (K.K_g,), "jump to a date", "Playback", ctrl=True),
    # map
    Shortcut("pan_west", (K.K_a,), "pan west (stops following the action)", "Map", held=True),
    Shortcut("pan_east", (K.K_d,), "pan east", "Map", held=True),
    Shortcut("pan_north", (K.K_w,), "pan north", "Map", held=True),
    Shortcut("pan_south", (K.K_s,), "pan south", "Map", held=True),
    Shortcut("zoom_in", (K.K_PLUS, K.K_EQUALS, K.K_KP_PLUS), "zoom in", "Map"),
    Shortcut("zoom_out", (K.K_MINUS, K.K_KP_MINUS), "zoom out", "Map"),
    Shortcut("whole_map", (K.K_z,), "show the whole theatre", "Map"),
    Shortcut("follow", (K.K_f,), "follow the action again (after panning)", "Map"),
    Shortcut("toggle_labels", (K.K_l,), "names of the columns on/off", "Map"),
    Shortcut("toggle_grid", (K.K_g,), "hex grid on/off", "Map"),
    # replay
    Shortcut("calibration", (K.K_c,), "calibration: every battle, predicted and actual", "Replay"),
    Shortcut(
        "take_command",
        (K.K_t,),
        "take command from this date (a played game: continue from here)",
        "Replay",
    ),
    Shortcut("open_game", (K.K_o,), "watch a played game (a save or autosave)", "Replay"),
    Shortcut("open_game", (K.K_o,), "watch a played game", "Replay", ctrl=True),
    Shortcut("history", (K.K_h,), "back to the history of 1921 (from a played game)", "Replay"),
    Shortcut("help", (K.K_F1, K.K_SLASH), "this help", "Replay"),
    Shortcut("escape", (K.K_ESCAPE,), "close a window · back to the menu", "Replay"),
)

MOUSE_HELP: tuple[tuple[str, str], ...] = (
    ("Timeline bar", "click or drag to any day; a marker is an event (hover: what it is)"),
    ("Drag the map · wheel", "pan (stops following) · zoom toward the cursor"),
    ("Minimap", "click or drag to look there"),
    ("Calibration row", "click to go to that battle"),
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
    """(group, [(keys, what they do)]) for the help, shortcuts of one action merged."""
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
            rows.append((s.label(), s.help))
    return list(groups.items())
