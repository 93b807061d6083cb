"""Languages: every string a player reads goes through `_` (gettext), so a translator works on one
catalogue per language and never on code.

The catalogues are the `.po` files under `game/locale/<lang>/`, read with Babel and compiled to a
gettext catalogue in memory when the language is chosen (no build step, no stale `.mo` files). Keep
`_` calls at the place a string is shown: module-level tables mark their strings with `N_` and
translate them when they are drawn, because the language can change while the game runs. Dates and
numbers go through `format_date` / `format_number` (Babel's locale data), never `strftime`.

The pseudo-language `qps` wraps every translated string in ⟦ ⟧; a test renders the screens in it
and fails on any text drawn outside the brackets, i.e. on any string that skipped `_`.
"""

from __future__ import annotations

import datetime as dt
import gettext
import io
from pathlib import Path

LOCALE_DIR = Path(__file__).parent / "locale"
DEFAULT = "en"
PSEUDO = "qps"  # the pseudo-language of the tests
OPEN, CLOSE = "⟦", "⟧"

_LANGUAGE_NAMES = {"en": "English", "fr": "Français", PSEUDO: "Pseudo (⟦test⟧)"}

_current: gettext.NullTranslations = gettext.NullTranslations()
_language = DEFAULT


class UnknownLanguage(ValueError):
    """A language with no catalogue; the message lists the ones there are."""


# ----------------------------------------------------------------------------- the markers


def _(message: str) -> str:
    """`message` in the current language (itself when the catalogue has no translation)."""
    return _current.gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    """The singular or plural form for `n`, by the current language's plural rule."""
    return _current.ngettext(singular, plural, n)


def N_(message: str) -> str:
    """Mark `message` for the catalogue without translating it yet (tables built at import)."""
    return message


# ----------------------------------------------------------------------------- languages


def languages() -> dict[str, str]:
    """The languages there are, by code, each named in itself (English first)."""
    codes = [DEFAULT] + sorted(
        p.name for p in LOCALE_DIR.iterdir() if p.is_dir() and any(p.rglob("*.po"))
    )
    return {code: _LANGUAGE_NAMES.get(code, code) for code in codes}


def language() -> str:
    """The code of the language in use."""
    return _language


def set_language(code: str) -> None:
    """Use `code` from now on; `UnknownLanguage` (and no change) if it has no catalogue."""
    global _current, _language
    code = (code or DEFAULT).strip()
    if code == DEFAULT:
        _current = gettext.NullTranslations()
    elif code == PSEUDO:
        _current = _Pseudo()
    elif code in languages():
        _current = _compile(code)
    else:
        known = ", ".join(languages())
        raise UnknownLanguage(f"no language '{code}' (there are: {known})")
    _language = code


def locale_dir(code: str) -> Path:
    return LOCALE_DIR / code


def catalog_files(code: str) -> list[Path]:
    """The `.po` files of a language, in the order they are merged (earlier ones win)."""
    return sorted(locale_dir(code).rglob("*.po"))


def translated_messages(code: str):
    """The translated messages of a language's `.po` files, the first of each id (fuzzy ones
    too: the game leaves them out, the translators' check reports them)."""
    from babel.messages.pofile import read_po

    seen = set()
    for path in catalog_files(code):
        with path.open("rb") as f:
            for msg in read_po(f, locale=code):
                strings = msg.string if isinstance(msg.string, tuple) else (msg.string,)
                if msg.id and msg.id not in seen and all(strings):
                    seen.add(msg.id)
                    yield msg


def _compile(code: str) -> gettext.GNUTranslations:
    """The language's `.po` files merged into one gettext catalogue (untranslated and fuzzy
    entries are left out, so they fall back to English)."""
    from babel.messages.catalog import Catalog
    from babel.messages.mofile import write_mo

    merged = Catalog(locale=code, domain="messages")
    for msg in translated_messages(code):
        if not msg.fuzzy:
            merged.add(msg.id, msg.string)
    buf = io.BytesIO()
    write_mo(buf, merged)
    buf.seek(0)
    return gettext.GNUTranslations(buf)


class _Pseudo(gettext.NullTranslations):
    def gettext(self, message: str) -> str:
        return pseudo(message)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        return pseudo(singular if n == 1 else plural)


def pseudo(text: str) -> str:
    """`text` as the pseudo-language shows it."""
    return f"{OPEN}{text}{CLOSE}" if text else text


def bare(text: str) -> str:
    """What is left of `text` outside ⟦ ⟧ (nested brackets too): the pseudo-language's test looks
    for letters here."""
    out, depth = [], 0
    for ch in text:
        if ch == OPEN:
            depth += 1
        elif ch == CLOSE and depth:
            depth -= 1
        elif depth == 0:
            out.append(ch)
    return "".join(out)


# ----------------------------------------------------------------------------- dates, numbers


def _babel_locale() -> str:
    return DEFAULT if _language == PSEUDO else _language


def format_date(day: dt.date, form: str = "long") -> str:
    """`day` as the language writes it. `form`: "long" (4 June 1921), "short" (4 Jun), "day"
    (4 June), "medium" (4 Jun 1921) or a Babel pattern."""
    from babel.dates import format_date as babel_date

    pattern = {"long": "d MMMM y", "day": "d MMMM", "short": "d MMM", "medium": "d MMM y"}
    text = babel_date(day, pattern.get(form, form), locale=_babel_locale())
    return pseudo(text) if _language == PSEUDO else text


def format_number(value: float, digits: int = 0) -> str:
    """`value` with the language's digit grouping and decimal sign."""
    from babel.numbers import format_decimal

    pattern = "#,##0" + ("." + "0" * digits if digits else "")
    return format_decimal(value, pattern, locale=_babel_locale())
