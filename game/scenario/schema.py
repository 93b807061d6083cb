"""The scenario format, defined once.

These pydantic models are the single definition of a scenario file: the loader validates against
them, the cross-checks in `checks.py` walk them, and the JSON Schema and the modding reference are
generated from them. Every number the rules use lives here as data; the engine holds formulas only.

Conventions: ids are lower_snake_case strings that other entries refer to; coordinates are decimal
degrees written as `[lat, lon]`; dates are ISO (`1921-06-06`); multipliers are plain factors (1.0 =
no effect); fractions are in [0, 1].
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

Id = Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9_]*$", max_length=64)]
Colour = Annotated[str, Field(pattern=r"^#[0-9a-fA-F]{6}$")]
Fraction = Annotated[float, Field(ge=0.0, le=1.0)]
Factor = Annotated[float, Field(ge=0.0, le=100.0)]
Lat = Annotated[float, Field(ge=-90.0, le=90.0)]
Lon = Annotated[float, Field(ge=-180.0, le=180.0)]
LatLonPair = Annotated[list[float], Field(min_length=2, max_length=2)]


class Model(BaseModel):
    """Base for every section: unknown keys are errors, so typos never pass silently."""

    model_config = ConfigDict(
        extra="forbid", frozen=False, validate_default=True, allow_inf_nan=False
    )


class Confidence(StrEnum):
    sure = "sure"
    disputed = "disputed"
    inferred = "inferred"


class Sourced(Model):
    """Any entry that states a historical fact names its source (ids from `meta.sources`)."""

    source: list[Id] = Field(
        default_factory=list,
        description="Ids of entries in meta.sources that support this entry.",
    )
    confidence: Confidence = Field(
        Confidence.sure,
        description="sure: sources agree; disputed: sources disagree (say how in `note`); "
        "inferred: no source gives it directly, it is reasoned from those cited.",
    )
    note: str = Field("", description="Where sources disagree or a value is inferred, say so here.")


# --------------------------------------------------------------------------------------- meta


class Source(Model):
    id: Id
    title: str = Field(min_length=1)
    author: str = ""
    url: str = ""
    note: str = ""


class ExpectedTotals(Model):
    """What the sources say one side fielded at full deployment; `validate` compares the units."""

    bayonets: int | None = Field(None, ge=0, le=10_000_000, description="Infantry, in men.")
    sabers: int | None = Field(None, ge=0, le=10_000_000, description="Cavalry, in men.")
    guns: int | None = Field(
        None, ge=0, le=100_000, description="Guns: artillery strength plus guns attached."
    )
    machine_guns: int | None = Field(None, ge=0, le=100_000, description="Machine guns.")
    source: list[Id] = Field(default_factory=list, description="Ids from meta.sources.")
    note: str = ""


class Meta(Model):
    id: Id = Field(description="Short id of the scenario, used by mods (`extends:`).")
    title: str = Field(min_length=1)
    description: str = ""
    start: dt.date = Field(description="First day of the campaign.")
    end: dt.date = Field(description="Last day of the campaign; the game ends after it.")
    days_per_turn: int = Field(ge=1, le=31, description="Days of campaign time in one game turn.")
    side_order: list[Id] = Field(
        min_length=2, description="Sides in the order they move within a turn (ids from `sides`)."
    )
    sources: list[Source] = Field(default_factory=list, max_length=1000)
    expected_totals: dict[Id, ExpectedTotals] = Field(
        default_factory=dict,
        description="Totals by side that the sources give; `validate` warns (code "
        "`expected-totals`) when the units add up to something else.",
        examples=[{"red": {"bayonets": 7600, "sabers": 2500, "source": ["s1_wiki_intervention"]}}],
    )

    @model_validator(mode="after")
    def _dates_in_order(self) -> Meta:
        if self.end < self.start:
            raise ValueError(f"end {self.end} is before start {self.start}")
        return self


# ---------------------------------------------------------------------------------------- map


class Bounds(Model):
    lat_min: Lat
    lat_max: Lat
    lon_min: Lon
    lon_max: Lon

    @model_validator(mode="after")
    def _ordered(self) -> Bounds:
        if self.lat_max <= self.lat_min or self.lon_max <= self.lon_min:
            raise ValueError("bounds must have lat_min < lat_max and lon_min < lon_max")
        return self


class Area(Sourced):
    """A polygon of one terrain type; later areas are drawn over earlier ones."""

    id: Id
    name: str = ""
    terrain: Id = Field(description="A key of `terrain`.")
    points: list[LatLonPair] = Field(
        min_length=3, max_length=5000, description="[lat, lon] corners."
    )


class RiverClass(StrEnum):
    major = "major"
    minor = "minor"


class River(Sourced):
    """A river as a polyline from source to mouth; moving between two hexes across it costs extra."""

    id: Id
    name: str
    river_class: RiverClass = Field(RiverClass.minor, alias="class")
    points: list[LatLonPair] = Field(min_length=2, max_length=5000)

    model_config = ConfigDict(extra="forbid", populate_by_name=True)


class RouteKind(StrEnum):
    road = "road"
    track = "track"
    railway = "railway"


class Route(Sourced):
    """A road, caravan track or railway as a polyline; hexes it passes through get the route."""

    id: Id
    name: str = ""
    kind: RouteKind
    points: list[LatLonPair] = Field(min_length=2, max_length=5000)


class PlaceKind(StrEnum):
    city = "city"
    town = "town"
    settlement = "settlement"
    datsan = "datsan"
    station = "station"
    landmark = "landmark"


class Place(Sourced):
    id: Id
    name: str
    other_names: list[str] = Field(default_factory=list, description="Modern or variant names.")
    kind: PlaceKind
    lat: Lat
    lon: Lon
    control: Id | None = Field(None, description="Side holding the place at the start, if any.")


MAX_HEXES = 200_000  # a limit on untrusted files, not campaign content: 1921 has ~3,200


class MapSpec(Model):
    bounds: Bounds
    hex_km: float = Field(ge=5.0, le=15.0, description="Distance between adjacent hex centres, km.")
    default_terrain: Id = Field(description="Terrain of hexes covered by no area.")
    areas: list[Area] = Field(default_factory=list, max_length=2000)
    rivers: list[River] = Field(default_factory=list, max_length=500)
    routes: list[Route] = Field(default_factory=list, max_length=500)
    places: list[Place] = Field(default_factory=list, max_length=2000)

    @model_validator(mode="after")
    def _not_too_big(self) -> MapSpec:
        from game.engine.hexgrid import grid_shape

        b = self.bounds
        cols, rows = grid_shape(b.lat_min, b.lat_max, b.lon_min, b.lon_max, self.hex_km)
        if cols * rows > MAX_HEXES:
            raise ValueError(
                f"the map would have {cols * rows:,} hexes ({cols} × {rows}); at most "
                f"{MAX_HEXES:,} are allowed: shrink the bounds or enlarge hex_km"
            )
        return self


class Terrain(Model):
    name: str
    colour: Colour
    impassable: bool = Field(False, description="No unit may enter (lakes).")
    forage: bool = Field(False, description="Cavalry out of supply can forage here.")
    blocks_sight: bool = Field(False, description="Units here are seen only from adjacent hexes.")
    description: str = ""


# ------------------------------------------------------------------------------ sides, forces


class Side(Model):
    name: str
    colour: Colour
    description: str = ""


class Faction(Sourced):
    id: Id
    name: str
    side: Id
    colour: Colour
    description: str = ""


class Arm(StrEnum):
    infantry = "infantry"
    cavalry = "cavalry"
    artillery = "artillery"


ARM_MEASURE = {Arm.infantry: "bayonets", Arm.cavalry: "sabres", Arm.artillery: "guns"}


class UnitType(Model):
    id: Id
    name: str
    arm: Arm = Field(
        description="Infantry is counted in bayonets, cavalry in sabres, artillery in guns."
    )
    movement: float = Field(gt=0, le=100, description="Movement points per turn.")
    sight: int = Field(ge=0, le=20, description="Hexes this unit sees around it.")
    rail_only: bool = Field(False, description="May only stand on railway hexes (armoured trains).")
    symbol: Literal["infantry", "cavalry", "artillery", "armoured_train", "partisan"] = Field(
        "infantry", description="NATO symbol drawn on the counter."
    )


class Location(Model):
    """A position given either by a place id or by coordinates."""

    place: Id | None = None
    lat: Lat | None = None
    lon: Lon | None = None

    @model_validator(mode="before")
    @classmethod
    def _from_string(cls, value: Any) -> Any:
        if isinstance(value, str):
            return {"place": value}
        return value

    @model_validator(mode="after")
    def _one_form(self) -> Location:
        has_coords = self.lat is not None or self.lon is not None
        if (self.place is None) == (not has_coords):
            raise ValueError("give either a place id or both lat and lon")
        if has_coords and (self.lat is None or self.lon is None):
            raise ValueError("give both lat and lon")
        return self


class Arrival(Model):
    date: dt.date
    at: Location


class Unit(Sourced):
    id: Id
    name: str
    faction: Id
    type: Id
    strength: int = Field(
        ge=0, le=1_000_000, description="Bayonets, sabres or guns by the arm of its type."
    )
    guns: int = Field(
        0, ge=0, le=10_000, description="Guns attached (artillery units count guns in strength)."
    )
    machine_guns: int = Field(0, ge=0, le=10_000)
    morale: Fraction = Field(0.7, description="0 = broken, 1 = élite.")
    start: Location | None = Field(None, description="Where the unit stands on the first day.")
    arrive: Arrival | None = Field(
        None, description="When and where the unit enters, if not at start."
    )

    @model_validator(mode="after")
    def _start_or_arrive(self) -> Unit:
        if (self.start is None) == (self.arrive is None):
            raise ValueError("give exactly one of `start` or `arrive`")
        return self


class CommanderRatings(Model):
    combat: Factor = Field(
        1.0, description="Multiplier on the combat power of the unit led (0.85–1.2)."
    )
    morale: float = Field(
        0.0, ge=-0.5, le=0.5, description="Added to the breakpoint of the unit led."
    )
    initiative: float = Field(
        0.0, ge=-0.5, le=0.5, description="Fraction added to movement points."
    )


class Commander(Sourced):
    id: Id
    name: str
    side: Id
    unit: Id = Field(description="Unit the commander leads.")
    ratings: CommanderRatings = Field(default_factory=CommanderRatings)
    description: str = ""


# ---------------------------------------------------------------------------------------- rules


ArmTable = dict[Arm, float]


class ZocRules(Model):
    leave_cost: ArmTable = Field(
        description="Extra movement points to leave an enemy-adjacent hex."
    )
    zoc_to_zoc: dict[Arm, bool] = Field(
        description="Whether an arm may step from one enemy-adjacent hex straight into another."
    )


class MovementRules(Model):
    terrain_costs: dict[Id, dict[Arm, float | None]] = Field(
        description="Movement points to enter a hex, per terrain and arm; null = impassable."
    )
    route_costs: dict[RouteKind, ArmTable] = Field(
        description="Cost to move between two hexes that share a route (replaces the terrain cost)."
    )
    river_crossing: dict[RiverClass, ArmTable] = Field(
        description="Extra movement points to cross a river between two hexes."
    )
    bridged_routes: list[RouteKind] = Field(
        default_factory=lambda: [RouteKind.railway],
        description="Routes that cross rivers on bridges, so no crossing cost applies along them.",
    )
    zoc: ZocRules
    stacking_limit: int = Field(ge=1, le=20, description="Most friendly units in one hex.")
    fatigue_movement_penalty: Fraction = Field(
        description="Movement points lost at full fatigue (scaled by fatigue)."
    )


class TerrainCombat(Model):
    arms: dict[Arm | Literal["machine_guns"], float] = Field(
        description="Multiplier on each arm's power when fighting in this terrain."
    )
    defence: Factor = Field(description="Multiplier on the defender's power (QJM terrain factor).")
    environment: Factor = Field(
        1.0, description="Multiplier on loss rates (rough ground slows killing)."
    )
    pursuit: Fraction = Field(description="How open the ground is to pursuit by cavalry.")


class CombatRules(Model):
    weights: dict[Arm | Literal["machine_guns"], float] = Field(
        description="Combat power of one bayonet, sabre, gun or machine gun."
    )
    terrain: dict[Id, TerrainCombat]
    posture: dict[Literal["moved", "hasty", "prepared"], Factor] = Field(
        description="Defender multiplier by posture: moved this turn, standing, dug in."
    )
    place_defence: dict[PlaceKind, Factor] = Field(
        default_factory=dict,
        description="Defender multiplier in a hex holding a place of this kind (towns, datsans).",
    )
    river_attack: dict[RiverClass, Factor] = Field(
        description="Attacker multiplier across a river."
    )
    noise_sigma: float = Field(ge=0, le=2, description="Spread of the odds noise exp(σZ).")
    exponent: float = Field(
        ge=0, le=1.5, description="Helmbold exponent e: 1 square law, 0 linear."
    )
    base_loss: dict[Literal["attacker", "defender"], Fraction] = Field(
        description="Loss fraction per day of battle at even odds."
    )
    max_loss: dict[Literal["attacker", "defender"], Fraction] = Field(
        description="Cap on the loss fraction per day of battle."
    )
    battle_days: int = Field(ge=1, le=10, description="Most days one attack lasts.")
    equipment_loss: Fraction = Field(
        description="Guns and machine guns lost per man lost, as a share."
    )
    breakpoint_base: Fraction
    breakpoint_morale: Fraction = Field(
        description="Breakpoint = base + this × morale (+ commander)."
    )
    rout_margin: Factor = Field(
        description="A broken side routs when its loss exceeds this × breakpoint."
    )
    pursuit_loss: Fraction = Field(
        description="Extra loss fraction of a routed side at full pursuit."
    )
    prisoners_share: Fraction = Field(description="Share of pursuit losses taken prisoner.")
    gun_capture: Fraction = Field(
        description="Chance for each gun of a routed side to be captured."
    )
    commander_killed: Fraction = Field(description="Chance a commander of a broken side is killed.")
    commander_captured: Fraction = Field(
        description="Chance a commander of a broken side is captured."
    )
    effectiveness: dict[Literal["at_zero_morale", "at_full_morale"], Factor] = Field(
        description="Combat effectiveness interpolated by morale."
    )
    fatigue_penalty: Fraction = Field(description="Power lost at full fatigue (scaled by fatigue).")
    out_of_supply: Factor = Field(description="Power multiplier out of supply.")
    morale_win: float = Field(ge=-1, le=1, description="Morale change of the winner.")
    morale_loss: float = Field(ge=-1, le=1, description="Morale change of a side that retreats.")
    morale_rout: float = Field(ge=-1, le=1, description="Morale change of a side that routs.")
    fatigue_per_battle: Fraction


class SupplySource(Model):
    place: Id
    sides: list[Id] = Field(
        min_length=1, description="Sides that draw supply here while they hold it."
    )
    range: float = Field(gt=0, le=200, description="Supply points the line may spend from here.")


class SupplyRules(Model):
    sources: list[SupplySource] = Field(min_length=1)
    terrain_costs: dict[Id, float | None] = Field(description="Supply points to trace into a hex.")
    route_costs: dict[RouteKind, float]
    river_crossing: dict[RiverClass, float]


class AttritionRules(Model):
    out_of_supply: Fraction = Field(description="Strength lost per turn out of supply.")
    foraging: Fraction = Field(
        description="Strength lost per turn by cavalry foraging out of supply."
    )
    march: Fraction = Field(description="Strength lost per turn by a unit that moved (stragglers).")


class MoraleRules(Model):
    recovery: Fraction = Field(
        description="Morale regained per turn in supply, toward the unit's start."
    )
    out_of_supply: Fraction = Field(description="Morale lost per turn out of supply.")
    floor: Fraction = Field(description="Morale never falls below this.")


class FatigueRules(Model):
    per_move: Fraction = Field(description="Fatigue gained by a unit that spends all its movement.")
    recovery: Fraction = Field(description="Fatigue lost per turn by a unit that stays still.")


class Rules(Model):
    movement: MovementRules
    combat: CombatRules
    supply: SupplyRules
    attrition: AttritionRules
    morale: MoraleRules
    fatigue: FatigueRules
    disband_below: Fraction = Field(
        description="A unit disbands when its own arm falls below this fraction of its full strength."
    )


# ------------------------------------------------------------------- conditions and effects


class Condition(Model):
    """A test on the state; several keys in one condition must all hold.

    Used by event triggers and sudden-death rules. An empty condition is always true.
    """

    after: dt.date | None = Field(None, description="True on and after this date.")
    before: dt.date | None = Field(None, description="True before this date.")
    controls: ControlTest | None = None
    side_morale_below: SideValue | None = Field(None, description="Mean morale of a side's units.")
    side_strength_below: SideValue | None = Field(
        None, description="Present men of a side as a fraction of its full deployment."
    )
    commander: CommanderTest | None = None
    flag: Id | None = Field(None, description="True when an event has set this flag.")
    any: list[Condition] | None = Field(None, description="True when any of these holds.")
    all: list[Condition] | None = Field(None, description="True when all of these hold.")
    not_: Condition | None = Field(None, alias="not", description="True when this does not hold.")

    model_config = ConfigDict(extra="forbid", populate_by_name=True)


class ControlTest(Model):
    side: Id
    place: Id


class SideValue(Model):
    side: Id
    value: float


class CommanderTest(Model):
    id: Id
    status: Literal["active", "killed", "captured", "removed"] = Field(
        description="removed = killed or captured."
    )


class SideDelta(Model):
    side: Id | None = None
    faction: Id | None = None
    unit: Id | None = None
    delta: float = Field(ge=-1, le=1)

    @model_validator(mode="after")
    def _one_target(self) -> SideDelta:
        if sum(x is not None for x in (self.side, self.faction, self.unit)) != 1:
            raise ValueError("give exactly one of side, faction or unit")
        return self


class CommanderFate(Model):
    id: Id
    chance: Fraction = 1.0


class Effect(Model):
    """One consequence of an event; exactly one key per effect."""

    message: str | None = Field(None, description="Shown in the log.")
    morale: SideDelta | None = Field(None, description="Add to morale of a side, faction or unit.")
    kill_commander: CommanderFate | None = None
    capture_commander: CommanderFate | None = None
    arrive_now: Id | None = Field(None, description="A unit not yet arrived enters now.")
    withdraw: Id | None = Field(None, description="A unit leaves the map (not a loss).")
    set_flag: Id | None = None
    victory_points: SideValue | None = None
    end_game: bool | None = Field(None, description="The campaign ends after this turn.")

    @model_validator(mode="after")
    def _one_key(self) -> Effect:
        if sum(v is not None for v in self.__dict__.values()) != 1:
            raise ValueError("each effect has exactly one key")
        return self


class Event(Sourced):
    id: Id
    name: str
    trigger: Condition
    chance: Fraction = Field(
        1.0, description="Chance to fire at each check while the trigger holds."
    )
    once: bool = True
    effects: list[Effect] = Field(min_length=1)
    caption: str = Field(
        "", description="Text shown when the event fires, in the scenario's words."
    )


# ---------------------------------------------------------------------------- victory


class ObjectiveKind(StrEnum):
    place = "place"  # held by the side that last entered the place's hex
    railway = "railway"  # held by each side with a unit standing on a railway hex


class Objective(Model):
    id: Id
    name: str
    kind: ObjectiveKind
    place: Id | None = Field(None, description="For kind place: the place to hold.")
    points_per_turn: dict[Id, float] = Field(
        default_factory=dict,
        description="Points each side scores at each turn's end while it holds it.",
    )
    points_at_end: dict[Id, float] = Field(
        default_factory=dict, description="Points to the side holding it when the game ends."
    )
    min_men: int = Field(
        0,
        ge=0,
        description="For kind railway: the fewest men (bayonets and sabres together) a side must "
        "have standing on the line for it to count as held; a few stragglers do not cut a railway.",
    )
    description: str = ""

    @model_validator(mode="after")
    def _place_given(self) -> Objective:
        if self.kind == ObjectiveKind.place and self.place is None:
            raise ValueError("an objective of kind place needs `place`")
        return self


class CommanderStake(Model):
    commander: Id
    killed: dict[Id, float] = Field(default_factory=dict, description="Points by side if killed.")
    captured: dict[Id, float] = Field(
        default_factory=dict, description="Points by side if captured."
    )
    at_large: dict[Id, float] = Field(
        default_factory=dict, description="Points by side if still free at the end."
    )


class VictoryLevel(Model):
    min_margin: float = Field(
        description="Lowest margin (score − historical score) for this level."
    )
    winner: Id = Field(description="A side id, or draw.")
    level: Id
    name: str
    description: str = ""


class SuddenDeath(Model):
    id: Id
    when: Condition
    description: str = ""


class Victory(Model):
    objectives: list[Objective] = Field(min_length=1)
    commanders: list[CommanderStake] = Field(default_factory=list)
    losses_per_1000: dict[Id, float] = Field(
        default_factory=dict,
        description="Points a side scores for each 1,000 men the enemy loses (killed, wounded, taken).",
    )
    score_side: Id = Field(description="Score = this side's points minus the other's.")
    historical_score: float = Field(
        description="Score the real campaign of 1921 earns; margin = score − this."
    )
    historical_note: str = Field("", description="How the historical score was reckoned.")
    score_turns_left: bool = Field(
        False,
        description="When the game ends before its last turn (sudden death, an event), every side "
        "also scores the points_per_turn of what it holds for each turn left, so ending the "
        "campaign sooner never costs the side that ended it.",
    )
    levels: list[VictoryLevel] = Field(
        min_length=2, description="Checked from the highest min_margin down."
    )
    sudden_death: list[SuddenDeath] = Field(default_factory=list)


# ---------------------------------------------------------------------------- history


Count = Annotated[int, Field(ge=0, le=1_000_000)]


class Fate(StrEnum):
    destroyed = "destroyed"
    dispersed = "dispersed"
    captured = "captured"
    withdrawn = "withdrawn"


class Waypoint(Sourced):
    """Where a unit or group stood on a date; between two waypoints it moved at an even pace
    along `via` (or the route named in `along`), so the replay can place it on any day."""

    date: dt.date
    at: Location = Field(description="A place id, or {lat, lon}.")
    via: list[Location] = Field(
        default_factory=list,
        max_length=100,
        description="Points passed on the way here from the previous waypoint, in order.",
    )
    along: Id | None = Field(
        None,
        description="A route (map.routes) followed on the way here from the previous waypoint.",
    )
    strength: Count | dict[Id, Count] | None = Field(
        None,
        description="Strength on this date, where a source gives it: a number is the men of the "
        "unit or group (bayonets and sabres, shared over its units in proportion to their full "
        "strength; guns unchanged); a mapping gives units by id in their own measure (bayonets, "
        "sabres or guns).",
        examples=[600, {"w_artillery": 1}],
    )
    fate: Fate | None = Field(
        None, description="The unit or group ceases to exist on this date (its last waypoint)."
    )
    confidence: Confidence | None = Field(  # type: ignore[assignment]
        None, description="As for the whole track when not given."
    )
    source: list[Id] = Field(
        default_factory=list, description="Ids from meta.sources; those of the track when empty."
    )

    @model_validator(mode="after")
    def _via_or_along(self) -> Waypoint:
        if self.via and self.along is not None:
            raise ValueError("give either `via` points or a route to follow (`along`), not both")
        return self


class Track(Sourced):
    """The dated positions of one unit, or of a group of units that moved together."""

    id: Id
    name: str = Field(min_length=1)
    label: str = Field("", max_length=24, description="A short name to write on the map.")
    units: list[Id] = Field(min_length=1, max_length=100, description="Ids from `units`.")
    points: list[Waypoint] = Field(min_length=1, max_length=1000)


class Forces(Model):
    """A force as the sources count it."""

    bayonets: int | None = Field(None, ge=0, le=10_000_000)
    sabers: int | None = Field(None, ge=0, le=10_000_000)
    guns: int | None = Field(None, ge=0, le=100_000)
    machine_guns: int | None = Field(None, ge=0, le=100_000)


class Losses(Model):
    """What one side lost in a battle, where the sources give it."""

    men: int | None = Field(
        None, ge=0, le=10_000_000, description="Killed, wounded, taken and dispersed."
    )
    prisoners: int | None = Field(None, ge=0, le=10_000_000, description="Part of `men` taken.")
    guns: int | None = Field(None, ge=0, le=100_000)


class BattleSide(Model):
    units: list[Id] = Field(min_length=1, max_length=100, description="Ids from `units`.")
    forces: Forces | None = Field(
        None,
        description="The force engaged as the sources give it, where it differs from the units' "
        "strength (then the prediction uses these numbers).",
    )
    losses: Losses | None = None


class BattleOutcome(StrEnum):
    held = "held"
    defender_retreats = "defender_retreats"
    defender_routed = "defender_routed"
    attacker_repulsed = "attacker_repulsed"
    attacker_routed = "attacker_routed"


class HistoricalBattle(Sourced):
    """A battle that was fought, for the replay and for checking the combat model against it."""

    id: Id
    name: str = Field(min_length=1)
    date: dt.date = Field(description="First day of the fighting.")
    end: dt.date | None = Field(None, description="Last day, for fighting over several days.")
    place: Location
    attacker: BattleSide
    defender: BattleSide
    outcome: BattleOutcome
    posture: Literal["moved", "hasty", "prepared"] = Field(
        "hasty", description="How the defender stood: on the move, standing, dug in."
    )
    river: RiverClass | None = Field(None, description="A river the attacker had to cross.")
    caption: str = Field(min_length=1, description="What happened, in the scenario's words.")

    @model_validator(mode="after")
    def _end_after_date(self) -> HistoricalBattle:
        if self.end is not None and self.end < self.date:
            raise ValueError(f"end {self.end} is before date {self.date}")
        return self


class HistoryEventKind(StrEnum):
    movement = "movement"
    capture = "capture"
    commander = "commander"
    politics = "politics"
    other = "other"


class ControlChange(Model):
    place: Id
    side: Id | None = Field(description="The side that now holds the place; null: nobody.")


class CommanderChange(Model):
    id: Id = Field(description="A commander id.")
    fate: Literal["killed", "captured"]


class HistoricalEvent(Sourced):
    """Something that happened, with its caption; it may change who holds a place or the fate of
    a commander, which the replay's picture of each date follows."""

    id: Id
    date: dt.date
    end: dt.date | None = Field(None, description="Last day, for an event over several days.")
    kind: HistoryEventKind
    place: Location | None = None
    caption: str = Field(min_length=1, description="What happened, in the scenario's words.")
    control: list[ControlChange] = Field(default_factory=list, max_length=100)
    commanders: list[CommanderChange] = Field(default_factory=list, max_length=50)

    @model_validator(mode="after")
    def _end_after_date(self) -> HistoricalEvent:
        if self.end is not None and self.end < self.date:
            raise ValueError(f"end {self.end} is before date {self.date}")
        return self


class History(Model):
    """The real campaign: where every unit was, the battles and the events, each with sources."""

    description: str = ""
    tracks: list[Track] = Field(default_factory=list, max_length=500)
    battles: list[HistoricalBattle] = Field(default_factory=list, max_length=500)
    events: list[HistoricalEvent] = Field(default_factory=list, max_length=1000)


# ------------------------------------------------------------------------ encyclopedia


class Article(Sourced):
    """An encyclopedia article on one entry of the scenario, in the scenario's own words."""

    id: Id = Field(
        description="The id of the entry described: a commander, faction, place, unit type, "
        "event or unit of this scenario, by the list the article is in.",
        examples=["ungern"],
    )
    title: str = Field(
        "",
        max_length=200,
        description="Heading; the entry's name when empty.",
        examples=["Konstantin Neiman"],
    )
    text: str = Field(
        min_length=1,
        max_length=20_000,
        description="The article, in your own words; a blank line starts a new paragraph.",
        examples=["Boris Rezukhin was Ungern's deputy and led the division's second brigade."],
    )
    source: list[Id] = Field(
        min_length=1,
        description="Ids of entries in meta.sources that the text rests on.",
        examples=[["s6_wiki_ungern", "s1_wiki_intervention"]],
    )


class Topic(Article):
    """An article on a subject that is no entry of the scenario (the campaign, a side, a term)."""

    id: Id = Field(description="A new id for the topic.", examples=["the_campaign"])
    title: str = Field(
        min_length=1, max_length=200, examples=["The Soviet intervention in Mongolia, 1921"]
    )


class Encyclopedia(Model):
    """The in-game encyclopedia: articles by the kind of entry they describe, each named by that
    entry's id. Once a scenario has this section, `validate` warns about every commander, faction,
    place, unit type and event without an article (`encyclopedia-missing`). The history's battles
    and events need none: their captions and sources are shown as they are."""

    commanders: list[Article] = Field(default_factory=list, max_length=500)
    factions: list[Article] = Field(default_factory=list, max_length=500)
    places: list[Article] = Field(default_factory=list, max_length=2000)
    unit_types: list[Article] = Field(default_factory=list, max_length=500)
    events: list[Article] = Field(default_factory=list, max_length=500)
    units: list[Article] = Field(
        default_factory=list,
        max_length=500,
        description="Optional: a unit without an article gets a page made from its data.",
    )
    topics: list[Topic] = Field(default_factory=list, max_length=500)


# ------------------------------------------------------------------------------ the file


class Scenario(Model):
    """A whole scenario file."""

    schema_version: Literal[1] = Field(1, description="Version of this format.")
    meta: Meta
    map: MapSpec
    terrain: dict[Id, Terrain] = Field(min_length=1)
    sides: dict[Id, Side] = Field(min_length=2, max_length=2)
    factions: list[Faction] = Field(min_length=1)
    unit_types: list[UnitType] = Field(min_length=1)
    units: list[Unit] = Field(min_length=1, max_length=500)
    commanders: list[Commander] = Field(default_factory=list, max_length=200)
    rules: Rules
    events: list[Event] = Field(default_factory=list, max_length=500)
    victory: Victory
    history: History | None = Field(
        None, description="The real campaign, for the replay and the historical player."
    )
    encyclopedia: Encyclopedia | None = Field(
        None, description="Articles for the in-game encyclopedia, with their sources."
    )
    suppress_warnings: list[Annotated[str, Field(pattern=r"^[a-z][a-z0-9-]*$")]] = Field(
        default_factory=list,
        description="Codes of warnings this file accepts on purpose (see docs/MODDING.md); "
        "they are not shown. Errors cannot be suppressed.",
        examples=[["unknown-flag", "expected-totals"]],
    )


Condition.model_rebuild()
