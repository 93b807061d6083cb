"""The replay's clock: play and pause, speed, steps by day and by event, seeking by date.

Kept apart from drawing so the controls can be tested (and reasoned about) as plain arithmetic on
the moment `t` (days since the campaign's first day). At 1× a day of the campaign takes
`SECONDS_PER_DAY` seconds; the speeds run from half that pace to sixteen times it.
"""

from __future__ import annotations

import datetime as dt
import math
import re

from game.i18n import _, format_date, language
from game.ui.replay_model import Item, Replay

SPEEDS = (0.5, 1.0, 2.0, 4.0, 8.0, 16.0)
SECONDS_PER_DAY = 1.0
DEFAULT_SPEED = 2


class Playback:
    def __init__(self, replay: Replay, t: float = 0.0):
        self.replay = replay
        self.t = replay.clamp(t)
        self.playing = False
        self.speed_index = DEFAULT_SPEED
        self.pinned: Item | None = None  # the entry chosen by stepping or clicking a marker

    # ------------------------------------------------------------------ state
    @property
    def speed(self) -> float:
        return SPEEDS[self.speed_index]

    @property
    def at_end(self) -> bool:
        return self.t >= self.replay.days - 1e-6

    def item(self, picture) -> Item | None:
        """The entry the event panel shows: the pinned one while it is under way, else the
        latest one under way (a battle first among those of one day), else the latest so far."""
        if self.pinned is not None and self.pinned.t0 <= self.t + 1e-9 < self.pinned.t1 + 1:
            return self.pinned
        self.pinned = None
        if picture.current:
            newest = max(i.t0 for i in picture.current)
            same = [i for i in picture.current if i.t0 == newest]
            return next((i for i in same if i.is_battle), same[-1])
        return picture.latest

    # ------------------------------------------------------------------ controls
    def toggle(self) -> None:
        if not self.playing and self.at_end:
            self.seek(0.0)  # play again from the start
        self.playing = not self.playing

    def pause(self) -> None:
        self.playing = False

    def faster(self) -> None:
        self.speed_index = min(len(SPEEDS) - 1, self.speed_index + 1)

    def slower(self) -> None:
        self.speed_index = max(0, self.speed_index - 1)

    def set_speed(self, speed: float) -> None:
        self.speed_index = min(range(len(SPEEDS)), key=lambda i: abs(SPEEDS[i] - speed))

    def seek(self, t: float, pin: Item | None = None) -> None:
        self.t = self.replay.clamp(t)
        self.pinned = pin

    def seek_date(self, date: dt.date) -> None:
        self.seek(self.replay.t_of(date))

    def step_day(self, n: int) -> None:
        """To the start of the next (n > 0) or previous (n < 0) day; from the middle of a day,
        back goes to the start of that same day first."""
        self.pause()
        day = math.floor(self.t + 1e-9)
        if n < 0 and self.t - day > 1e-6:
            n += 1
        self.seek(day + n)

    def step_event(self, n: int) -> None:
        """To the next or previous entry of the timeline; entries of the same day are visited
        one by one (the clock stays on their day)."""
        self.pause()
        items = self.replay.items
        if not items:
            return
        if self.pinned is not None and self.pinned in items:
            i = items.index(self.pinned)
        else:
            i = self.replay.item_index_at(self.t)
            if n < 0 and i >= 0 and items[i].t0 < self.t - 1e-6:
                i += 1  # between entries: "back" is the last one begun
        j = i + (1 if n > 0 else -1)
        if 0 <= j < len(items):
            self.seek(items[j].t0, items[j])
        elif j < 0:
            self.seek(0.0)

    def to_start(self) -> None:
        self.pause()
        self.seek(0.0)

    def to_end(self) -> None:
        self.pause()
        self.seek(self.replay.days)

    def update(self, dt_seconds: float) -> bool:
        """Advance while playing; True when the moment changed."""
        if not self.playing:
            return False
        self.t = self.replay.clamp(self.t + dt_seconds * self.speed / SECONDS_PER_DAY)
        if self.at_end:
            self.playing = False
        return True


# ------------------------------------------------------------------------------ dates
MONTHS = {
    m.lower(): i
    for i, names in enumerate(
        (
            (),
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        )
    )
    for m in names
}


def month_names() -> dict[str, int]:
    """Month names a player may type: English, and those of the language in use (Babel's wide
    and abbreviated forms, lower case, without a trailing dot)."""
    out = dict(MONTHS)
    code = language()
    if code in ("en", "qps"):
        return out
    try:
        from babel.dates import get_month_names

        for width in ("wide", "abbreviated"):
            for k, name in get_month_names(width, locale=code).items():
                out.setdefault(name.lower().rstrip("."), k)
    except (ImportError, ValueError, LookupError):
        pass
    return out


def parse_day(text: str, year: int, first: dt.date, last: dt.date) -> dt.date:
    """A date typed in the replay's date box: `1921-07-06`, `07-06` (month-day), `6 July`,
    `July 6`, `6/7` or `6.7.1921` (day/month); the year defaults to the campaign's. ValueError
    with a message a player can act on."""
    s = text.strip().lower().replace(",", " ")
    months = month_names()
    date = None
    try:
        if re.fullmatch(r"\d{4}-\d{1,2}-\d{1,2}", s):
            y, m, d = (int(x) for x in s.split("-"))
            date = dt.date(y, m, d)
        elif re.fullmatch(r"\d{1,2}-\d{1,2}", s):
            m, d = (int(x) for x in s.split("-"))
            date = dt.date(year, m, d)
        elif re.fullmatch(r"\d{1,2}[./]\d{1,2}(?:[./]\d{4})?", s):
            parts = [int(x) for x in re.split(r"[./]", s)]
            date = dt.date(parts[2] if len(parts) > 2 else year, parts[1], parts[0])
        else:
            words = s.split()
            if len(words) in (2, 3):
                one, two = words[0].rstrip("."), words[1].rstrip(".")
                if one.isdigit() and two in months:
                    d, m = int(one), months[two]
                elif two.isdigit() and one in months:
                    d, m = int(two), months[one]
                else:
                    d = m = 0
                if m:
                    y = int(words[2]) if len(words) == 3 and words[2].isdigit() else year
                    date = dt.date(y, m, d)
    except ValueError:
        raise ValueError(
            _("'{typed}' is not a day of the calendar").format(typed=text.strip())
        ) from None
    if date is None:
        raise ValueError(
            _("'{typed}' is not a date like 1921-07-06 or 6 July").format(typed=text.strip())
        )
    if not first <= date <= last:
        raise ValueError(
            _("{date} is outside the campaign ({first} – {last})").format(
                date=format_date(date, "long"),
                first=format_date(first, "day"),
                last=format_date(last, "long"),
            )
        )
    return date
