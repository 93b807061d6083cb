"""The replay's controls without a screen: a clock over the timeline that a screen (or a test)
drives with actions and the time that passes.

The replay screen maps its keys, buttons and timeline bar to `ReplayClock.handle(action, value)`
and calls `update(dt)` once per frame, then draws `clock.frame()`; the clock never touches
pygame, so every control can be tested with synthetic events. At 1× one day passes per second.
The camera follows the action (`camera_target`) until the user pans (`user_panned`), and again
after `recenter`.
"""

from __future__ import annotations

import datetime as dt
import math

from game.history.timeline import Frame, Timeline

SPEEDS = (0.5, 1.0, 2.0, 4.0, 8.0, 16.0)
DAYS_PER_SECOND = 1.0  # at 1×
ACTIONS = (
    "play",
    "pause",
    "toggle",
    "day_forward",
    "day_back",
    "event_forward",
    "event_back",
    "faster",
    "slower",
    "seek_fraction",  # value: 0..1 along the timeline bar (click or drag)
    "seek_date",  # value: a date or "YYYY-MM-DD"
    "start",
    "end",
    "recenter",
)
KEYS = {  # suggested keyboard shortcuts (pygame key names) for the screen
    "space": "toggle",
    "right": "day_forward",
    "left": "day_back",
    "page down": "event_forward",
    "page up": "event_back",
    "+": "faster",
    "-": "slower",
    "home": "start",
    "end": "end",
    "c": "recenter",
}


class ReplayClock:
    def __init__(self, timeline: Timeline, start: dt.date | float | None = None):
        self.timeline = timeline
        self.t = timeline.t_of(start) if start is not None else 0.0
        self.playing = False
        self.speed_index = SPEEDS.index(1.0)
        self.follow = True

    # ------------------------------------------------------------------ state
    @property
    def speed(self) -> float:
        return SPEEDS[self.speed_index]

    @property
    def last(self) -> float:
        """The latest moment: the start of the last day."""
        return float(self.timeline.days - 1)

    @property
    def date(self) -> dt.date:
        return self.timeline.date_at(self.t)

    @property
    def fraction(self) -> float:
        """Where the clock is along the timeline bar, 0..1."""
        return self.t / self.last if self.last > 0 else 0.0

    def frame(self) -> Frame:
        return self.timeline.frame(self.t)

    def camera_target(self, frame: Frame | None = None) -> tuple[float, float] | None:
        """Where the camera should look (km), or None while the user has panned away."""
        if not self.follow:
            return None
        return (frame or self.frame()).focus

    def marker_fractions(self) -> list[tuple[float, str, str]]:
        """(0..1 along the bar, kind, id) of each event marker."""
        return [(t / self.last, kind, eid) for t, kind, eid in self.timeline.markers()]

    # ------------------------------------------------------------------ time
    def update(self, seconds: float) -> None:
        """Let `seconds` of real time pass; playing stops at the last day."""
        if not self.playing:
            return
        self.t = min(self.last, self.t + seconds * self.speed * DAYS_PER_SECOND)
        if self.t >= self.last:
            self.playing = False

    def seek(self, t: float) -> None:
        self.t = min(max(float(t), 0.0), self.last)

    def user_panned(self) -> None:
        self.follow = False

    # ------------------------------------------------------------------ actions
    def handle(self, action: str, value=None) -> None:
        """Apply one control; unknown actions raise ValueError (a screen's bug, not a user's)."""
        tl = self.timeline
        if action == "play":
            self.playing = self.t < self.last
        elif action == "pause":
            self.playing = False
        elif action == "toggle":
            self.handle("pause" if self.playing else "play")
        elif action == "day_forward":
            self.seek(math.floor(self.t + 1e-9) + 1)
        elif action == "day_back":
            day = math.floor(self.t + 1e-9)
            self.seek(day - 1 if self.t - day < 1e-9 else day)
        elif action == "event_forward":
            nxt = tl.next_entry(self.t)
            self.seek(nxt.t0 if nxt is not None else self.last)
        elif action == "event_back":
            prev = tl.previous_entry(self.t)
            self.seek(prev.t0 if prev is not None else 0.0)
        elif action == "faster":
            self.speed_index = min(self.speed_index + 1, len(SPEEDS) - 1)
        elif action == "slower":
            self.speed_index = max(self.speed_index - 1, 0)
        elif action == "seek_fraction":
            self.seek(float(value) * self.last)
        elif action == "seek_date":
            day = value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value))
            self.seek(tl.t_of(day))
        elif action == "start":
            self.seek(0.0)
        elif action == "end":
            self.seek(self.last)
        elif action == "recenter":
            self.follow = True
        else:
            raise ValueError(f"unknown replay action {action!r}; known: {', '.join(ACTIONS)}")
        if action.startswith(("day_", "event_", "seek", "start", "end")):
            self.follow = True
