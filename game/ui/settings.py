"""The player's settings: window, UI scale, sound, scrolling, colours, keys, first-game hints and
the last campaign options.

Kept as JSON in the OS's user config folder (platformdirs, e.g. ~/.config/mongolia1921/settings.json)
(or the data folder named by MONGOLIA1921_DATA_DIR) and written atomically on every change, so they survive a crash. The file is the player's own and
may be hand-edited: unknown keys are ignored, wrong or out-of-range values fall back to their
default one by one, and a damaged file gives the defaults plus a note — never an error at start.
No pygame here.
"""

from __future__ import annotations

import contextlib
import json
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path

from game.i18n import N_, _

APP_NAME = "mongolia1921"
FILE_NAME = "settings.json"

WINDOW_SIZES = ((1024, 640), (1280, 800), (1440, 900), (1600, 1000), (1920, 1080), (2560, 1440))
UI_SCALES = (0.75, 0.9, 1.0, 1.15, 1.3, 1.5, 1.75, 2.0)
PALETTES = ("scenario", "colour-blind")  # the scenario's faction colours, or a safe pair
MAX_BINDINGS = 4  # keys per action in the file (more is a hand-edit gone wrong)
VOLUME_RANGE = (0.0, 1.0)
SCROLL_RANGE = (0.25, 3.0)
MAX_WINDOW = (7680, 4320)


def default_path() -> Path:
    """The OS's user config folder, or the data folder when MONGOLIA1921_DATA_DIR names one
    (tests and portable copies keep everything in one place)."""
    import os

    from game import userdata

    if os.environ.get(userdata.ENV_VAR):
        return userdata.settings_path()
    import platformdirs

    return Path(platformdirs.user_config_dir(APP_NAME, appauthor=False)) / FILE_NAME


@dataclass
class Settings:
    window_size: tuple[int, int] = (1280, 800)
    fullscreen: bool = False
    ui_scale: float = 1.0
    volume: float = 0.7  # 0 … 1
    scroll_speed: float = 1.0  # multiplies the map's pan speed
    side: str = ""  # the last campaign's options, offered again in the menu
    opponent: str = "ai"  # "ai" (a computer player) or "hot-seat"
    ai_kind: str = "ai"  # which computer player: a kind from game.players
    palette: str = "scenario"  # "colour-blind": faction colours from a colour-blind-safe pair
    # rebound keys (keymap.py): the map's actions by name, the replay's as "replay.<action>"
    keys: dict[str, list[str]] = field(default_factory=dict)
    hints_dismissed: list[str] = field(default_factory=list)  # first-game hints not to show
    hints_done: bool = False  # the first turns of a first game are behind the player
    language: str = "en"  # a code of game.i18n.languages(); `--lang` overrides it for one run
    path: Path | None = field(default=None, repr=False, compare=False)  # None: not persisted
    note: str = field(default="", repr=False, compare=False)  # why the file was not used
    # the note as (English message, its fields): `shown_note` translates it when it is drawn
    _note: tuple[str, dict] | None = field(default=None, repr=False, compare=False)

    # ---------------------------------------------------------------- persistence
    @classmethod
    def load(cls, path: Path | None = None) -> Settings:
        """The settings in `path` (default: the user config folder); defaults when missing."""
        path = Path(path) if path is not None else default_path()
        s = cls(path=path)
        try:
            raw = path.read_bytes()
        except FileNotFoundError:
            return s
        except OSError as exc:
            s.set_note(
                N_("could not read {path} ({error}); using the defaults"),
                path=path,
                error=exc.strerror or exc,
            )
            return s
        try:
            data = json.loads(raw.decode("utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError):
            s.set_note(
                N_("{path} is damaged; using the defaults (it is rewritten on the next change)"),
                path=path,
            )
            return s
        if not isinstance(data, dict):
            s.set_note(N_("{path} does not hold settings; using the defaults"), path=path)
            return s
        s.update(**data)
        return s

    def save(self) -> bool:
        """Write the settings if they have a file; False (and a note) when that fails."""
        if self.path is None:
            return True
        from game.saves import write_atomic

        try:
            write_atomic(self.path, json.dumps(self.to_json(), indent=2))
        except OSError as exc:
            self.set_note(
                N_("could not save the settings to {path} ({error})"),
                path=self.path,
                error=exc.strerror or exc,
            )
            return False
        return True

    def set_note(self, message: str, **fields) -> None:
        """Say why the file was not used: `note` in English (the log), `shown_note` translated."""
        self._note = (message, {k: str(v) for k, v in fields.items()})
        self.note = message.format(**fields)

    def shown_note(self) -> str:
        """The note in the language in use (it is made at start, before the language is set)."""
        if self._note is None:
            return self.note
        message, fields = self._note
        return _(message).format(**fields)

    def to_json(self) -> dict:
        data = asdict(self)
        data.pop("path")
        data.pop("note")
        data.pop("_note")
        data["window_size"] = list(self.window_size)
        return data

    # -------------------------------------------------------------------- values
    def update(self, **values) -> None:
        """Set known fields from `values`, each checked; a bad value keeps the current one."""
        names = {f.name for f in fields(self)} - {"path", "note", "_note"}
        for name, value in values.items():
            if name not in names:
                continue
            with contextlib.suppress(TypeError, ValueError, OverflowError):
                setattr(self, name, _CHECK[name](value))


def _size(value) -> tuple[int, int]:
    w, h = (int(v) for v in value)
    if not (1 <= w <= MAX_WINDOW[0] and 1 <= h <= MAX_WINDOW[1]):
        raise ValueError("window size out of range")
    return w, h


def _bool(value) -> bool:
    if not isinstance(value, bool):
        raise TypeError("not a boolean")
    return value


def _range(lo: float, hi: float):
    def check(value) -> float:
        if isinstance(value, bool):
            raise TypeError("not a number")
        v = float(value)
        if not lo <= v <= hi:  # also refuses NaN
            raise ValueError("out of range")
        return v

    return check


def _text(value) -> str:
    if not isinstance(value, str) or len(value) > 100:
        raise TypeError("not a short text")
    return value


def _keys(value) -> dict[str, list[str]]:
    """Action → key specs ("ctrl+K_s"); the keymap checks that the names exist. An entry of the
    wrong shape is dropped on its own, so one bad line does not cost the player the others."""
    if not isinstance(value, dict) or len(value) > 200:
        raise TypeError("not a table of keys")
    out: dict[str, list[str]] = {}
    for action, specs in value.items():
        if not isinstance(specs, list) or not 1 <= len(specs) <= MAX_BINDINGS:
            continue
        with contextlib.suppress(TypeError):
            out[_text(action)] = [_text(k) for k in specs]
    return out


def _names(value) -> list[str]:
    if not isinstance(value, list) or len(value) > 100:
        raise TypeError("not a list of names")
    return [_text(v) for v in value]


_CHECK = {
    "window_size": _size,
    "fullscreen": _bool,
    "ui_scale": _range(min(UI_SCALES), max(UI_SCALES)),
    "volume": _range(*VOLUME_RANGE),
    "scroll_speed": _range(*SCROLL_RANGE),
    "side": _text,
    "opponent": lambda v: v if v in ("ai", "hot-seat") else _raise(),
    "ai_kind": _text,
    "palette": lambda v: v if v in PALETTES else _raise(),
    "keys": _keys,
    "hints_dismissed": _names,
    "hints_done": _bool,
    "language": lambda v: v if isinstance(v, str) and v in _languages() else _raise(),
}


def _languages() -> dict[str, str]:
    from game.i18n import languages

    return languages()


def _raise():
    raise ValueError("not an allowed value")
