"""Colours, sizes and fonts shared by every screen, so a look is changed in one place.

Two looks share these values: what the screens draw themselves (the map, counters, charts) through
`font()` and the colours below, and the pygame_gui widgets (buttons, panels, dialogs, tooltips)
through `assets/ui_theme.json`, loaded by `make_manager()`. `set_ui_scale()` scales both.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pygame

from game.paths import PROJECT_ROOT

WINDOW_SIZE = (1280, 800)
MIN_WINDOW = (960, 600)  # below this the menus and the map's side panel no longer fit
BASE_PANEL_W = 330
PANEL_W = BASE_PANEL_W  # the side panel on the right of the map (scaled with the UI)
UI_SCALE = 1.0
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
MONO_FONT = "DejaVuSansMono.ttf"  # quoted scenario lines with a caret under the column
FONT_SCALE = 0.7  # sizes are given in the default font's units; DejaVu runs larger
GUI_THEME_FILE = PROJECT_ROOT / "assets" / "ui_theme.json"

_FONTS: dict[tuple[int, bool], pygame.font.Font] = {}
_GUI_THEME: dict | None = None


def reset_fonts() -> None:
    """Forget loaded fonts: pygame invalidates them when its font module is shut down."""
    _FONTS.clear()


def set_ui_scale(scale: float) -> None:
    """Scale text, widgets and the map's side panel (the settings' "UI scale")."""
    global UI_SCALE, PANEL_W
    scale = min(2.0, max(0.5, float(scale)))
    if scale != UI_SCALE:
        UI_SCALE = scale
        PANEL_W = round(BASE_PANEL_W * scale)
        _FONTS.clear()
        try:
            from game.ui import widgets

            widgets.clear_text_cache()
        except ImportError:  # pragma: no cover - widgets always ships with theme
            pass


def px(n: float) -> int:
    """A layout length at the current UI scale."""
    return round(n * UI_SCALE)


def gui_theme() -> dict:
    """The pygame_gui theme (assets/ui_theme.json) with font paths resolved and sizes scaled."""
    global _GUI_THEME
    if _GUI_THEME is None:
        _GUI_THEME = json.loads(GUI_THEME_FILE.read_text(encoding="utf-8"))
    data = copy.deepcopy(_GUI_THEME)
    for block in data.values():
        f = block.get("font") if isinstance(block, dict) else None
        if not isinstance(f, dict):
            continue
        for key in ("regular_path", "bold_path"):
            if key in f:
                f[key] = str(FONT_DIR / f[key])
        if "size" in f:
            f["size"] = str(max(8, round(int(f["size"]) * UI_SCALE)))
    return data


def make_manager(size: tuple[int, int]):
    """A pygame_gui UIManager for one screen, with the game's theme and the monospace font."""
    import warnings

    import pygame_gui

    # pygame_gui warns each time it loads a font size on demand; that is expected here
    warnings.filterwarnings("ignore", message="Finding font with id", category=UserWarning)
    from pygame_gui.core import BlockingThreadedResourceLoader

    # one loading thread, not five: every scene has its own manager, and each new thread grows
    # the process by a malloc arena (hundreds of MB after a few hundred screens)
    loader = BlockingThreadedResourceLoader()
    loader.num_loading_threads = 1
    manager = pygame_gui.UIManager(
        size, gui_theme(), enable_live_theme_updates=False, resource_loader=loader
    )
    loader.start()
    loader.update()
    mono = str(FONT_DIR / MONO_FONT)
    manager.add_font_paths("mono", mono, mono)
    return manager


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
            f = pygame.font.Font(str(path), max(6, round(size * FONT_SCALE * UI_SCALE)))
        else:
            f = pygame.font.Font(None, round(size * UI_SCALE))
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


def number(value: float, digits: int = 2) -> str:
    """`value` as the language writes numbers, with as few decimals as it needs up to `digits`
    (what `f"{value:g}"` shows: 12, 1.5, 10.92; 1,5 and 10,92 in French)."""
    from game.i18n import format_number

    for d in range(digits):
        if round(value, d) == round(value, digits):
            return format_number(value, d)
    return format_number(value, digits)
