"""Scenario texts in other languages.

A translation is a YAML file beside the content it translates: `scenarios/translations/<stem>.
<lang>.yaml` for a scenario, `<mod folder>/mod.<lang>.yaml` (or `<stem>.<lang>.yaml` beside a
one-file mod) for a mod. It mirrors the scenario's sections, with each list written as a mapping
by `id` (by position for lists without ids), and gives only texts::

    translation: {language: fr, scenario: mongolia-1921}
    factions:
      fer: {name: "Armée de la République d'Extrême-Orient", description: "…"}
    history:
      events:
        urga_taken: {caption: "…"}

Only the text fields (`TEXT_FIELDS`) can be translated, so a translation can never change a rule,
a number or a date; a text it leaves out stays in the scenario's language. The translated scenario
is what screens show; fingerprints, saves and replays use the untranslated one (`World.base`), so
a game saved in French loads in English.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path as FsPath
from typing import Any

from game.scenario.errors import Diagnostic, Path, did_you_mean, dotted
from game.scenario.schema import Scenario

TEXT_FIELDS = frozenset(
    {
        "name",
        "title",
        "description",
        "caption",
        "text",
        "label",
        "message",
        "historical_note",
        "note",
    }
)
# A complete translation gives every text a player reads: the notes of sourced entries are for
# modders except where the replay and the encyclopedia show them (the notes of the sources are
# shown under every page that cites them); book titles stay as published.
SHOWN_NOTES = ("history", "encyclopedia")
SOURCES = ("meta", "sources")
TRANSLATIONS_DIR = "translations"
HEADER = "translation"


@dataclass
class Translation:
    """One translation file, parsed and checked against the scenario it translates."""

    file: str
    language: str
    texts: dict[Path, str] = field(default_factory=dict)  # scenario path -> translated text
    diagnostics: list[Diagnostic] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not any(d.is_error for d in self.diagnostics)


def translation_file(source: str | FsPath, language: str) -> FsPath:
    """Where the `language` texts of the scenario or mod file `source` live."""
    source = FsPath(source)
    if source.name == "mod.yaml":
        return source.with_name(f"mod.{language}.yaml")
    if source.parent.name == "scenarios" or (source.parent / TRANSLATIONS_DIR).is_dir():
        return source.parent / TRANSLATIONS_DIR / f"{source.stem}.{language}.yaml"
    return source.with_name(f"{source.stem}.{language}.yaml")


def read(path: str | FsPath, scenario: Scenario, language: str) -> Translation:
    """Parse the translation in `path` for `scenario`; every problem is a located diagnostic."""
    from game.scenario.yamlsafe import load_bytes

    filename = str(path)
    out = Translation(filename, language)
    try:
        raw = FsPath(path).read_bytes()
    except OSError as exc:
        out.diagnostics.append(Diagnostic(filename, 0, 0, f"cannot read: {exc.strerror or exc}"))
        return out
    loaded = load_bytes(raw, filename)
    out.diagnostics += loaded.diagnostics
    if loaded.fatal:
        return out
    data, marks = loaded.data, loaded.marks

    def err(where: Path, message: str, severity: str = "error", key: bool = True) -> None:
        line, col = marks.locate(where, key=key)
        out.diagnostics.append(
            Diagnostic(filename, line, col, message, where, severity, "translation")
        )

    if not isinstance(data, dict):
        err((), "expected a mapping: the `translation` header, then the sections to translate")
        return out
    header = data.get(HEADER)
    if not isinstance(header, dict) or not isinstance(header.get("language"), str):
        err((HEADER,), "begins with `translation: {language: <code>, scenario: <meta.id>}`")
    else:
        if header["language"] != language:
            err((HEADER, "language"), f"is for '{header['language']}', not '{language}'")
        sid = header.get("scenario")
        if sid is not None and sid != scenario.meta.id:
            err((HEADER, "scenario"), f"is for '{sid}', not '{scenario.meta.id}'")
    base = scenario.model_dump(mode="json", by_alias=True)
    for key, value in data.items():
        if key != HEADER:
            _match((key,), value, base.get(key, _MISSING), (key,), out, err)
    return out


_MISSING = object()


def _match(tpath: Path, tvalue: Any, bvalue: Any, spath: Path, out: Translation, err) -> None:
    """Walk the translation (`tpath`) beside the scenario (`spath`), collecting texts."""
    name = tpath[-1]
    if bvalue is _MISSING:
        err(tpath, f"the scenario has no '{dotted(tpath)}'")
        return
    if isinstance(bvalue, str) or bvalue is None:
        if name not in TEXT_FIELDS:
            err(tpath, f"'{name}' is not a text: only {', '.join(sorted(TEXT_FIELDS))} translate")
        elif not isinstance(tvalue, str) or not tvalue.strip():
            err(tpath, "expected the translated text", key=False)
        else:
            out.texts[spath] = tvalue
        return
    if not isinstance(bvalue, dict | list):
        err(tpath, f"'{name}' is not a text: only {', '.join(sorted(TEXT_FIELDS))} translate")
        return
    if not isinstance(tvalue, dict):
        err(tpath, "expected a mapping of what to translate inside it", key=False)
        return
    if isinstance(bvalue, dict):
        for k, v in tvalue.items():
            if k not in bvalue:
                err(tpath + (k,), f"no '{k}' in '{dotted(tpath)}'{did_you_mean(k, bvalue)}")
            else:
                _match(tpath + (k,), v, bvalue[k], spath + (k,), out, err)
        return
    if isinstance(bvalue, list):
        ids = {item.get("id"): i for i, item in enumerate(bvalue) if isinstance(item, dict)}
        for k, v in tvalue.items():
            if k in ids and k is not None:
                i = ids[k]
            elif str(k).isdigit() and int(k) < len(bvalue):  # a position, quoted or not
                i = int(k)
            else:
                known = [x for x in ids if x is not None]
                err(tpath + (k,), f"no '{k}' in '{dotted(tpath)}'{did_you_mean(k, known)}")
                continue
            _match(tpath + (k,), v, bvalue[i], spath + (i,), out, err)


def texts(scenario: Scenario) -> Iterator[tuple[Path, str, bool]]:
    """Every text of the scenario: (path, text, whether a complete translation must give it)."""
    yield from _texts(scenario.model_dump(mode="json", by_alias=True), ())


def _texts(value: Any, path: Path) -> Iterator[tuple[Path, str, bool]]:
    if isinstance(value, dict):
        for k, v in value.items():
            if isinstance(v, str) and k in TEXT_FIELDS:
                if v.strip():
                    yield path + (k,), v, _required(path + (k,))
            elif isinstance(v, dict | list):
                yield from _texts(v, path + (k,))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            yield from _texts(v, path + (i,))


def _required(path: Path) -> bool:
    if path[:2] == SOURCES:
        return path[-1] == "note"
    return path[-1] != "note" or path[0] in SHOWN_NOTES


def missing(scenario: Scenario, translations: list[Translation]) -> list[str]:
    """The texts a complete translation must give and these translations leave out, written as
    translation paths (`factions.fer.name`)."""
    given = set().union(*(t.texts for t in translations)) if translations else set()
    data = scenario.model_dump(mode="json", by_alias=True)
    return [
        _translation_path(data, path)
        for path, _, required in _texts(data, ())
        if required and path not in given
    ]


def _translation_path(data: Any, path: Path) -> str:
    """A scenario path (indices) as a translation writes it (ids)."""
    parts, node = [], data
    for p in path:
        if isinstance(p, int) and isinstance(node, list):
            item = node[p]
            parts.append(str(item.get("id", p)) if isinstance(item, dict) else str(p))
        else:
            parts.append(str(p))
        node = node[p]
    return ".".join(parts)


def apply(scenario: Scenario, translations: list[Translation]) -> Scenario:
    """`scenario` with the texts of `translations` (later ones win); the rest untouched."""
    if not any(t.texts for t in translations):
        return scenario
    data = scenario.model_dump(mode="python", by_alias=True)
    for t in translations:
        for path, value in t.texts.items():
            _set(data, path, value)
    return Scenario.model_validate(data)


def _set(data: Any, path: Path, value: str) -> None:
    for p in path[:-1]:
        data = data[p]
    data[path[-1]] = value


def pseudo(scenario: Scenario) -> Scenario:
    """Every text of `scenario` in the pseudo-language (the untranslated-string test)."""
    from game.i18n import pseudo as wrap

    data = scenario.model_dump(mode="python", by_alias=True)
    for path, value, _ in list(_texts(data, ())):
        _set(data, path, wrap(value))
    return Scenario.model_validate(data)


def translate(
    scenario: Scenario, sources: list[str | FsPath], language: str
) -> tuple[Scenario, list[Diagnostic]]:
    """`scenario` in `language`: the translations of its scenario and mod files `sources` that
    exist, applied. A translation with errors is left out (its diagnostics say why), so a broken
    translation costs its texts, never the game."""
    from game.i18n import DEFAULT, PSEUDO

    if language == PSEUDO:
        return pseudo(scenario), []
    if language == DEFAULT:
        return scenario, []
    good, diagnostics = [], []
    for source in sources:
        path = translation_file(source, language)
        if not path.is_file():
            continue
        t = read(path, scenario, language)
        diagnostics += t.diagnostics
        if t.ok:
            good.append(t)
    try:
        return apply(scenario, good), diagnostics
    except Exception as exc:  # a text that breaks a length limit, say: keep the original
        where = ", ".join(t.file for t in good)
        diagnostics.append(Diagnostic(where, 0, 0, f"translation not used: {exc}"))
        return scenario, diagnostics


def check_translations(source: str | FsPath, scenario: Scenario, whole: bool = True) -> list:
    """Diagnostics of every translation of the scenario or mod file `source`, as `validate`
    prints them; for a whole scenario (`whole`), a warning names the texts left in English."""
    from game.i18n import DEFAULT, PSEUDO, languages

    out: list[Diagnostic] = []
    for language in languages():
        if language in (DEFAULT, PSEUDO):
            continue
        path = translation_file(source, language)
        if not path.is_file():
            continue
        t = read(path, scenario, language)
        out += t.diagnostics
        if whole and t.ok:
            left = missing(scenario, [t])
            if left:
                more = f" and {len(left) - 3} more" if len(left) > 3 else ""
                message = (
                    f"{len(left)} text{'s' if len(left) != 1 else ''} not translated into "
                    f"{language}, shown in the scenario's language: {', '.join(left[:3])}{more}"
                )
                out.append(Diagnostic(str(path), 1, 1, message, (), "warning", "untranslated"))
    return out
