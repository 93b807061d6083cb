"""Sound effects synthesised in NumPy (no audio files), chosen from the engine's events, and
silence where there is no audio device.

Each effect is a short deterministic waveform (noise bursts, decaying tones) normalised to the
same peak. `Sounds` opens the mixer once; when it cannot — no device, no driver — it stays
disabled and every call is a quiet no-op, so the game runs the same with or without sound.
"""

from __future__ import annotations

import numpy as np
import pygame

from game.engine.commands import Event

RATE = 22050
PEAK = 0.75  # of full scale: loud enough, with headroom when effects overlap
CAVALRY, GUNS = 1, 2  # indices of the battle event's forces (bayonets, sabres, guns, MGs)


def _envelope(n: int, decay: float) -> np.ndarray:
    return np.exp(-decay * np.arange(n) / RATE)


def _noise(n: int, seed: int) -> np.ndarray:
    return np.random.default_rng(seed).uniform(-1.0, 1.0, n)


def _tone(n: int, freq: float) -> np.ndarray:
    return np.sin(2 * np.pi * freq * np.arange(n) / RATE)


def _click() -> np.ndarray:
    n = int(0.03 * RATE)
    return _tone(n, 1200.0) * _envelope(n, 150.0)


def _march() -> np.ndarray:
    """Four muffled footfalls."""
    step = int(0.12 * RATE)
    thud = _noise(step, 1) * _envelope(step, 60.0) * 0.6 + _tone(step, 90.0) * _envelope(step, 40.0)
    return np.concatenate([thud, thud * 0.8, thud * 0.9, thud * 0.7])


def _rifle() -> np.ndarray:
    """A ragged volley: noise cracks at irregular intervals."""
    n = int(0.6 * RATE)
    out = np.zeros(n)
    rng = np.random.default_rng(2)
    crack = int(0.05 * RATE)
    for start in np.sort(rng.integers(0, n - crack, 9)):
        out[start : start + crack] += _noise(crack, int(start)) * _envelope(crack, 90.0)
    return out


def _artillery() -> np.ndarray:
    """A deep boom that rolls away."""
    n = int(1.1 * RATE)
    return (_noise(n, 3) * 0.5 + _tone(n, 55.0)) * _envelope(n, 5.0)


def _charge() -> np.ndarray:
    """A bugle call: three rising notes."""
    note = int(0.16 * RATE)
    parts = [_tone(note, f) * _envelope(note, 6.0) for f in (392.0, 523.3, 659.3)]
    return np.concatenate(parts)


EFFECTS = {
    "click": _click,
    "march": _march,
    "rifle": _rifle,
    "artillery": _artillery,
    "charge": _charge,
}


def render(name: str) -> np.ndarray:
    """The effect as mono 16-bit samples at RATE, peak at PEAK of full scale."""
    wave = EFFECTS[name]()
    wave = wave / max(float(np.abs(wave).max()), 1e-9) * PEAK
    return np.round(wave * 32767).astype(np.int16)


def effects_for(events: list[Event]) -> list[str]:
    """The effects a batch of engine events calls for, each once, in the order met."""
    out: list[str] = []

    def add(name: str) -> None:
        if name not in out:
            out.append(name)

    for e in events:
        if e.kind in ("move", "retreat", "advance"):
            add("march")
        elif e.kind == "battle":
            att = e.data.get("att_forces") or [0, 0, 0, 0]
            dfn = e.data.get("def_forces") or [0, 0, 0, 0]
            if att[CAVALRY] > 0:
                add("charge")
            if att[GUNS] > 0 or dfn[GUNS] > 0:
                add("artillery")
            add("rifle")
    return out


class Sounds:
    """The effects at a volume; silent (enabled False) where the mixer cannot be opened."""

    def __init__(self, volume: float = 0.7):
        self.volume = min(1.0, max(0.0, float(volume)))
        self.reason = ""
        self._cache: dict[str, pygame.mixer.Sound] = {}
        try:
            if pygame.mixer.get_init() is None:
                pygame.mixer.init(frequency=RATE, size=-16, channels=1)
            self.enabled = pygame.mixer.get_init() is not None
        except (pygame.error, OSError, NotImplementedError) as exc:
            self.enabled = False
            self.reason = str(exc) or "no audio device"

    def set_volume(self, volume: float) -> None:
        self.volume = min(1.0, max(0.0, float(volume)))

    def _sound(self, name: str) -> pygame.mixer.Sound:
        if name not in self._cache:
            samples = render(name)
            channels = pygame.mixer.get_init()[2]
            if channels > 1:
                samples = np.repeat(samples[:, None], channels, axis=1)
            self._cache[name] = pygame.sndarray.make_sound(np.ascontiguousarray(samples))
        return self._cache[name]

    def play(self, name: str) -> bool:
        """Play one effect; False when nothing was played (unknown, muted, no device)."""
        if not self.enabled or self.volume <= 0 or name not in EFFECTS:
            return False
        try:
            sound = self._sound(name)
            sound.set_volume(self.volume)
            sound.play()
        except (pygame.error, ValueError, TypeError) as exc:
            self.enabled = False
            self.reason = str(exc) or "the audio device failed"
            return False
        return True

    def play_for(self, events: list[Event]) -> list[str]:
        """Play what `events` call for; the effects actually played."""
        return [name for name in effects_for(events) if self.play(name)]
