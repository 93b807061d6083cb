"""Sound effects, synthesised (no audio files), and silence where there is no audio device.

The mixer is opened on the first sound, not at start (opening it can take a noticeable moment).
If it cannot be opened — no device, no driver, a headless test — the game stays silent and says
so in the settings; nothing else changes.
"""

from __future__ import annotations

import numpy as np
import pygame

RATE = 22050
TONES = {  # name: (frequency Hz, seconds, decay per second)
    "click": (660.0, 0.05, 60.0),
    "confirm": (880.0, 0.12, 25.0),
    "error": (180.0, 0.25, 10.0),
}


class Audio:
    def __init__(self, volume: float = 0.7):
        self.volume = float(volume)
        self.available: bool | None = None  # None: not tried yet
        self.reason = ""
        self._sounds: dict[str, pygame.mixer.Sound] = {}

    def _open(self) -> bool:
        if self.available is None:
            try:
                pygame.mixer.init(frequency=RATE, size=-16, channels=1)
                self.available = pygame.mixer.get_init() is not None
            except (pygame.error, OSError, NotImplementedError) as exc:
                self.available = False
                self.reason = str(exc) or "no audio device"
        return bool(self.available)

    def _sound(self, name: str) -> pygame.mixer.Sound | None:
        if name not in self._sounds:
            freq, secs, decay = TONES[name]
            _, _, channels = pygame.mixer.get_init()
            t = np.arange(int(RATE * secs)) / RATE
            wave = np.sin(2 * np.pi * freq * t) * np.exp(-decay * t) * 0.4 * 32767
            samples = wave.astype(np.int16)
            if channels > 1:
                samples = np.repeat(samples[:, None], channels, axis=1)
            self._sounds[name] = pygame.sndarray.make_sound(np.ascontiguousarray(samples))
        return self._sounds[name]

    def set_volume(self, volume: float) -> None:
        self.volume = min(1.0, max(0.0, float(volume)))

    def play(self, name: str) -> None:
        """Play a named effect at the current volume; silently nothing without a device."""
        if self.volume <= 0 or name not in TONES or not self._open():
            return
        try:
            sound = self._sound(name)
            sound.set_volume(self.volume)
            sound.play()
        except (pygame.error, ValueError, TypeError):
            self.available = False
            self.reason = "the audio device failed"

    def close(self) -> None:
        if self.available:
            pygame.mixer.quit()
        self.available = None
        self._sounds.clear()
