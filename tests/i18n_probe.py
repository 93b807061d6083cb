"""Finds text drawn without going through gettext.

In the pseudo-language (`game.i18n.PSEUDO`) every translated string and every scenario text comes
back inside ⟦ ⟧. The probe records every string the screens draw — by hand (pygame fonts) or in
pygame_gui widgets — and `offending` keeps those with letters outside the brackets: a string that
never met `_`. Numbers, punctuation, single letters (key caps) and file paths pass.
"""

from __future__ import annotations

import contextlib
import html
import re
import sys
from collections.abc import Iterator

import pygame

from game.i18n import bare

_WORD = re.compile(r"[^\W\d_]{2,}")
_TAG = re.compile(r"<[^>]+>")
_PATH = re.compile(r"\S*[/\\]\S*|\S+\.(?:yaml|json|log|png|gif|po)\b")


def offending(text: str, allowed: tuple[str, ...] = ()) -> bool:
    """Whether `text` has a word outside the pseudo-language's brackets."""
    rest = bare(html.unescape(_TAG.sub("", text)))
    for a in allowed:
        rest = rest.replace(a, "")
    return bool(_WORD.search(_PATH.sub("", rest)))


def widget_texts(manager) -> Iterator[str]:
    """The texts of the visible pygame_gui widgets of a manager."""
    for el in manager.get_sprite_group().sprites():
        if hasattr(el, "visible") and not el.visible:
            continue
        kind = type(el).__name__
        if kind == "UITextEntryLine":  # what the player typed
            continue
        for attr in ("text", "html_text", "window_display_title"):
            value = getattr(el, attr, None)
            if isinstance(value, str) and value:
                yield value
        if kind == "UIDropDownMenu":
            for option in getattr(el, "options_list", []):
                yield option[0] if isinstance(option, tuple) else option
        if kind == "UISelectionList":
            for item in getattr(el, "item_list", []):
                yield item["text"]


class Probe:
    """Collects drawn strings; `check(app, where)` adds the top scene's widgets."""

    def __init__(self, allowed: tuple[str, ...] = ()):
        self.allowed = allowed
        self.drawn: list[str] = []
        self.found: dict[str, set[str]] = {}

    def check(self, app, where: str) -> None:
        texts = list(self.drawn)
        self.drawn.clear()
        scene = app.stack.top
        manager = getattr(scene, "ui", None)
        if manager is not None:
            texts += widget_texts(manager)
        bad = {t for t in texts if isinstance(t, str) and offending(t, self.allowed)}
        if bad:
            self.found.setdefault(where, set()).update(bad)

    def report(self) -> str:
        lines = []
        for where, texts in self.found.items():
            lines.append(f"{where}:")
            lines += [f"    {t!r}" for t in sorted(texts)]
        return "\n".join(lines)


@contextlib.contextmanager
def probing(allowed: tuple[str, ...] = ()) -> Iterator[Probe]:
    """Record every hand-drawn string while inside; fonts and text caches start empty."""
    from game.ui import theme, widgets

    probe = Probe(allowed)
    original = pygame.font.Font

    class ProbeFont(original):
        def render(self, text, *args, **kwargs):
            # pygame_gui draws its widgets' text in pieces: `check` reads it whole from the widget
            caller = sys._getframe(1).f_globals.get("__name__", "")
            if isinstance(text, str) and not caller.startswith("pygame_gui"):
                probe.drawn.append(text)
            return super().render(text, *args, **kwargs)

    pygame.font.Font = ProbeFont
    theme._FONTS.clear()
    widgets.clear_text_cache()
    try:
        yield probe
    finally:
        pygame.font.Font = original
        theme._FONTS.clear()
        widgets.clear_text_cache()


# Errors the crash picture injects on purpose, and the exception's class name
CRASH = ("RuntimeError", "an error injected for this picture")


def screens_in_pseudo(out, scenario_path: str | None = None) -> Probe:
    """Every screen of `python main.py screenshot`, drawn in the pseudo-language and probed."""
    from game import i18n
    from game.paths import DEFAULT_SCENARIO
    from game.ui.screenshot import render_all

    previous = i18n.language()
    i18n.set_language(i18n.PSEUDO)
    try:
        with probing(CRASH) as probe:
            render_all(scenario_path or str(DEFAULT_SCENARIO), out, observe=probe.check)
    finally:
        i18n.set_language(previous)
    return probe


if __name__ == "__main__":  # python tests/i18n_probe.py: what the screens draw untranslated
    import os
    import tempfile
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
    os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
    with tempfile.TemporaryDirectory() as tmp:
        found = screens_in_pseudo(Path(tmp))
    print(found.report() or "every drawn text went through gettext")
    raise SystemExit(1 if found.found else 0)
