"""Colours, sizes and fonts shared by every screen, so a look is changed in one place."""

from __future__ import annotations

from pathlib import Path

import pygame

from game.paths import PROJECT_ROOT

WINDOW_SIZE = (1280, 800)
PANEL_W = 330  # the side panel on the right of the map
BG = (24, 28, 36)
OFF_MAP = (38, 46, 58)
PANEL_BG = (32, 36, 46)
PANEL_LINE = (70, 78, 96)
TEXT = (232, 232, 226)
TEXT_DIM = (150, 156, 168)
TEXT_WARN = (240, 120, 100)
TEXT_GOOD = (140, 220, 140)
ACCENT = (236, 196, 90)
BUTTON = (62, 70, 90)
BUTTON_HOVER = (84, 96, 124)
BUTTON_DISABLED = (46, 50, 60)
RIVER = (52, 110, 200)
RAIL = (40, 36, 36)
ROAD = (128, 72, 36)
TRACK = (112, 78, 46)
GRID = (0, 0, 0)
REACH = (255, 240, 120)
PATH = (255, 255, 255)
SELECT = (255, 220, 60)
TARGET = (255, 80, 60)

FONT_DIR = PROJECT_ROOT / "assets" / "fonts"
FONT_FILES = {False: "DejaVuSansCondensed.ttf", True: "DejaVuSansCondensed-Bold.ttf"}
FONT_SCALE = 0.7  # sizes are given in the default font's units; DejaVu runs larger

_FONTS: dict[tuple[int, bool], pygame.font.Font] = {}


def reset_fonts() -> None:
    """Forget loaded fonts: pygame invalidates them when its font module is shut down."""
    _FONTS.clear()


def font(size: int, bold: bool = False) -> pygame.font.Font:
    """The default font at a size, loaded once (font loading dominates start-up time)."""
    if not pygame.font.get_init():  # after a pygame.quit() every cached font is dead
        _FONTS.clear()
        pygame.font.init()
    key = (size, bold)
    f = _FONTS.get(key)
    if f is None:
        path = Path(FONT_DIR / FONT_FILES[bold])
        if path.exists():  # a bundled font with Cyrillic, Mongolian Latin and the symbols we use
            f = pygame.font.Font(str(path), max(6, round(size * FONT_SCALE)))
        else:
            f = pygame.font.Font(None, size)
            f.set_bold(bold)
        _FONTS[key] = f
    return f


def hex_colour(text: str) -> tuple[int, int, int]:
    text = text.lstrip("#")
    return int(text[0:2], 16), int(text[2:4], 16), int(text[4:6], 16)


def ink_on(colour: tuple[int, int, int]) -> tuple[int, int, int]:
    """Black or white, whichever reads better on `colour`."""
    r, g, b = colour[:3]
    return (20, 20, 20) if 0.299 * r + 0.587 * g + 0.114 * b > 140 else (250, 250, 250)
