"""Mods: whole scenarios and patches that change a scenario by id, with no code.

A mod is a folder holding either `scenario.yaml` (a whole scenario, the same format as
`scenarios/*.yaml`) or `mod.yaml` (a patch). A patch names the scenario it changes with
`extends:` (a scenario id such as `"1921"`, or a path relative to the patch) and then, section by
section, what it adds, replaces or removes:

```yaml
extends: "1921"
units:
  add: [{id: new_unit, ...}]        # new entries, appended; an id already in use is an error
  replace: [{id: old_unit, ...}]    # whole entries, matched by id
  remove: [some_unit]               # ids
rules:
  merge: {combat: {noise_sigma: 0.4}}   # deep merge of mappings; a list or value replaces
```

Within one patch, `remove` runs first, then `replace`, then `add`, then `merge`. Several patches
apply in the order given (`--mod A --mod B`); when two patches change the same entry, the later
wins and a `mod-conflict` warning names both places. Errors in a patch are reported in the patch
file; errors found in the merged scenario point to the file the offending entry came from
(`MergedMarks`). Mods are found in `mods/` of the project and in the user data folder
(`platformdirs`); `list_content()` lists them with the scenarios, for the game's menu.
"""

from __future__ import annotations

import copy
import os
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path as FsPath
from typing import Any, Generic, Literal, TypeVar

from pydantic import Field, ValidationError

from game.paths import PROJECT_ROOT, SCENARIOS_DIR
from game.scenario import loader
from game.scenario.errors import Diagnostic, Path, ScenarioError, did_you_mean, dotted
from game.scenario.schema import (
    Area,
    Article,
    Commander,
    CommanderStake,
    Event,
    Faction,
    HistoricalBattle,
    HistoricalEvent,
    Id,
    Model,
    Objective,
    Place,
    River,
    Route,
    Scenario,
    Side,
    Source,
    SuddenDeath,
    Terrain,
    Topic,
    Track,
    Unit,
    UnitType,
)
from game.scenario.yamlsafe import Marks

MODS_DIR = PROJECT_ROOT / "mods"
MOD_FILE = "mod.yaml"
SCENARIO_FILE = "scenario.yaml"
APP_NAME = "mongolia1921"
PAST = {"add": "added", "replace": "replaced", "update": "updated", "remove": "removed"}

T = TypeVar("T")


# ------------------------------------------------------------------------------ the format


class ListPatch(Model, Generic[T]):
    """Changes to a list of entries with ids. Order of work: remove, replace, update, add."""

    add: list[T] = Field(
        default_factory=list, description="New entries, appended; their ids must be new."
    )
    replace: list[T] = Field(
        default_factory=list,
        description="Whole entries that take the place of the entries with the same id.",
    )
    remove: list[Id] = Field(default_factory=list, description="Ids of entries to delete.")
    update: list[dict[str, Any]] = Field(
        default_factory=list,
        description="Partial entries: each names an existing id and the keys to change; they "
        "are deep-merged into that entry (mappings key by key, other values replaced).",
        examples=[[{"id": "r_103rd_brigade", "arrive": {"date": "1921-06-01"}}]],
    )


class KeyedPatch(Model, Generic[T]):
    """Changes to a mapping of entries by id (terrain, sides)."""

    add: dict[Id, T] = Field(default_factory=dict, description="New entries by new id.")
    replace: dict[Id, T] = Field(
        default_factory=dict, description="Whole entries for ids already defined."
    )
    remove: list[Id] = Field(default_factory=list, description="Ids of entries to delete.")


Merge = dict[str, Any]
MERGE_DESCRIPTION = (
    "Deep merge into this section: mappings merge key by key, any other value (a number, a text, "
    "a list) replaces what was there. Lists of entries with ids are patched by their own keys."
)


class MetaPatch(Model):
    merge: Merge = Field(
        default_factory=dict,
        description=MERGE_DESCRIPTION,
        examples=[{"title": "Mongolia 1921: what if", "end": "1921-09-30"}],
    )
    sources: ListPatch[Source] | None = None


class MapPatch(Model):
    merge: Merge = Field(
        default_factory=dict, description=MERGE_DESCRIPTION, examples=[{"hex_km": 12.0}]
    )
    areas: ListPatch[Area] | None = None
    rivers: ListPatch[River] | None = None
    routes: ListPatch[Route] | None = None
    places: ListPatch[Place] | None = None


class RulesPatch(Model):
    merge: Merge = Field(
        default_factory=dict,
        description=MERGE_DESCRIPTION,
        examples=[{"combat": {"noise_sigma": 0.4}, "movement": {"stacking_limit": 4}}],
    )


class VictoryPatch(Model):
    merge: Merge = Field(
        default_factory=dict,
        description=MERGE_DESCRIPTION + " `levels` is a list without ids: merge replaces it whole.",
        examples=[{"historical_score": 40}],
    )
    objectives: ListPatch[Objective] | None = None
    commanders: ListPatch[CommanderStake] | None = Field(
        None, description="Commander stakes, matched by `commander` instead of `id`."
    )
    sudden_death: ListPatch[SuddenDeath] | None = None


class HistoryPatch(Model):
    """The historical record: its tracks, battles and events are patched by id."""

    merge: Merge = Field(
        default_factory=dict, description=MERGE_DESCRIPTION, examples=[{"description": "..."}]
    )
    tracks: ListPatch[Track] | None = None
    battles: ListPatch[HistoricalBattle] | None = None
    events: ListPatch[HistoricalEvent] | None = None


class EncyclopediaPatch(Model):
    """The encyclopedia: each list of articles is patched by id, the id of the entry described."""

    commanders: ListPatch[Article] | None = None
    factions: ListPatch[Article] | None = None
    places: ListPatch[Article] | None = None
    unit_types: ListPatch[Article] | None = None
    events: ListPatch[Article] | None = None
    units: ListPatch[Article] | None = None
    topics: ListPatch[Topic] | None = None


class ModInfo(Model):
    id: Id = Field(description="Short id of the mod (the folder name is a good choice).")
    title: str = Field(min_length=1, description="Shown in the game's list of mods.")
    description: str = ""
    author: str = ""
    version: str = Field("1", description="Free text, e.g. 1.2.")


class ModFile(Model):
    """A patch file (`mod.yaml`): changes to a scenario, applied by id."""

    schema_version: Literal[1] = Field(1, description="Version of this format.")
    mod: ModInfo
    extends: str = Field(
        min_length=1,
        description="The scenario this patch changes: a scenario id (meta.id, e.g. '1921') or a "
        "path to a scenario file or mod folder, relative to this file.",
        examples=["1921", "../../scenarios/1921.yaml"],
    )
    suppress_warnings: list[str] = Field(
        default_factory=list,
        description="Warning codes accepted on purpose for entries that come from this file.",
    )
    meta: MetaPatch | None = None
    map: MapPatch | None = None
    terrain: KeyedPatch[Terrain] | None = None
    sides: KeyedPatch[Side] | None = None
    factions: ListPatch[Faction] | None = None
    unit_types: ListPatch[UnitType] | None = None
    units: ListPatch[Unit] | None = None
    commanders: ListPatch[Commander] | None = None
    rules: RulesPatch | None = None
    events: ListPatch[Event] | None = None
    victory: VictoryPatch | None = None
    history: HistoryPatch | None = None
    encyclopedia: EncyclopediaPatch | None = None


# Where each patchable list lives: document path in the scenario → key its entries are matched by.
LIST_SECTIONS: dict[Path, str] = {
    ("meta", "sources"): "id",
    ("map", "areas"): "id",
    ("map", "rivers"): "id",
    ("map", "routes"): "id",
    ("map", "places"): "id",
    ("factions",): "id",
    ("unit_types",): "id",
    ("units",): "id",
    ("commanders",): "id",
    ("events",): "id",
    ("victory", "objectives"): "id",
    ("victory", "commanders"): "commander",
    ("victory", "sudden_death"): "id",
    ("history", "tracks"): "id",
    ("history", "battles"): "id",
    ("history", "events"): "id",
    **{
        ("encyclopedia", category): "id"
        for category in ("commanders", "factions", "places", "unit_types", "events", "units")
    },
    ("encyclopedia", "topics"): "id",
}
KEYED_SECTIONS: tuple[Path, ...] = (("terrain",), ("sides",))
MERGE_SECTIONS: tuple[Path, ...] = (("meta",), ("map",), ("rules",), ("victory",), ("history",))


# ------------------------------------------------------------------------------ locations


Origin = tuple[str, Marks, Path]  # file, its marks, the path of the value inside that file


@dataclass
class _EntryOrigin:
    """Where a list entry was written, and where `update` patches changed parts of it."""

    origin: Origin
    parts: dict[Path, Origin] = field(default_factory=dict)


class MergedMarks(Marks):
    """Marks of a merged scenario: each part is located in the file it came from.

    `origins` maps a path in the merged document (a list entry, a merged key, a whole file) to
    the file and the path it was written at; the longest matching prefix wins.
    """

    def __init__(self, origins: dict[Path, Origin]):
        super().__init__()
        self.origins = origins

    def origin(self, path: Path) -> tuple[Origin, Path]:
        path = tuple(path)
        for n in range(len(path), -1, -1):
            found = self.origins.get(path[:n])
            if found is not None:
                return found, path[n:]
        raise KeyError(path)  # origins always hold ()

    def locate(self, path: Path, *, key: bool = False) -> tuple[int, int]:
        (_, marks, inner), rest = self.origin(path)
        return marks.locate((*inner, *rest), key=key)

    def file_of(self, path: Path) -> str:
        return self.origin(path)[0][0]

    def __contains__(self, path: object) -> bool:
        return True


def _relocate(diagnostics: list[Diagnostic], marks: MergedMarks) -> list[Diagnostic]:
    return [replace(d, file=marks.file_of(d.path)) if d.line > 0 else d for d in diagnostics]


# ------------------------------------------------------------------------------ finding


def user_mods_dir() -> FsPath:
    """The player's own mods folder (`platformdirs`: e.g. ~/.local/share/mongolia1921/mods)."""
    import platformdirs

    return FsPath(platformdirs.user_data_dir(APP_NAME, appauthor=False)) / "mods"


def mod_dirs() -> list[FsPath]:
    """Folders searched for mods, in order: the project's `mods/`, then the user's."""
    return [MODS_DIR, user_mods_dir()]


def _mod_file(folder: FsPath) -> FsPath | None:
    for name in (MOD_FILE, SCENARIO_FILE):
        if (folder / name).is_file():
            return folder / name
    return None


def _installed() -> dict[str, FsPath]:
    """Mod name (its folder's name) → its file; the project's mods shadow the user's."""
    found: dict[str, FsPath] = {}
    for base in mod_dirs():
        try:
            folders = sorted(p for p in base.iterdir() if p.is_dir())
        except OSError:
            continue
        for folder in folders:
            file = _mod_file(folder)
            if file is not None and folder.name not in found:
                found[folder.name] = file
    return found


def resolve_mod(name: str | FsPath) -> FsPath | None:
    """A mod's file from a folder name in the mods folders, a folder path or a file path."""
    path = FsPath(name)
    if path.is_file():
        return path
    if path.is_dir():
        return _mod_file(path)
    return _installed().get(str(name))


def _scenario_id(path: FsPath) -> str | None:
    try:
        data, _ = loader.parse(path)
    except ScenarioError:
        return None
    meta = data.get("meta") if isinstance(data, dict) else None
    return str(meta.get("id")) if isinstance(meta, dict) and meta.get("id") is not None else None


def known_scenarios() -> dict[str, FsPath]:
    """Scenario id → file, for `extends:`: `scenarios/*.yaml`, then whole-scenario mods."""
    out: dict[str, FsPath] = {}
    files = sorted(SCENARIOS_DIR.glob("*.yaml"))
    files += [f for f in _installed().values() if f.name == SCENARIO_FILE]
    for file in files:
        sid = _scenario_id(file) or file.stem
        out.setdefault(sid, file)
    return out


def resolve_extends(value: str, relative_to: FsPath) -> FsPath | None:
    """The scenario file an `extends:` names: a path (relative to the patch) or a scenario id."""
    for candidate in (FsPath(os.path.normpath(relative_to / value)), FsPath(value)):
        if candidate.is_file():
            return candidate
        if candidate.is_dir() and _mod_file(candidate) is not None:
            return _mod_file(candidate)
    direct = SCENARIOS_DIR / f"{value}.yaml"
    if direct.is_file():
        return direct
    return known_scenarios().get(value)


# ------------------------------------------------------------------------------ loading


@dataclass
class Loaded:
    """The result of loading a scenario with mods; `scenario` is None when there are errors."""

    scenario: Scenario | None
    diagnostics: list[Diagnostic]
    files: list[str] = field(default_factory=list)  # the base scenario, then each patch applied

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.is_error]

    @property
    def warnings(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if not d.is_error]


@dataclass
class _Patch:
    file: str
    data: dict
    marks: Marks
    model: ModFile


def _error(
    file: str, marks: Marks | None, path: Path, message: str, code: str, key: bool = False
) -> Diagnostic:
    line, col = marks.locate(path, key=key) if marks is not None else (0, 0)
    return Diagnostic(file, line, col, message, tuple(path), "error", code)


def _read_yaml(path: FsPath) -> tuple[Any, Marks, list[Diagnostic]]:
    try:
        data, marks = loader.parse(path)
    except ScenarioError as exc:
        return None, Marks(), exc.diagnostics
    return data, marks, []


def read_patch(path: str | FsPath) -> tuple[_Patch | None, list[Diagnostic]]:
    """Parse and validate a patch file on its own; errors point into it."""
    file = str(path)
    data, marks, problems = _read_yaml(FsPath(path))
    if problems:
        return None, problems
    if not isinstance(data, dict):
        return None, [
            _error(file, marks, (), "expected a mapping with `mod:` and `extends:`", "not-mapping")
        ]
    try:
        model = ModFile.model_validate(data)
    except ValidationError as exc:
        return None, loader._translate(exc, data, marks, file, root=ModFile)
    return _Patch(file, data, marks, model), []


def check_with_mods(
    scenario: str | FsPath | None = None, mods: Sequence[str | FsPath] = ()
) -> Loaded:
    """Load a scenario with patches applied in order, reporting everything; never raises.

    `scenario` defaults to what the first mod extends (or is, for a whole-scenario mod), else to
    the shipped 1921 campaign. A mod is a folder name from the mods folders or a path.
    """
    try:
        return _check(scenario, list(mods))
    except Exception as exc:  # a bug must not become a traceback for a modder
        return Loaded(None, [loader._internal(str(scenario), exc)])


def load_with_mods(
    scenario: str | FsPath | None = None, mods: Sequence[str | FsPath] = ()
) -> Scenario:
    """The merged, validated scenario; `ScenarioError` lists every error if there is any."""
    result = check_with_mods(scenario, mods)
    if result.scenario is None or result.errors:
        raise ScenarioError(result.diagnostics)
    return result.scenario


def _check(scenario: str | FsPath | None, mods: list[str | FsPath]) -> Loaded:
    from game.paths import DEFAULT_SCENARIO

    diagnostics: list[Diagnostic] = []
    patches: list[_Patch] = []
    base_path = FsPath(scenario) if scenario is not None else None
    for i, name in enumerate(mods):
        file = resolve_mod(name)
        if file is None:
            known = sorted(_installed())
            hint = did_you_mean(str(name), known)
            listed = f"; installed: {', '.join(known)}" if known else ""
            message = f"no mod '{name}' in {' or '.join(map(str, mod_dirs()))}{listed}{hint}"
            diagnostics.append(Diagnostic(str(name), 0, 0, message, (), "error", "mod"))
            continue
        if file.name != MOD_FILE and _looks_like_scenario(file):
            if i == 0 and scenario is None:
                base_path = file
                continue
            message = "a whole scenario, not a patch: give it as the first --mod or as --scenario"
            diagnostics.append(Diagnostic(str(file), 0, 0, message, (), "error", "mod"))
            continue
        patch, problems = read_patch(file)
        diagnostics += problems
        if patch is not None:
            patches.append(patch)
    if any(d.is_error for d in diagnostics):
        return Loaded(None, _sorted(diagnostics))
    if base_path is None:
        if patches:
            first = patches[0]
            base_path = resolve_extends(first.model.extends, FsPath(first.file).parent)
            if base_path is None:
                return Loaded(None, [_bad_extends(first)])
        else:
            base_path = DEFAULT_SCENARIO
    if not patches:
        scenario_obj, found = loader.check_file(base_path)
        return Loaded(scenario_obj, found, [str(base_path)])
    base_file = str(base_path)
    data, marks, problems = _read_yaml(base_path)
    if problems or not isinstance(data, dict):
        scenario_obj, found = loader.check_file(base_path)  # its own errors, fully reported
        return Loaded(None, found, [base_file])
    merged, origins, found = apply_patches(data, marks, base_file, patches)
    diagnostics += found
    files = [base_file, *(p.file for p in patches)]
    if any(d.is_error for d in diagnostics):
        return Loaded(None, _sorted(diagnostics), files)
    merged_marks = MergedMarks(origins)
    result, found = loader.validate_data(merged, merged_marks, base_file)
    found = _relocate(found, merged_marks)
    found = _suppress_by_file(found, [(base_file, data), *((p.file, p.data) for p in patches)])
    diagnostics += found
    if any(d.is_error for d in diagnostics):
        result = None
    return Loaded(result, _sorted(diagnostics), files)


def _looks_like_scenario(file: FsPath) -> bool:
    if file.name == SCENARIO_FILE:
        return True
    data, _, problems = _read_yaml(file)
    return not problems and isinstance(data, dict) and "extends" not in data


def _bad_extends(patch: _Patch) -> Diagnostic:
    value = patch.model.extends
    known = known_scenarios()
    hint = did_you_mean(value, known)
    message = (
        f"extends '{value}': no scenario with that id or path (known ids: {', '.join(known)}){hint}"
    )
    return _error(patch.file, patch.marks, ("extends",), message, "bad-extends")


def _sorted(diagnostics: list[Diagnostic]) -> list[Diagnostic]:
    return loader._sorted(diagnostics)


def _suppress_by_file(
    diagnostics: list[Diagnostic], files: list[tuple[str, Any]]
) -> list[Diagnostic]:
    """A patch's `suppress_warnings` silences warnings located in that patch."""
    wanted = {
        file: set(data.get("suppress_warnings") or ())
        for file, data in files
        if isinstance(data, dict)
    }
    return [d for d in diagnostics if d.is_error or d.code not in wanted.get(d.file, ())]


# ------------------------------------------------------------------------------ merging


@dataclass
class _Touch:
    file: str
    line: int
    col: int
    action: str
    mod: str

    def where(self) -> str:
        return f"{self.file}:{self.line}:{self.col}"


def apply_patches(
    data: dict, marks: Marks, base_file: str, patches: Sequence[_Patch]
) -> tuple[dict, dict[Path, Origin], list[Diagnostic]]:
    """The base data with each patch applied in order, the origin of every part, and problems.

    Problems of a patch (unknown or duplicate ids, an `extends` that names another scenario,
    conflicts with an earlier patch) are located in that patch.
    """
    merged = copy.deepcopy(data)
    base_origin: Origin = (base_file, marks, ())
    entries: dict[Path, list[_EntryOrigin]] = {}
    keyed: dict[Path, dict[str, Origin]] = {}
    leaves: dict[Path, Origin] = {}
    touched: dict[tuple[Path, str], _Touch] = {}
    diagnostics: list[Diagnostic] = []
    base_id = str(_get(merged, ("meta", "id")))
    for section in LIST_SECTIONS:
        items = _get(merged, section)
        count = len(items) if isinstance(items, list) else 0
        entries[section] = [_EntryOrigin((base_file, marks, (*section, j))) for j in range(count)]
    for section in KEYED_SECTIONS:
        table = _get(merged, section)
        keyed[section] = {k: (base_file, marks, (*section, k)) for k in (table or {})}
    suppress = list(merged.get("suppress_warnings") or [])
    suppress_origins = [(base_file, marks, ("suppress_warnings", j)) for j in range(len(suppress))]

    for patch in patches:
        p = _Applier(patch, merged, diagnostics, touched)
        if not p.extends_matches(base_id):
            continue
        for section, key in LIST_SECTIONS.items():
            p.list_section(section, key, entries)
        for section in KEYED_SECTIONS:
            p.keyed_section(section, keyed)
        for section in MERGE_SECTIONS:
            p.merge_section(section, leaves)
        for j, code in enumerate(patch.data.get("suppress_warnings") or []):
            suppress.append(code)
            suppress_origins.append((patch.file, patch.marks, ("suppress_warnings", j)))

    if suppress:
        merged["suppress_warnings"] = suppress
    origins: dict[Path, Origin] = {(): base_origin}
    origins.update(leaves)
    for section, found in entries.items():
        for j, entry in enumerate(found):
            origins[(*section, j)] = entry.origin
            origins.update({(*section, j, *sub): o for sub, o in entry.parts.items()})
    for section, table in keyed.items():
        origins.update({(*section, k): o for k, o in table.items()})
    origins.update({("suppress_warnings", j): o for j, o in enumerate(suppress_origins)})
    return merged, origins, diagnostics


def _get(data: Any, path: Path) -> Any:
    for key in path:
        data = data.get(key) if isinstance(data, dict) else None
    return data


class _Applier:
    """Applies one patch to the merged data in place."""

    def __init__(self, patch: _Patch, merged: dict, diagnostics: list, touched: dict):
        self.patch = patch
        self.merged = merged
        self.diagnostics = diagnostics
        self.touched = touched
        self.name = patch.model.mod.id

    def error(self, path: Path, message: str, code: str, key: bool = False) -> None:
        self.diagnostics.append(_error(self.patch.file, self.patch.marks, path, message, code, key))

    def extends_matches(self, base_id: str) -> bool:
        value = self.patch.model.extends
        if value == base_id:
            return True
        target = resolve_extends(value, FsPath(self.patch.file).parent)
        if target is None:
            self.diagnostics.append(_bad_extends(self.patch))
            return False
        target_id = _scenario_id(target)
        if target_id != base_id:
            message = (
                f"extends '{value}' (scenario '{target_id}'), but it is applied to scenario "
                f"'{base_id}'; patches apply only to the scenario they extend"
            )
            self.error(("extends",), message, "bad-extends")
            return False
        return True

    def touch(self, section: Path, ident: str, path: Path, action: str) -> None:
        line, col = self.patch.marks.locate(path)
        now = _Touch(self.patch.file, line, col, action, self.name)
        before = self.touched.get((section, ident))
        if before is not None and before.file != now.file and action != "add":
            message = (
                f"{dotted(section)} '{ident}' is also {PAST[before.action]} by mod '{before.mod}' "
                f"({before.where()}); this mod, applied later, wins"
            )
            self.diagnostics.append(
                Diagnostic(now.file, line, col, message, tuple(path), "warning", "mod-conflict")
            )
        self.touched[(section, ident)] = now

    def list_section(
        self, section: Path, key: str, entries: dict[Path, list[_EntryOrigin]]
    ) -> None:
        ops = _get(self.patch.data, section)
        if not isinstance(ops, dict):
            return
        items = _get(self.merged, section)
        if not isinstance(items, list):
            items = self._make_list(section)
        origins = entries[section]
        ids = [e.get(key) if isinstance(e, dict) else None for e in items]
        for j, ident in enumerate(ops.get("remove") or []):
            path = (*section, "remove", j)
            if ident not in ids:
                self.unknown(path, section, ident, ids, "remove")
                continue
            k = ids.index(ident)
            del items[k], ids[k], origins[k]
            self.touch(section, ident, path, "remove")
        for j, entry in enumerate(ops.get("replace") or []):
            path = (*section, "replace", j)
            ident = entry.get(key)
            if ident not in ids:
                self.unknown((*path, key), section, ident, ids, "replace")
                continue
            k = ids.index(ident)
            items[k] = copy.deepcopy(entry)
            origins[k] = _EntryOrigin((self.patch.file, self.patch.marks, path))
            self.touch(section, ident, (*path, key), "replace")
        for j, entry in enumerate(ops.get("update") or []):
            path = (*section, "update", j)
            ident = entry.get(key)
            if ident not in ids:
                self.unknown((*path, key), section, ident, ids, "update")
                continue
            k = ids.index(ident)
            changes = {name: value for name, value in entry.items() if name != key}
            parts: dict[Path, Origin] = {}
            self._merge(items[k], changes, (), path, parts, check=False)
            for sub in list(origins[k].parts):
                if any(sub[: len(p)] == p for p in parts):
                    del origins[k].parts[sub]
            origins[k].parts.update(parts)
            self.touch(section, ident, (*path, key), "update")
        for j, entry in enumerate(ops.get("add") or []):
            path = (*section, "add", j)
            ident = entry.get(key)
            if ident in ids:
                where = self._where(origins[ids.index(ident)])
                message = (
                    f"{dotted(section)} already has an entry '{ident}' ({where}); "
                    "use `replace` to change it or choose a new id"
                )
                self.error((*path, key), message, "duplicate-id")
                continue
            items.append(copy.deepcopy(entry))
            ids.append(ident)
            origins.append(_EntryOrigin((self.patch.file, self.patch.marks, path)))
            self.touch(section, ident, (*path, key), "add")

    def _make_list(self, section: Path) -> list:
        parent = self.merged
        for name in section[:-1]:
            parent = parent.setdefault(name, {})
        return parent.setdefault(section[-1], [])

    @staticmethod
    def _where(origin: Origin | _EntryOrigin) -> str:
        if isinstance(origin, _EntryOrigin):
            origin = origin.origin
        file, marks, path = origin
        line, col = marks.locate(path)
        return f"{file}:{line}:{col}"

    def unknown(self, path: Path, section: Path, ident: Any, ids: list, action: str) -> None:
        hint = did_you_mean(ident, ids)
        message = f"cannot {action} '{ident}': {dotted(section)} has no entry with that id{hint}"
        self.error(path, message, "unknown-id")

    def keyed_section(self, section: Path, keyed: dict[Path, dict[str, Origin]]) -> None:
        ops = _get(self.patch.data, section)
        if not isinstance(ops, dict):
            return
        table = _get(self.merged, section)
        if not isinstance(table, dict):
            table = self.merged.setdefault(section[-1], {})
        origins = keyed[section]
        for j, ident in enumerate(ops.get("remove") or []):
            path = (*section, "remove", j)
            if ident not in table:
                self.unknown(path, section, ident, list(table), "remove")
                continue
            del table[ident], origins[ident]
            self.touch(section, ident, path, "remove")
        for action in ("replace", "add"):
            for ident, entry in (ops.get(action) or {}).items():
                path = (*section, action, ident)
                exists = ident in table
                if action == "replace" and not exists:
                    self.unknown(path, section, ident, list(table), "replace")
                    continue
                if action == "add" and exists:
                    message = f"{dotted(section)} already has '{ident}'; use `replace` to change it"
                    self.error(path, message, "duplicate-id")
                    continue
                table[ident] = copy.deepcopy(entry)
                origins[ident] = (self.patch.file, self.patch.marks, path)
                self.touch(section, ident, path, action)

    def merge_section(self, section: Path, leaves: dict[Path, Origin]) -> None:
        ops = _get(self.patch.data, section)
        if not isinstance(ops, dict):
            return
        update = ops.get("merge")
        if not isinstance(update, dict) or not update:
            return
        for key in update:
            if (*section, key) in LIST_SECTIONS:
                message = (
                    f"`{key}` is a list of entries with ids: patch it with "
                    f"{dotted(section)}.{key}: {{add, replace, remove}} instead of merge"
                )
                self.error((*section, "merge", key), message, "merge-list", key=True)
                return
        target = self.merged
        for name in section:
            if not isinstance(target.get(name), dict):
                target[name] = {}
            target = target[name]
        self._merge(target, update, section, (*section, "merge"), leaves)

    def _merge(
        self, target: dict, update: dict, at: Path, src: Path, leaves: dict, check: bool = True
    ) -> None:
        for key, value in update.items():
            if isinstance(value, dict) and isinstance(target.get(key), dict):
                self._merge(target[key], value, (*at, key), (*src, key), leaves, check)
                continue
            before = leaves.get((*at, key))
            if check and before is not None and before[0] != self.patch.file:
                line, col = self.patch.marks.locate((*src, key))
                message = (
                    f"{dotted((*at, key))} is also set by {self._where(before)}; "
                    "this mod, applied later, wins"
                )
                self.diagnostics.append(
                    Diagnostic(
                        self.patch.file, line, col, message, (*src, key), "warning", "mod-conflict"
                    )
                )
            target[key] = copy.deepcopy(value)
            for path in [p for p in leaves if p[: len(at) + 1] == (*at, key)]:
                del leaves[path]
            leaves[(*at, key)] = (self.patch.file, self.patch.marks, (*src, key))


# ------------------------------------------------------------------------------ the menu


@dataclass
class ContentEntry:
    """One scenario or mod the game can offer, with its validation state."""

    kind: Literal["scenario", "mod-scenario", "patch"]
    id: str
    title: str
    path: str
    extends: str | None
    ok: bool
    errors: int
    warnings: int
    diagnostics: list[Diagnostic] = field(default_factory=list, repr=False)
    where: Literal["project", "user"] = "project"

    def to_json(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "id": self.id,
            "title": self.title,
            "path": self.path,
            "extends": self.extends,
            "ok": self.ok,
            "errors": self.errors,
            "warnings": self.warnings,
            "where": self.where,
        }


def _entry(
    kind: Any, path: FsPath, loaded: Loaded, where: Any, extends: str | None = None
) -> ContentEntry:
    data, _, _ = _read_yaml(path)
    data = data if isinstance(data, dict) else {}
    head = data.get("mod") if kind == "patch" else data.get("meta")
    head = head if isinstance(head, dict) else {}
    ident = str(head.get("id") or (path.parent.name if kind != "scenario" else path.stem))
    return ContentEntry(
        kind=kind,
        id=ident,
        title=str(head.get("title") or ident),
        path=str(path),
        extends=extends,
        ok=loaded.scenario is not None,
        errors=len(loaded.errors),
        warnings=len(loaded.warnings),
        diagnostics=loaded.diagnostics,
        where=where,
    )


def list_content(validate: bool = True) -> list[ContentEntry]:
    """The scenarios in `scenarios/` and the mods in the mods folders, each with its state.

    With `validate` False the entries are listed without loading them (ok is True, no counts):
    fast enough for a menu that validates the chosen entry later.
    """
    out: list[ContentEntry] = []
    user = user_mods_dir()
    for path in sorted(SCENARIOS_DIR.glob("*.yaml")):
        loaded = check_with_mods(path) if validate else Loaded(None, [])
        entry = _entry("scenario", path, loaded, "project")
        entry.ok = entry.ok or not validate
        out.append(entry)
    for _, file in sorted(_installed().items()):
        where = "user" if user in file.parents else "project"
        if file.name == MOD_FILE:
            data, _, _ = _read_yaml(file)
            extends = data.get("extends") if isinstance(data, dict) else None
            loaded = check_with_mods(None, [file.parent]) if validate else Loaded(None, [])
            entry = _entry("patch", file, loaded, where, str(extends) if extends else None)
        else:
            loaded = check_with_mods(file) if validate else Loaded(None, [])
            entry = _entry("mod-scenario", file, loaded, where)
        entry.ok = entry.ok or not validate
        out.append(entry)
    return out


def iter_mod_files() -> Iterator[FsPath]:
    """Every installed mod's file (`mod.yaml` or `scenario.yaml`)."""
    yield from _installed().values()


__all__ = [
    "ContentEntry",
    "Loaded",
    "MergedMarks",
    "ModFile",
    "apply_patches",
    "check_with_mods",
    "known_scenarios",
    "list_content",
    "load_with_mods",
    "merged_file",
    "mod_dirs",
    "read_patch",
    "resolve_extends",
    "resolve_mod",
    "user_mods_dir",
]


def merged_file(scenario: Scenario) -> FsPath:
    """A scenario file (JSON, which is YAML) holding `scenario`, for tools that take a path.

    Worker processes and the game window load scenarios from files; a scenario with mods applied
    is written once to a private temporary folder that is removed when the program exits.
    """
    import atexit
    import json
    import shutil
    import tempfile

    folder = FsPath(tempfile.mkdtemp(prefix="mongolia1921-"))
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    path = folder / f"{scenario.meta.id}-merged.yaml"
    data = scenario.model_dump(mode="json", by_alias=True)
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path
