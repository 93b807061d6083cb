"""The JSON Schemas of scenario and mod files and the modding reference, generated from the models.

`schema.py` (scenarios) and `mods.py` (patches) are the one definition of the formats; this module
turns them into JSON Schema (for editors: completion and inline errors through the YAML language
server) and into the Markdown reference between the markers in `docs/MODDING.md`. Each field gets
its description, unit of measure, default, bounds or allowed values, and an example taken from the
shipped 1921 campaign where the model gives none.

    python -m game.scenario.docs           # rewrite docs/schema/*.json and the reference
    python -m game.scenario.docs --check   # exit 1 if any of them is out of date (CI, tests)
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from game.paths import DEFAULT_SCENARIO, PROJECT_ROOT
from game.scenario.schema import Scenario

SCHEMA_DIR = PROJECT_ROOT / "docs" / "schema"
MODDING = PROJECT_ROOT / "docs" / "MODDING.md"
SCHEMA_FILES = {"scenario": "scenario.schema.json", "mod": "mod.schema.json"}
BEGIN = "<!-- BEGIN GENERATED REFERENCE (python -m game.scenario.docs) -->"
END = "<!-- END GENERATED REFERENCE -->"
EXAMPLE_WIDTH = 70  # characters of an example shown in the reference
SKIP_EXAMPLES = ("history", "encyclopedia")
ID_PATTERN = r"^[a-z0-9][a-z0-9_]*$"  # sections whose values are not sampled for examples

# Units of measure by `Model.field`; fractions in [0, 1] get "fraction (0–1)" without an entry.
UNITS: dict[str, str] = {
    "Meta.start": "date",
    "Meta.end": "date",
    "Meta.days_per_turn": "days per turn",
    "Bounds.lat_min": "degrees north",
    "Bounds.lat_max": "degrees north",
    "Bounds.lon_min": "degrees east",
    "Bounds.lon_max": "degrees east",
    "MapSpec.hex_km": "km",
    "Area.points": "[lat, lon] in degrees",
    "River.points": "[lat, lon] in degrees",
    "Route.points": "[lat, lon] in degrees",
    "Place.lat": "degrees north",
    "Place.lon": "degrees east",
    "Location.lat": "degrees north",
    "Location.lon": "degrees east",
    "UnitType.movement": "movement points per turn",
    "UnitType.sight": "hexes",
    "Unit.strength": "bayonets, sabres or guns (by the arm of the unit's type)",
    "Unit.guns": "guns",
    "Unit.machine_guns": "machine guns",
    "Unit.morale": "fraction (0 broken – 1 élite)",
    "CommanderRatings.combat": "multiplier",
    "CommanderRatings.morale": "fraction added to the breakpoint",
    "CommanderRatings.initiative": "fraction added to movement points",
    "ZocRules.leave_cost": "movement points",
    "MovementRules.terrain_costs": "movement points",
    "MovementRules.route_costs": "movement points",
    "MovementRules.river_crossing": "movement points",
    "MovementRules.stacking_limit": "units per hex",
    "TerrainCombat.arms": "multiplier",
    "TerrainCombat.defence": "multiplier",
    "TerrainCombat.environment": "multiplier",
    "CombatRules.weights": "combat power per bayonet, sabre, gun or machine gun",
    "CombatRules.posture": "multiplier",
    "CombatRules.place_defence": "multiplier",
    "CombatRules.river_attack": "multiplier",
    "CombatRules.noise_sigma": "standard deviation of log-odds",
    "CombatRules.exponent": "exponent",
    "CombatRules.base_loss": "fraction of strength per day of battle",
    "CombatRules.max_loss": "fraction of strength per day of battle",
    "CombatRules.battle_days": "days",
    "CombatRules.rout_margin": "multiplier of the breakpoint",
    "CombatRules.effectiveness": "multiplier",
    "CombatRules.out_of_supply": "multiplier",
    "CombatRules.morale_win": "morale points (fraction)",
    "CombatRules.morale_loss": "morale points (fraction)",
    "CombatRules.morale_rout": "morale points (fraction)",
    "SupplySource.range": "supply points",
    "SupplyRules.terrain_costs": "supply points",
    "SupplyRules.route_costs": "supply points",
    "SupplyRules.river_crossing": "supply points",
    "AttritionRules.out_of_supply": "fraction of strength per turn",
    "AttritionRules.foraging": "fraction of strength per turn",
    "AttritionRules.march": "fraction of strength per turn",
    "MoraleRules.recovery": "morale per turn",
    "MoraleRules.out_of_supply": "morale per turn",
    "FatigueRules.per_move": "fatigue per turn",
    "FatigueRules.recovery": "fatigue per turn",
    "Event.chance": "probability per check",
    "CommanderFate.chance": "probability",
    "SideDelta.delta": "morale points (fraction)",
    "SideValue.value": "as the test or effect (morale, fraction of men, victory points)",
    "Objective.points_per_turn": "victory points per turn",
    "Objective.points_at_end": "victory points",
    "CommanderStake.killed": "victory points",
    "CommanderStake.captured": "victory points",
    "CommanderStake.at_large": "victory points",
    "Victory.losses_per_1000": "victory points per 1,000 enemy men lost",
    "Victory.historical_score": "victory points",
    "VictoryLevel.min_margin": "victory points",
    "ExpectedTotals.bayonets": "men",
    "ExpectedTotals.sabers": "men",
    "ExpectedTotals.guns": "guns",
    "ExpectedTotals.machine_guns": "machine guns",
}


# ------------------------------------------------------------------------------ examples


def _shorten(value: Any) -> Any:
    if isinstance(value, list) and len(value) > 3:
        return [_shorten(v) for v in value[:2]]
    if isinstance(value, list):
        return [_shorten(v) for v in value]
    if isinstance(value, dict) and len(value) > 4:
        return {k: _shorten(v) for k, v in list(value.items())[:3]}
    if isinstance(value, dict):
        return {k: _shorten(v) for k, v in value.items()}
    if isinstance(value, str) and len(value) > 120:
        return value[:117] + "..."
    return value


def _examples(scenario: Scenario) -> dict[str, Any]:
    """`Model.field` → the first value the shipped scenario writes for it."""
    out: dict[str, Any] = {}

    def walk(obj: Any, top: str = "") -> None:
        if isinstance(obj, BaseModel):
            cls = type(obj).__name__
            for name in [n for n in type(obj).model_fields if n in obj.model_fields_set]:
                info = type(obj).model_fields[name]
                key = info.alias or name
                if top == "" and key in SKIP_EXAMPLES:
                    continue
                value = getattr(obj, name)
                if value is None:
                    continue
                dumped = (
                    value.model_dump(mode="json", by_alias=True, exclude_unset=True)
                    if isinstance(value, BaseModel)
                    else None
                )
                if dumped is None:
                    from pydantic import TypeAdapter

                    dumped = TypeAdapter(info.annotation).dump_python(
                        value, mode="json", by_alias=True
                    )
                out.setdefault(f"{cls}.{key}", _shorten(dumped))
                walk(value, key if top == "" else top)
        elif isinstance(obj, list):
            for item in obj:
                walk(item, top)
        elif isinstance(obj, dict):
            for item in obj.values():
                walk(item, top)

    walk(scenario)
    return out


# ------------------------------------------------------------------------------ schemas


def _decorate(schema: dict, examples: dict[str, Any]) -> dict:
    """Add units (`x-unit`, and in the description) and examples to every property."""
    for name, definition in [("__root__", schema), *schema.get("$defs", {}).items()]:
        model = definition.get("title", name)
        for key, prop in definition.get("properties", {}).items():
            unit = UNITS.get(f"{model}.{key}") or _implied_unit(prop)
            if unit:
                prop["x-unit"] = unit
                text = prop.get("description", "")
                prop["description"] = f"{text} Unit: {unit}.".strip()
            sample = examples.get(f"{model}.{key}")
            if "examples" not in prop and sample is not None and len(json.dumps(sample)) <= 100:
                prop["examples"] = [sample]
    return schema


def _location_accepts_text(schema: dict) -> dict:
    """A location may be written as a bare place id (`start: urga`): say so to editors."""
    defs = schema.get("$defs", {})
    if "Location" in defs and "anyOf" not in defs["Location"]:
        mapping = defs["Location"]
        text = {"type": "string", "pattern": ID_PATTERN, "description": "A place id."}
        defs["Location"] = {
            "title": "Location",
            "description": mapping.get("description", ""),
            "anyOf": [text, {k: v for k, v in mapping.items() if k != "description"}],
        }
    return schema


def _implied_unit(prop: dict) -> str | None:
    candidates = prop.get("anyOf", [prop])
    for c in candidates:
        if c.get("type") == "number" and c.get("minimum") == 0 and c.get("maximum") == 1:
            return "fraction (0–1)"
    return None


def _examples_from_shipped() -> dict[str, Any]:
    from game.scenario.loader import load_scenario

    try:
        return _examples(load_scenario(DEFAULT_SCENARIO))
    except Exception:  # a broken shipped file must not stop the schema from being printed
        return {}


def scenario_schema() -> dict:
    schema = Scenario.model_json_schema(by_alias=True)
    schema = _location_accepts_text(_decorate(schema, _examples_from_shipped()))
    head = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://mongolia1921.invalid/schema/scenario.schema.json",
        "title": "Mongolia 1921 scenario",
        "description": "A whole scenario file (scenarios/*.yaml, mods/*/scenario.yaml). "
        "Generated from game/scenario/schema.py; see docs/MODDING.md.",
    }
    return {**head, **{k: v for k, v in schema.items() if k not in ("title", "description")}}


def mod_schema() -> dict:
    from game.scenario.mods import ModFile

    schema = ModFile.model_json_schema(by_alias=True)
    schema = _location_accepts_text(_decorate(schema, _examples_from_shipped()))
    head = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://mongolia1921.invalid/schema/mod.schema.json",
        "title": "Mongolia 1921 mod patch",
        "description": "A patch file (mods/*/mod.yaml) that changes a scenario by id. "
        "Generated from game/scenario/mods.py; see docs/MODDING.md.",
    }
    return {**head, **{k: v for k, v in schema.items() if k not in ("title", "description")}}


def schema_text(kind: str = "scenario") -> str:
    schema = scenario_schema() if kind == "scenario" else mod_schema()
    return json.dumps(schema, indent=2, ensure_ascii=False) + "\n"


# ------------------------------------------------------------------------------ markdown


def _ref_name(ref: str) -> str:
    return ref.rsplit("/", 1)[-1]


def _type(prop: dict) -> str:
    if "$ref" in prop:
        name = _ref_name(prop["$ref"])
        return f"[{name}](#{name.lower()})"
    if "anyOf" in prop:
        kinds = [_type(p) for p in prop["anyOf"] if p.get("type") != "null"]
        nullable = any(p.get("type") == "null" for p in prop["anyOf"])
        return " or ".join(kinds) + (" or null" if nullable else "")
    if "enum" in prop:
        return "text"
    kind = prop.get("type")
    if kind == "array":
        items = prop.get("items")
        return f"list of {_type(items)}" if items else "list"
    if kind == "object":
        values = prop.get("additionalProperties")
        for pattern_values in (prop.get("patternProperties") or {}).values():
            values = pattern_values
        if isinstance(values, dict) and values:
            return f"mapping of {_type(values)}"
        return "mapping"
    if kind == "string" and prop.get("format") == "date":
        return "date (YYYY-MM-DD)"
    if "const" in prop:
        return f"`{prop['const']}`"
    return {
        "string": "text",
        "integer": "whole number",
        "number": "number",
        "boolean": "true/false",
    }.get(kind or "", kind or "any")


def _allowed(prop: dict, defs: dict) -> str:
    parts = []
    for p in prop.get("anyOf", [prop]):
        if "$ref" in p and "enum" in defs.get(_ref_name(p["$ref"]), {}):
            parts.append(", ".join(f"`{v}`" for v in defs[_ref_name(p["$ref"])]["enum"]))
        if "enum" in p:
            parts.append(", ".join(f"`{v}`" for v in p["enum"]))
        if "const" in p:
            parts.append(f"`{p['const']}`")
        for key, word in (
            ("minimum", "≥"),
            ("exclusiveMinimum", ">"),
            ("maximum", "≤"),
            ("exclusiveMaximum", "<"),
        ):
            if key in p:
                parts.append(f"{word} {p[key]}")
        if "minItems" in p:
            parts.append(f"at least {p['minItems']} items")
        if "maxItems" in p:
            parts.append(f"at most {p['maxItems']} items")
        if "minLength" in p:
            parts.append(f"at least {p['minLength']} characters")
        pattern = p.get("pattern")
        if pattern == r"^[a-z0-9][a-z0-9_]*$":
            parts.append("an id: lowercase letters, digits, `_`")
        elif pattern == r"^#[0-9a-fA-F]{6}$":
            parts.append("a colour `#rrggbb`")
        elif pattern:
            parts.append(f"matching `{pattern}`")
        for pattern in p.get("patternProperties") or {}:
            if pattern == r"^[a-z0-9][a-z0-9_]*$":
                parts.append("keys: ids")
        for nested in ("items", "additionalProperties"):
            if isinstance(p.get(nested), dict):
                inner = _allowed(p[nested], defs)
                if inner:
                    parts.append(("each: " if nested == "items" else "values: ") + inner)
        names = p.get("propertyNames")
        if isinstance(names, dict):
            inner = _allowed(names, defs)
            if inner:
                parts.append("keys: " + inner)
    return "; ".join(parts)


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _example(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=False)
    if len(text) > EXAMPLE_WIDTH:
        text = text[: EXAMPLE_WIDTH - 1] + "…"
    return f"`{_cell(text)}`"


def _order(schema: dict) -> list[str]:
    """Definitions in the order a reader meets them, walking from the top of the file."""
    defs = schema.get("$defs", {})
    seen: list[str] = []

    def visit(node: Any) -> None:
        if isinstance(node, dict):
            if "$ref" in node:
                name = _ref_name(node["$ref"])
                if name not in seen:
                    seen.append(name)
                    visit(defs.get(name, {}))
            for value in node.values():
                visit(value)
        elif isinstance(node, list):
            for value in node:
                visit(value)

    visit(schema.get("properties", {}))
    return seen + sorted(set(defs) - set(seen))


def _section(title: str, definition: dict, defs: dict) -> list[str]:
    anchor_note = definition.get("description", "")
    lines = [f"#### {title}", ""]
    if anchor_note:
        lines += [_cell(anchor_note), ""]
    if "enum" in definition:
        lines += ["One of: " + ", ".join(f"`{v}`" for v in definition["enum"]) + ".", ""]
        return lines
    if "anyOf" in definition and "properties" not in definition:
        lines += ["Either a place id written as text (`start: urga`) or a mapping:", ""]
        definition = next(d for d in definition["anyOf"] if "properties" in d)
    properties = definition.get("properties", {})
    if not properties:
        return lines
    required = set(definition.get("required", []))
    lines += [
        "| key | type | unit | default | allowed | description | example |",
        "|---|---|---|---|---|---|---|",
    ]
    for key, prop in properties.items():
        if key in required:
            default = "*required*"
        elif "default" in prop:
            default = _example(prop["default"])
        else:
            default = {"array": "`[]`", "object": "`{}`"}.get(str(prop.get("type")), "—")
        description = prop.get("description", "")
        unit = prop.get("x-unit", "")
        if unit:
            description = description.replace(f" Unit: {unit}.", "").replace(f"Unit: {unit}.", "")
        example = _example(prop["examples"][0]) if prop.get("examples") else ""
        row = [
            f"`{key}`",
            _type(prop),
            unit,
            default,
            _allowed(prop, defs),
            description,
            example,
        ]
        lines.append("| " + " | ".join(_cell(c) for c in row) + " |")
    lines.append("")
    return lines


def _reference(schema: dict, heading: str) -> list[str]:
    defs = schema.get("$defs", {})
    lines = [f"### {heading}", ""]
    lines += _section("(top level)", schema, defs)
    for name in _order(schema):
        lines += _section(name, defs[name], defs)
    return lines


def reference_markdown() -> str:
    """The complete field reference of scenario and mod files, as Markdown."""
    lines = [
        "Generated from the models by `python -m game.scenario.docs` (or `python main.py schema "
        "--markdown`); do not edit by hand. *required* keys have no default; `null` means the key "
        "may be left out.",
        "",
    ]
    lines += _reference(scenario_schema(), "Scenario files")
    lines += _reference(mod_schema(), "Mod patch files")
    return "\n".join(lines).rstrip() + "\n"


# ------------------------------------------------------------------------------ files


def generated() -> dict[Path, str]:
    """Every generated file's path and expected content (MODDING.md: the whole file, updated)."""
    out = {SCHEMA_DIR / name: schema_text(kind) for kind, name in SCHEMA_FILES.items()}
    if MODDING.exists():
        text = MODDING.read_text(encoding="utf-8")
        if BEGIN in text and END in text:
            head, rest = text.split(BEGIN, 1)
            _, tail = rest.split(END, 1)
            out[MODDING] = f"{head}{BEGIN}\n\n{reference_markdown()}\n{END}{tail}"
    return out


def stale() -> list[Path]:
    """Generated files whose content differs from what the models give now."""
    out = []
    for path, text in generated().items():
        try:
            current = path.read_text(encoding="utf-8")
        except OSError:
            current = None
        if current != text:
            out.append(path)
    return out


def write() -> list[Path]:
    """Rewrite every stale generated file; the paths written."""
    written = stale()
    SCHEMA_DIR.mkdir(parents=True, exist_ok=True)
    contents = generated()
    for path in written:
        path.write_text(contents[path], encoding="utf-8")
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m game.scenario.docs", description=__doc__)
    parser.add_argument("--check", action="store_true", help="exit 1 if a file is out of date")
    args = parser.parse_args(argv)
    if args.check:
        old = stale()
        for path in old:
            print(f"{path}: out of date; run python -m game.scenario.docs", file=sys.stderr)
        return 1 if old else 0
    for path in write():
        print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
