"""What the combat model predicts for each battle of 1921, beside what happened.

Each historical battle becomes one engagement for the engine's own resolver: the forces are the
units' strength on that day (or the figures the sources give for the force engaged), on the
terrain of the battle's hex with its town or datsan, the defender's posture and any river the
attacker crossed, each side's morale and best commander as the scenario rates them. The
resolver's Monte Carlo (`combat.predict`, replicas that the game itself never draws) then gives
the chance of each outcome and the losses to expect. Nothing here is tuned to fit history: the
point is to see where the model and the record agree.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np

from game.engine import combat, raster, rng
from game.engine.world import MEASURES, World
from game.history import model
from game.history.timeline import timeline_for
from game.scenario.schema import BattleSide, HistoricalBattle, Losses

SAMPLES = 4000  # Monte Carlo replicas per battle: ±1.6 points on a probability at worst
KEY_SEED = 1921  # the draws of a prediction depend on the battle's id only, never on a game
ATTACKER_WINS = (combat.Outcome.DEFENDER_RETREATS, combat.Outcome.DEFENDER_ROUTED)
OUTCOMES = tuple(o.name.lower() for o in combat.Outcome)


@dataclass(frozen=True)
class Force:
    """One side of a historical battle as the prediction saw it."""

    side: str
    units: tuple[str, ...]
    men: dict[str, int]  # bayonets, sabers, guns, machine_guns
    morale: float
    commander: str | None
    from_sources: tuple[str, ...]  # measures taken from the battle's `forces`, not the units

    def to_json(self) -> dict:
        return {
            "side": self.side,
            "units": list(self.units),
            "men": self.men,
            "morale": round(self.morale, 3),
            "commander": self.commander,
            "from_sources": list(self.from_sources),
        }


@dataclass(frozen=True)
class LossForecast:
    mean: float
    p10: float
    p50: float
    p90: float

    def to_json(self) -> dict:
        return {k: round(v, 1) for k, v in vars(self).items()}


@dataclass(frozen=True)
class BattlePrediction:
    """The engine's forecast of one battle beside the record."""

    battle: HistoricalBattle
    place_name: str
    attacker: Force
    defender: Force
    terrain: str
    fort: float
    posture: str
    river: str | None
    odds: float
    p_outcome: dict[str, float]  # outcome name → probability
    attacker_loss: LossForecast  # men (bayonets + sabres)
    defender_loss: LossForecast
    samples: int

    @property
    def id(self) -> str:
        return self.battle.id

    @property
    def date(self) -> dt.date:
        return self.battle.date

    @property
    def actual(self) -> str:
        return str(self.battle.outcome)

    @property
    def actual_attacker_won(self) -> bool:
        return self.actual in ("defender_retreats", "defender_routed")

    @property
    def p_attacker_wins(self) -> float:
        return self.p_outcome["defender_retreats"] + self.p_outcome["defender_routed"]

    @property
    def p_actual(self) -> float:
        """The chance the model gave the outcome that happened."""
        return self.p_outcome[self.actual]

    @property
    def p_actual_winner(self) -> float:
        """The chance the model gave the side that won (the defender wins a battle it holds)."""
        p = self.p_attacker_wins
        return p if self.actual_attacker_won else 1.0 - p

    @property
    def predicted(self) -> str:
        return max(self.p_outcome, key=self.p_outcome.get)

    @property
    def called_right(self) -> bool:
        """The model's likelier winner is the one that won."""
        return self.p_actual_winner > 0.5

    def actual_losses(self) -> dict[str, Losses | None]:
        return {"attacker": self.battle.attacker.losses, "defender": self.battle.defender.losses}

    def to_json(self) -> dict:
        return {
            "id": self.id,
            "name": self.battle.name,
            "date": self.battle.date.isoformat(),
            "end": self.battle.end.isoformat() if self.battle.end else None,
            "place": self.place_name,
            "attacker": self.attacker.to_json(),
            "defender": self.defender.to_json(),
            "terrain": self.terrain,
            "fort": self.fort,
            "posture": self.posture,
            "river": self.river,
            "odds": round(self.odds, 3),
            "p_outcome": {k: round(v, 4) for k, v in self.p_outcome.items()},
            "p_attacker_wins": round(self.p_attacker_wins, 4),
            "expected_losses": {
                "attacker": self.attacker_loss.to_json(),
                "defender": self.defender_loss.to_json(),
            },
            "actual": {
                "outcome": self.actual,
                "losses": {
                    k: (v.model_dump(exclude_none=True) if v is not None else None)
                    for k, v in self.actual_losses().items()
                },
            },
            "p_actual": round(self.p_actual, 4),
            "p_actual_winner": round(self.p_actual_winner, 4),
            "predicted": self.predicted,
            "called_right": self.called_right,
            "samples": self.samples,
            "source": list(self.battle.source),
            "confidence": str(self.battle.confidence),
            "note": self.battle.note,
        }


def _force(world: World, spec: BattleSide, date: dt.date) -> tuple[Force, np.ndarray, dict]:
    timeline = timeline_for(world)
    idx = np.array([world.unit_index[u] for u in spec.units], dtype=np.int64)
    men = world.unit_men[idx].astype(np.float64)
    own = timeline.strength(date)[idx]
    arm = world.unit_arm[idx]
    men[np.arange(len(idx)), arm] = own  # the history's strength in each unit's own arm
    power = (men * world.combat.weights).sum(axis=1)
    total = men.sum(axis=0)
    given: list[str] = []
    if spec.forces is not None:
        for k, name in enumerate(MEASURES):
            value = getattr(spec.forces, name)
            if value is not None:
                total[k] = value
                given.append(name)
    morale_u = world.unit_morale[idx]
    morale = float((morale_u * power).sum() / power.sum()) if power.sum() > 0 else 0.7
    fates = timeline.commanders_on(date - dt.timedelta(days=1))
    best, rating = None, -np.inf
    for c, cmd in enumerate(world.scenario.commanders):
        active = fates.get(cmd.id, "active") == "active"
        if cmd.unit in spec.units and active and world.commander_combat[c] > rating:
            best, rating = c, world.commander_combat[c]
    cmd_info = {
        "combat": float(world.commander_combat[best]) if best is not None else 1.0,
        "morale": float(world.commander_morale[best]) if best is not None else 0.0,
        "has": best is not None,
    }
    side = world.side_ids[int(world.unit_side[idx[0]])]
    force = Force(
        side=side,
        units=tuple(spec.units),
        men={name: int(v) for name, v in zip(MEASURES, total, strict=True)},
        morale=morale,
        commander=world.commander_ids[best] if best is not None else None,
        from_sources=tuple(given),
    )
    return force, total, cmd_info


def _engagement(world: World, battle: HistoricalBattle) -> tuple[combat.Engagements, dict]:
    a, att, acmd = _force(world, battle.attacker, battle.date)
    d, dfn, dcmd = _force(world, battle.defender, battle.date)
    lat, lon = model.latlon(world, battle.place)
    h = int(world.grid.hex_at_latlon(lat, lon))
    river = 1.0
    if battle.river is not None:
        river = float(world.river_attack[raster.RIVER_CODES[battle.river]])
    eng = combat.Engagements.single(
        att,
        dfn,
        terrain=int(world.terrain[h]),
        posture=combat.POSTURES.index(battle.posture),
        river=river,
        fort=float(world.place_defence[h]),
        att_morale=a.morale,
        def_morale=d.morale,
        att_cmd=acmd["combat"],
        def_cmd=dcmd["combat"],
        att_cmd_morale=acmd["morale"],
        def_cmd_morale=dcmd["morale"],
        att_has_cmd=acmd["has"],
        def_has_cmd=dcmd["has"],
        key=rng.derive_key(KEY_SEED, f"history:{battle.id}"),
    )
    info = {
        "attacker": a,
        "defender": d,
        "terrain": world.terrain_ids[int(world.terrain[h])],
        "fort": float(world.place_defence[h]),
        "posture": battle.posture,
        "river": str(battle.river) if battle.river is not None else None,
        "place_name": model.place_name(world, battle.place),
    }
    return eng, info


def predict_battles(
    world: World, ids: list[str] | None = None, samples: int = SAMPLES
) -> list[BattlePrediction]:
    """The prediction for every historical battle (or those named), in date order."""
    battles = [b for b in model.history_of(world).battles if ids is None or b.id in ids]
    if not battles:
        return []
    built = [_engagement(world, b) for b in battles]
    eng = combat.Engagements.stack([e for e, _ in built])
    pred = combat.predict(eng, world.combat, samples=samples)
    out = []
    for i, (battle, (_, info)) in enumerate(zip(battles, built, strict=True)):
        out.append(
            BattlePrediction(
                battle=battle,
                place_name=info["place_name"],
                attacker=info["attacker"],
                defender=info["defender"],
                terrain=info["terrain"],
                fort=info["fort"],
                posture=info["posture"],
                river=info["river"],
                odds=float(pred.odds[i]),
                p_outcome={name: float(pred.p_outcome[i, k]) for k, name in enumerate(OUTCOMES)},
                attacker_loss=LossForecast(
                    float(pred.att_loss_mean[i]),
                    float(pred.att_loss_p10[i]),
                    float(pred.att_loss_p50[i]),
                    float(pred.att_loss_p90[i]),
                ),
                defender_loss=LossForecast(
                    float(pred.def_loss_mean[i]),
                    float(pred.def_loss_p10[i]),
                    float(pred.def_loss_p50[i]),
                    float(pred.def_loss_p90[i]),
                ),
                samples=samples,
            )
        )
    return sorted(out, key=lambda p: p.battle.date)


def predict_battle(world: World, battle_id: str, samples: int = SAMPLES) -> BattlePrediction:
    """One battle's prediction (the replay's event panel); KeyError for an unknown id."""
    found = predict_battles(world, [battle_id], samples)
    if not found:
        raise KeyError(f"no historical battle '{battle_id}'")
    return found[0]


def cached_predictions(world: World) -> list[BattlePrediction]:
    """`predict_battles(world)`, computed once per world (screens ask for it often)."""
    return model.cached(world, "predictions", lambda: predict_battles(world))
