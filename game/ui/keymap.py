"""Every keyboard shortcut of the map screen, in one table the key handling, the help and the
Controls page use, with the player's own keys laid over it — and the machinery the replay
screen's table (`replay_keys.py`) shares.

`SHORTCUTS` are the map's defaults, `MAP_KEYS` the table that names them for the settings. A
`KeyMap` holds one screen's keys in force: the defaults, except for the actions the player
rebound, kept in the settings by pygame's own constant names (so the file reads the same on every
keyboard layout and SDL version) under the screen's prefix: `{"end_turn": ["K_n"],
"replay.play_pause": ["ctrl+K_p"]}` — the map's actions bare, the replay's as `replay.<action>`,
so the two never collide. The map scene asks `current.action_for(event)` what a key press means
and the F1 overlay prints `current.help_rows()`, so the help cannot list a key that does nothing
or miss one that works. Clashes are per screen: a key another action of the same screen uses is
refused with the name of that action, while the map and the replay may give one key different
jobs.
"""

from __future__ import annotations

from dataclasses import dataclass

import pygame

from game.i18n import N_, _

CTRL = pygame.KMOD_CTRL | pygame.KMOD_META  # Ctrl, or Cmd on a Mac
MODIFIER_KEYS = frozenset(
    getattr(pygame, n)
    for n in (
        "K_LSHIFT",
        "K_RSHIFT",
        "K_LCTRL",
        "K_RCTRL",
        "K_LALT",
        "K_RALT",
        "K_LMETA",
        "K_RMETA",
        "K_LGUI",
        "K_RGUI",
        "K_CAPSLOCK",
        "K_NUMLOCK",
        "K_MODE",
    )
    if hasattr(pygame, n)
)


@dataclass(frozen=True)
class Shortcut:
    action: str  # what the map scene does (a method name in its action table)
    keys: tuple[int, ...]
    help: str
    group: str
    ctrl: bool = False  # needs Ctrl (or Cmd) held
    held: bool = False  # acts while held (panning), not once per press
    shift: bool = False  # needs Shift held

    def label(self) -> str:
        return " / ".join(b.label() for b in self.bindings())

    def bindings(self) -> tuple[Binding, ...]:
        return tuple(Binding(k, self.ctrl, self.shift) for k in self.keys)


# the names of keys that are words, translated when shown (pygame's own names are English)
_SPECIAL_KEYS: dict[int, str] = {
    pygame.K_LEFT: "←",
    pygame.K_RIGHT: "→",
    pygame.K_UP: "↑",
    pygame.K_DOWN: "↓",
    # TRANSLATORS: the name of a key, as the help and the Controls page show it
    pygame.K_RETURN: N_("Enter"),
    # TRANSLATORS: the Enter key of the numeric keypad
    pygame.K_KP_ENTER: N_("Keypad Enter"),
    # TRANSLATORS: the name of the Escape key
    pygame.K_ESCAPE: N_("Esc"),
    # TRANSLATORS: the name of the space bar
    pygame.K_SPACE: N_("Space"),
    # TRANSLATORS: the name of a key
    pygame.K_BACKSPACE: N_("Backspace"),
    # TRANSLATORS: the name of a key
    pygame.K_TAB: N_("Tab"),
    pygame.K_EQUALS: "=",
    pygame.K_PLUS: "+",
    pygame.K_MINUS: "−",
    # TRANSLATORS: the + key of the numeric keypad
    pygame.K_KP_PLUS: N_("Keypad +"),
    # TRANSLATORS: the − key of the numeric keypad
    pygame.K_KP_MINUS: N_("Keypad −"),
    # TRANSLATORS: the name of a key
    pygame.K_HOME: N_("Home"),
    pygame.K_SLASH: "?",
    # TRANSLATORS: the name of a key
    pygame.K_END: N_("End"),
    # TRANSLATORS: the name of a key
    pygame.K_DELETE: N_("Delete"),
    # TRANSLATORS: the name of a key
    pygame.K_INSERT: N_("Insert"),
    # TRANSLATORS: the name of a key
    pygame.K_PAGEUP: N_("Page Up"),
    # TRANSLATORS: the name of a key
    pygame.K_PAGEDOWN: N_("Page Down"),
    # TRANSLATORS: the name of a key
    pygame.K_PRINTSCREEN: N_("Print Screen"),
    # TRANSLATORS: the name of a key
    pygame.K_PAUSE: N_("Pause"),
    # TRANSLATORS: the name of a key
    pygame.K_SCROLLLOCK: N_("Scroll Lock"),
    # TRANSLATORS: the name of a key
    pygame.K_MENU: N_("Menu"),
}


def key_name(k: int) -> str:
    """The key's name in the current language: "F1", "A", "Space", "Keypad 5"."""
    if k in _SPECIAL_KEYS:
        return _(_SPECIAL_KEYS[k])
    name = pygame.key.name(k) if pygame.get_init() or pygame.display.get_init() else ""
    if not name:
        name = KEY_CONSTANTS.get(k, f"key {k}").removeprefix("K_")
    if len(name) >= 3 and name[0] == "[" and name[-1] == "]":  # SDL's keypad keys: "[5]"
        # TRANSLATORS: a key of the numeric keypad: "Keypad 5"
        return _("Keypad {key}").format(key=name[1:-1].upper())
    return name.upper() if len(name) <= 3 else name.title()


def _ctrl(name: str) -> str:
    # TRANSLATORS: a key pressed with Ctrl (Cmd on a Mac): "Ctrl+S"
    return _("Ctrl+{key}").format(key=name)


def _shift(name: str) -> str:
    # TRANSLATORS: a key pressed with Shift: "Shift+↑"
    return _("Shift+{key}").format(key=name)


# pygame's constant for every key code (the first name of a code, so the spelling is stable)
KEY_CONSTANTS: dict[int, str] = {}
for _name in sorted(n for n in dir(pygame) if n.startswith("K_")):
    KEY_CONSTANTS.setdefault(getattr(pygame, _name), _name)


@dataclass(frozen=True)
class Binding:
    """One key, with the modifiers it needs."""

    key: int
    ctrl: bool = False
    shift: bool = False

    def label(self) -> str:
        name = key_name(self.key)
        if self.shift:
            name = _shift(name)
        return _ctrl(name) if self.ctrl else name

    def spec(self) -> str:
        """How the settings file keeps it: "ctrl+shift+K_s"."""
        mods = ("ctrl+" if self.ctrl else "") + ("shift+" if self.shift else "")
        return mods + KEY_CONSTANTS.get(self.key, str(self.key))

    @classmethod
    def parse(cls, spec: str) -> Binding | None:
        """The binding a settings entry names, None when it names no key."""
        *mods, name = spec.strip().split("+")
        if any(m.lower() not in ("ctrl", "shift") for m in mods):
            return None
        key = getattr(pygame, name, None) if name.startswith("K_") else None
        if not isinstance(key, int) or key not in KEY_CONSTANTS:
            return None
        lower = [m.lower() for m in mods]
        return cls(key, "ctrl" in lower, "shift" in lower)

    @classmethod
    def of_event(cls, event: pygame.event.Event) -> Binding:
        mod = getattr(event, "mod", 0)
        return cls(event.key, bool(mod & CTRL), bool(mod & pygame.KMOD_SHIFT))


K = pygame
# the help texts and groups are marked here and translated where they are shown
MAP, CURSOR, ORDERS, GAME = N_("Map"), N_("Cursor"), N_("Orders"), N_("Game")
SAVE_HELP = N_("save in a named slot")
LOAD_HELP = N_("load a saved game or an autosave")
SHORTCUTS: tuple[Shortcut, ...] = (
    # map
    Shortcut("pan_west", (K.K_LEFT, K.K_a), N_("pan west"), MAP, held=True),
    Shortcut("pan_east", (K.K_RIGHT, K.K_d), N_("pan east"), MAP, held=True),
    Shortcut("pan_north", (K.K_UP, K.K_w), N_("pan north"), MAP, held=True),
    Shortcut("pan_south", (K.K_DOWN, K.K_s), N_("pan south"), MAP, held=True),
    Shortcut(
        "zoom_in", (K.K_PLUS, K.K_EQUALS, K.K_KP_PLUS), N_("zoom in (toward the cursor)"), MAP
    ),
    Shortcut("zoom_out", (K.K_MINUS, K.K_KP_MINUS), N_("zoom out"), MAP),
    Shortcut("whole_map", (K.K_HOME,), N_("show the whole theatre"), MAP),
    Shortcut("toggle_grid", (K.K_g,), N_("hex grid on/off"), MAP),
    Shortcut("toggle_history", (K.K_h,), N_("ghosts of history: where the real units stood"), MAP),
    # the map cursor: everything the mouse does, from the keyboard
    Shortcut("cursor_north", (K.K_UP,), N_("map cursor one hex north"), CURSOR, shift=True),
    Shortcut("cursor_south", (K.K_DOWN,), N_("map cursor one hex south"), CURSOR, shift=True),
    Shortcut("cursor_west", (K.K_LEFT,), N_("map cursor one hex west"), CURSOR, shift=True),
    Shortcut("cursor_east", (K.K_RIGHT,), N_("map cursor one hex east"), CURSOR, shift=True),
    Shortcut(
        "skip",
        (K.K_SPACE,),
        N_(
            "at the map cursor: select, move or attack (as a click) · "
            "while the opponent moves: skip to the end of its phase"
        ),
        CURSOR,
    ),
    # orders
    Shortcut("next_unit", (K.K_TAB,), N_("select the next unit that can still act"), ORDERS),
    Shortcut("centre_selected", (K.K_c,), N_("centre the map on the selected unit"), ORDERS),
    Shortcut(
        "join_attack",
        (K.K_j,),
        N_("all your ready units next to the enemy under the cursor join the attack"),
        ORDERS,
    ),
    Shortcut("undo", (K.K_z,), N_("undo the last move (while it revealed nothing)"), ORDERS, True),
    Shortcut("undo", (K.K_u, K.K_BACKSPACE), N_("undo the last move"), ORDERS),
    Shortcut("end_turn", (K.K_e, K.K_RETURN, K.K_KP_ENTER), N_("end your phase"), ORDERS),
    Shortcut("battle_report", (K.K_b,), N_("show or hide the last battle's report"), ORDERS),
    # game
    Shortcut("save", (K.K_s,), SAVE_HELP, GAME, ctrl=True),
    Shortcut("save", (K.K_F6,), SAVE_HELP, GAME),
    Shortcut("load", (K.K_l,), LOAD_HELP, GAME, ctrl=True),
    Shortcut("load", (K.K_F9,), LOAD_HELP, GAME),
    Shortcut(
        "reload",
        (K.K_F5,),
        N_("reload the scenario and mods from disk, restart at turn 1"),
        GAME,
    ),
    Shortcut("dismiss_hint", (K.K_x,), N_("dismiss the first-game hint on the map"), GAME),
    Shortcut("help", (K.K_F1, K.K_SLASH), N_("this help"), GAME),
    Shortcut(
        "escape",
        (K.K_ESCAPE,),
        N_("close a window · skip the opponent · clear the selection · leave to the menu"),
        GAME,
    ),
)

MOUSE = N_("Mouse")
MOUSE_HELP: tuple[tuple[str, str], ...] = (
    (N_("Left click on your unit"), N_("select it (again: the next unit of the stack)")),
    (N_("Shift + left click"), N_("add a unit to the selection, to attack together")),
    (N_("Left click on a lit hex"), N_("move the selected unit there")),
    (N_("Left click on an enemy"), N_("attack it with the selected units next to it")),
    (N_("Hover an enemy"), N_("odds of the attack, losses and modifiers in the side panel")),
    (N_("Right click"), N_("clear the selection")),
    (N_("Drag · wheel"), N_("pan · zoom toward the cursor")),
    (N_("Pointer at the window's edge"), N_("pan that way")),
    (N_("Minimap"), N_("click or drag to jump there")),
)

HELD_KEYS = {k: s.action for s in SHORTCUTS if s.held and not s.shift for k in s.keys}


@dataclass(frozen=True)
class Action:
    """One thing a key can do, as the Controls page lists it."""

    name: str
    help: str
    group: str
    held: bool


@dataclass(frozen=True)
class KeyTable:
    """The default shortcuts of one screen, and where its rebound keys go in the settings."""

    name: str  # "map", "replay"
    title: str  # marked with N_: the Controls page's tab, translated where drawn
    prefix: str  # before its action names in the settings: "" for the map, "replay."
    shortcuts: tuple[Shortcut, ...]

    @property
    def actions(self) -> tuple[Action, ...]:
        seen: dict[str, Action] = {}
        for s in self.shortcuts:
            seen.setdefault(s.action, Action(s.action, s.help, s.group, s.held))
        return tuple(seen.values())

    def defaults(self) -> dict[str, tuple[Binding, ...]]:
        out: dict[str, tuple[Binding, ...]] = {}
        for s in self.shortcuts:
            out[s.action] = out.get(s.action, ()) + s.bindings()
        return out

    def claims(self, entry: str) -> str | None:
        """The action a settings entry names on this screen (None: another screen's entry)."""
        if not entry.startswith(self.prefix):
            return None
        action = entry[len(self.prefix) :]
        return None if "." in action else action


# TRANSLATORS: a tab of the Controls page: the keys of the map, where the game is played
MAP_KEYS = KeyTable("map", N_("Map screen"), "", SHORTCUTS)
ACTIONS: tuple[Action, ...] = MAP_KEYS.actions


def default_bindings() -> dict[str, tuple[Binding, ...]]:
    return MAP_KEYS.defaults()


class KeyMap:
    """One screen's keys in force: its defaults with the player's rebound actions over them."""

    def __init__(self, overrides: dict[str, list[str]] | None = None, table: KeyTable = MAP_KEYS):
        self.table = table
        self.actions = table.actions
        self._defaults = table.defaults()
        self.bindings = dict(self._defaults)
        self.ignored: list[str] = []  # this screen's settings entries that name no action or key
        for entry, specs in (overrides or {}).items():
            action = table.claims(entry)
            if action is None:
                continue  # another screen's
            if action not in self.bindings or not isinstance(specs, (list, tuple)):
                self.ignored.append(entry)
                continue
            parsed = [Binding.parse(s) if isinstance(s, str) else None for s in specs]
            keys = tuple(dict.fromkeys(b for b in parsed if b is not None))
            if not keys or len(keys) != len(specs):
                self.ignored.append(entry)
                continue
            if any(self.owner(b, besides=action) for b in keys):
                self.ignored.append(entry)  # a hand-edit that clashes: the defaults stay
                continue
            self.bindings[action] = keys
        self._index()

    def _index(self) -> None:
        self._by_binding = {b: a for a, keys in self.bindings.items() for b in keys}
        held = {a.name for a in self.actions if a.held}
        self._held = {
            b.key: a
            for a, keys in self.bindings.items()
            if a in held
            for b in keys
            if not b.ctrl and not b.shift
        }

    # ------------------------------------------------------------------ lookups
    def action_for(self, event: pygame.event.Event) -> str | None:
        """The action of a KEYDOWN: an exact match of Ctrl and Shift first, then one without
        Shift for a shifted key (`?` is Shift+/ and `+` is Shift+= on many keyboards)."""
        b = Binding.of_event(event)
        found = self._by_binding.get(b)
        if found is None and b.shift:
            found = self._by_binding.get(Binding(b.key, b.ctrl, False))
        return found

    def held_action(self, key: int) -> str | None:
        """The action (a pan) a held key keeps doing (None for any other key)."""
        return self._held.get(key)

    def owner(self, binding: Binding, besides: str = "") -> str | None:
        """The action other than `besides` that already uses `binding`."""
        for action, keys in self.bindings.items():
            if action != besides and binding in keys:
                return action
        return None

    def keys_of(self, action: str) -> tuple[Binding, ...]:
        return self.bindings.get(action, ())

    def label(self, action: str) -> str:
        """Every key of an action: "E / Enter / Keypad Enter"."""
        # TRANSLATORS: in place of the keys of an action that has none
        return " / ".join(b.label() for b in self.keys_of(action)) or _("no key")

    def short(self, action: str) -> str:
        """One key of an action, for button captions and hints: "E" (a key without Ctrl first,
        unless the action's keys all need a modifier)."""
        keys = self.keys_of(action)
        if not keys:
            return _("no key")
        return next((b for b in keys if not b.ctrl), keys[0]).label()

    def help_rows(self) -> list[tuple[str, list[tuple[str, str]]]]:
        """(group, [(keys, what they do)]) for the help overlay, one row per action, in the
        current language."""
        groups: dict[str, list[tuple[str, str]]] = {}
        for a in self.actions:
            groups.setdefault(a.group, []).append((self.label(a.name), _(a.help)))
        return [(_(group), rows) for group, rows in groups.items()]

    def describe(self, action: str) -> str:
        """What an action does, in a few words, in the current language (its help up to the
        first " · " or " (": the translations keep that shape)."""
        for a in self.actions:
            if a.name == action:
                return _(a.help).split(" · ")[0].split(" (")[0]
        return action.replace("_", " ")

    def is_rebound(self, action: str) -> bool:
        return self.bindings.get(action) != self._defaults.get(action)

    # ------------------------------------------------------------------ changes
    def rebind(self, action: str, binding: Binding) -> str:
        """Make `binding` the key of `action`; "" when done, else why not (nothing changes)."""
        if action not in self.bindings:
            return _("there is no action {action}").format(action=repr(action))
        if binding.key in MODIFIER_KEYS:
            return _("Shift, Ctrl and Alt only go with another key")
        if binding.key == pygame.K_ESCAPE and action != "escape":
            return _("Esc is kept for closing windows")
        other = self.owner(binding, besides=action)
        if other is not None:
            return _("{key} is already the key of “{action}”").format(
                key=binding.label(), action=self.describe(other)
            )
        self.bindings[action] = (binding,)
        self._index()
        return ""

    def reset(self, action: str | None = None) -> None:
        """Back to the default keys (of one action, or of all this screen's)."""
        defaults = dict(self._defaults)
        if action is None:
            self.bindings = defaults
        elif action in defaults:
            trial = dict(self.bindings)
            trial[action] = defaults[action]
            for b in defaults[action]:  # another action took this default meanwhile: it yields
                other = next((a for a, ks in trial.items() if a != action and b in ks), None)
                if other is not None:
                    trial[other] = defaults[other]
            self.bindings = trial
        self._index()

    def overrides(self) -> dict[str, list[str]]:
        """This screen's rebound actions, as the settings keep them (names with its prefix)."""
        return {
            self.table.prefix + a: [b.spec() for b in keys]
            for a, keys in self.bindings.items()
            if keys != self._defaults.get(a)
        }


def describe(action: str) -> str:
    """What a map action does, in a few words, in the current language."""
    return current.describe(action)


current = KeyMap()


def use(overrides: dict[str, list[str]] | None) -> KeyMap:
    """Put the player's keys of every screen in force (at start and after the settings
    changed); returns the map's."""
    global current
    from game.ui import replay_keys  # its table is built on this module

    current = KeyMap(overrides)
    replay_keys.use(overrides)
    return current


def in_force() -> tuple[KeyMap, ...]:
    """The keys in force of every screen whose keys can be rebound, as the Controls page
    lists them."""
    from game.ui import replay_keys

    return (current, replay_keys.current)


def overrides() -> dict[str, list[str]]:
    """Every screen's rebound actions, as the settings keep them."""
    out: dict[str, list[str]] = {}
    for keys in in_force():
        out.update(keys.overrides())
    return out


def action_for(event: pygame.event.Event) -> str | None:
    """The action a KEYDOWN event asks for with the keys in force; None if it means nothing."""
    return current.action_for(event)


def help_rows() -> list[tuple[str, list[tuple[str, str]]]]:
    """(group, [(keys, what they do)]) for the help overlay, with the keys in force."""
    return current.help_rows()


def mouse_rows() -> tuple[str, list[tuple[str, str]]]:
    """The help's mouse section, in the current language."""
    return _(MOUSE), [(_(what), _(does)) for what, does in MOUSE_HELP]
