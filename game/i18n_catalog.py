"""The translators' tool: extract the strings marked with `_`, `N_` and `ngettext` from the code
(Babel's extractor), bring each language's catalogue up to date, and check it is complete.

    python -m game.i18n_catalog extract        # writes game/locale/messages.pot
    python -m game.i18n_catalog update         # adds new strings to every language, drops gone ones
    python -m game.i18n_catalog check [LANG]   # lists untranslated, fuzzy and mismatched strings

`check` is what the test suite runs: a string shown to the player without a translation fails it.
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass
from pathlib import Path

from game.i18n import DEFAULT, LOCALE_DIR, catalog_files, translated_messages

PACKAGE = Path(__file__).parent
TEMPLATE = LOCALE_DIR / "messages.pot"
KEYWORDS = {"_": None, "N_": None, "ngettext": (1, 2)}
_FIELD = re.compile(r"\{([^{}:!]*)[^{}]*\}")


def extract():
    """A Babel catalogue of every marked string in `game/`, with where each is used."""
    from babel.messages.catalog import Catalog
    from babel.messages.extract import extract_from_dir

    catalog = Catalog(project="Mongolia 1921", domain="messages")
    method_map = [("**/locale/**", "ignore"), ("**.py", "python")]
    for filename, lineno, message, comments, context in extract_from_dir(
        PACKAGE,
        method_map,
        keywords=KEYWORDS,
        comment_tags=("TRANSLATORS:",),
        strip_comment_tags=True,
    ):
        where = [(f"game/{filename}", lineno)]
        catalog.add(message, None, where, auto_comments=comments, context=context)
    return catalog


def write_template() -> Path:
    from babel.messages.pofile import write_po

    TEMPLATE.parent.mkdir(parents=True, exist_ok=True)
    with TEMPLATE.open("wb") as f:
        write_po(f, extract(), width=100, sort_output=True)
    return TEMPLATE


def update(code: str) -> Path:
    """Merge the template into `code`'s catalogue (`<lang>/LC_MESSAGES/messages.po`), keeping
    every translation of a string that is still used."""
    from babel.messages.catalog import Catalog
    from babel.messages.pofile import write_po

    template = extract()
    main = LOCALE_DIR / code / "LC_MESSAGES" / "messages.po"
    catalog = Catalog(locale=code, domain="messages", project="Mongolia 1921")
    for msg in translated_messages(code):  # fragments too: they are folded into the one file
        catalog.add(msg.id, msg.string, auto_comments=msg.auto_comments)
    catalog.update(template, no_fuzzy_matching=True)
    main.parent.mkdir(parents=True, exist_ok=True)
    with main.open("wb") as f:
        write_po(f, catalog, width=100, sort_output=True, ignore_obsolete=True)
    for path in catalog_files(code):
        if path != main:
            path.unlink()
    return main


@dataclass
class Problem:
    message: str
    where: str
    why: str

    def __str__(self) -> str:
        return f"{self.where}: {self.why}: {self.message!r}"


def check(code: str) -> list[Problem]:
    """Every marked string without a usable translation in `code`: missing, empty, fuzzy, or
    with other `{fields}` than the English (which would break `.format`)."""

    have: dict = {}
    fuzzy: set = set()
    for msg in translated_messages(code):
        if msg.fuzzy:
            fuzzy.add(msg.id)
        else:
            have[msg.id] = msg.string
    problems = []
    for msg in extract():
        if not msg.id:
            continue
        where = ", ".join(f"{f}:{n}" for f, n in msg.locations[:2])
        ids = msg.id if isinstance(msg.id, tuple) else (msg.id,)
        if msg.id not in have:
            why = "fuzzy" if msg.id in fuzzy else "not translated"
            problems.append(Problem(ids[0], where, why))
            continue
        strings = have[msg.id] if isinstance(have[msg.id], tuple) else (have[msg.id],)
        for s in strings:
            if _fields(s) != _fields(ids[-1]) and _fields(s) != _fields(ids[0]):
                problems.append(Problem(ids[0], where, f"fields differ in {s!r}"))
    return problems


def _fields(text: str) -> set[str]:
    return set(_FIELD.findall(text.replace("{{", "").replace("}}", "")))


def main(argv: list[str] | None = None) -> int:
    from game.i18n import languages

    args = list(sys.argv[1:] if argv is None else argv)
    what = args.pop(0) if args else "check"
    codes = args or [c for c in languages() if c != DEFAULT]
    if what == "extract":
        print(write_template())
    elif what == "update":
        write_template()
        for code in codes:
            print(update(code))
    elif what == "check":
        bad = 0
        for code in codes:
            problems = check(code)
            for p in problems:
                print(f"[{code}] {p}")
            print(f"{code}: {len(problems)} problem{'s' if len(problems) != 1 else ''}")
            bad += len(problems)
        return 1 if bad else 0
    else:
        print(__doc__)
        return 2
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
