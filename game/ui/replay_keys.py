"""Every keyboard shortcut of the replay screen, in one table its key handling, its help and the
Controls page use, with the player's own keys laid over it (the machinery is `keymap.py`'s).

`TABLE` names the defaults for the settings: a rebound replay action is kept as
`"replay.<action>"`, beside the map's bare names, so the same action name on both screens (pan,
zoom, help…) never collides. `current` is the replay's `KeyMap` in force: `keymap.use` makes it
anew, with the map's, whenever the settings change, and the Controls page rebinds it in place.
"""

from __future__ import annotations

import pygame

from game.i18n import N_, _
from game.ui.keymap import KeyMap, KeyTable, Shortcut

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

# TRANSLATORS: a tab of the Controls page: the keys of the historical replay screen
TABLE = KeyTable("replay", N_("Replay screen"), "replay.", SHORTCUTS)
ACTIONS = TABLE.actions

current = KeyMap(table=TABLE)


def use(overrides: dict[str, list[str]] | None) -> KeyMap:
    """Put the player's replay keys in force (the `replay.` entries of the settings' keys)."""
    global current
    current = KeyMap(overrides, TABLE)
    return current


def action_for(event: pygame.event.Event) -> str | None:
    """The action a KEYDOWN asks for with the keys in force: an exact match of Ctrl and Shift
    first, then one without Shift for a shifted key (`?` is Shift+/ on many keyboards)."""
    return current.action_for(event)


def help_rows() -> list[tuple[str, list[tuple[str, str]]]]:
    """(group, [(keys, what they do)]) for the help, one row per action with the keys in force,
    in the language in use."""
    return current.help_rows()


def mouse_rows() -> list[tuple[str, str]]:
    """The mouse's part of the help, in the language in use."""
    return [(_(what), _(does)) for what, does in MOUSE_HELP]
