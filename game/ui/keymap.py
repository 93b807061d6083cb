"""Every keyboard shortcut of the map screen, in one table the key handling and the help use.

The map scene asks `action_for(event)` what a key press means and the F1 overlay prints `HELP`,
both from `SHORTCUTS`, so the help cannot list a key that does nothing or miss one that works.
"""

from __future__ import annotations

from dataclasses import dataclass

import pygame

CTRL = pygame.KMOD_CTRL | pygame.KMOD_META  # Ctrl, or Cmd on a Mac


@dataclass(frozen=True)
class Shortcut:
    action: str  # what the map scene does (a method name in its action table)
    keys: tuple[int, ...]
    help: str
    group: str
    ctrl: bool = False  # needs Ctrl (or Cmd) held
    held: bool = False  # acts while held (panning), not once per press

    def label(self) -> str:
        names = [_key_name(k) for k in self.keys]
        return " / ".join(f"Ctrl+{n}" if self.ctrl else n for n in names)


def _key_name(k: int) -> str:
    special = {
        pygame.K_LEFT: "←",
        pygame.K_RIGHT: "→",
        pygame.K_UP: "↑",
        pygame.K_DOWN: "↓",
        pygame.K_RETURN: "Enter",
        pygame.K_KP_ENTER: "Keypad Enter",
        pygame.K_ESCAPE: "Esc",
        pygame.K_SPACE: "Space",
        pygame.K_BACKSPACE: "Backspace",
        pygame.K_TAB: "Tab",
        pygame.K_EQUALS: "=",
        pygame.K_PLUS: "+",
        pygame.K_MINUS: "−",
        pygame.K_KP_PLUS: "Keypad +",
        pygame.K_KP_MINUS: "Keypad −",
        pygame.K_HOME: "Home",
        pygame.K_SLASH: "?",
    }
    if k in special:
        return special[k]
    name = pygame.key.name(k)
    return name.upper() if len(name) <= 3 else name.title()


K = pygame
SHORTCUTS: tuple[Shortcut, ...] = (
    # map
    Shortcut("pan_west", (K.K_LEFT, K.K_a), "pan west", "Map", held=True),
    Shortcut("pan_east", (K.K_RIGHT, K.K_d), "pan east", "Map", held=True),
    Shortcut("pan_north", (K.K_UP, K.K_w), "pan north", "Map", held=True),
    Shortcut("pan_south", (K.K_DOWN, K.K_s), "pan south", "Map", held=True),
    Shortcut("zoom_in", (K.K_PLUS, K.K_EQUALS, K.K_KP_PLUS), "zoom in (toward the cursor)", "Map"),
    Shortcut("zoom_out", (K.K_MINUS, K.K_KP_MINUS), "zoom out", "Map"),
    Shortcut("whole_map", (K.K_HOME,), "show the whole theatre", "Map"),
    Shortcut("toggle_grid", (K.K_g,), "hex grid on/off", "Map"),
    Shortcut("toggle_history", (K.K_h,), "ghosts of history: where the real units stood", "Map"),
    # orders
    Shortcut("next_unit", (K.K_TAB,), "select the next unit that can still act", "Orders"),
    Shortcut("centre_selected", (K.K_c,), "centre the map on the selected unit", "Orders"),
    Shortcut(
        "join_attack",
        (K.K_j,),
        "all your ready units next to the enemy under the cursor join the attack",
        "Orders",
    ),
    Shortcut("undo", (K.K_z,), "undo the last move (while it revealed nothing)", "Orders", True),
    Shortcut("undo", (K.K_u, K.K_BACKSPACE), "undo the last move", "Orders"),
    Shortcut("end_turn", (K.K_e, K.K_RETURN, K.K_KP_ENTER), "end your phase", "Orders"),
    Shortcut("skip", (K.K_SPACE,), "skip the opponent's moves to the end of its phase", "Orders"),
    Shortcut("battle_report", (K.K_b,), "show or hide the last battle's report", "Orders"),
    # game
    Shortcut("save", (K.K_s,), "save in a named slot", "Game", ctrl=True),
    Shortcut("save", (K.K_F6,), "save in a named slot", "Game"),
    Shortcut("load", (K.K_l,), "load a saved game or an autosave", "Game", ctrl=True),
    Shortcut("load", (K.K_F9,), "load a saved game or an autosave", "Game"),
    Shortcut(
        "reload", (K.K_F5,), "reload the scenario and mods from disk, restart at turn 1", "Game"
    ),
    Shortcut("help", (K.K_F1, K.K_SLASH), "this help", "Game"),
    Shortcut(
        "escape",
        (K.K_ESCAPE,),
        "close a window · skip the opponent · clear the selection · leave to the menu",
        "Game",
    ),
)

MOUSE_HELP: tuple[tuple[str, str], ...] = (
    ("Left click on your unit", "select it (again: the next unit of the stack)"),
    ("Shift + left click", "add a unit to the selection, to attack together"),
    ("Left click on a lit hex", "move the selected unit there"),
    ("Left click on an enemy", "attack it with the selected units next to it"),
    ("Hover an enemy", "odds of the attack, losses and modifiers in the side panel"),
    ("Right click", "clear the selection"),
    ("Drag · wheel", "pan · zoom toward the cursor"),
    ("Pointer at the window's edge", "pan that way"),
    ("Minimap", "click or drag to jump there"),
)

HELD_KEYS = {k: s.action for s in SHORTCUTS if s.held for k in s.keys}


def action_for(event: pygame.event.Event) -> str | None:
    """The action a KEYDOWN event asks for, Ctrl combinations first; None if it means nothing."""
    ctrl = bool(getattr(event, "mod", 0) & CTRL)
    for s in SHORTCUTS:
        if event.key in s.keys and s.ctrl == ctrl:
            return s.action
    return None


def help_rows() -> list[tuple[str, list[tuple[str, str]]]]:
    """(group, [(keys, what they do)]) for the help overlay, shortcuts of one action merged."""
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
