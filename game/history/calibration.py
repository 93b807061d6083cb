"""How well the engine reproduces 1921: battle by battle, and campaign by campaign.

Two questions, kept apart:

* `calibrate(world)`: for every historical battle, does the combat model, given the historical
  forces and ground, favour the side that actually won? (The replay's calibration view.)
* `history_summary(world, runs)`: when both sides follow the historical orders (`--red historical
  --white historical`), how often does the campaign end at the historical victory level, and
  which battles swing it: how much likelier the historical ending is when the engine's version
  of a battle goes the historical way than when it does not.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass

from game.engine.world import World
from game.history import model
from game.history.battles import SAMPLES, BattlePrediction, predict_battles
from game.sim.batch import wilson

MATCH_DAYS = 3  # an engine battle counts as a historical one within this many days of it …
MATCH_HEXES = 2  # … and this many hexes of its place, fought by the same attacking side
ATTACKER_WON = ("defender_retreats", "defender_routed")
MIN_GROUP = 5  # runs on each side of a comparison before its share (and the swing) is shown


@dataclass(frozen=True)
class Calibration:
    predictions: list[BattlePrediction]

    @property
    def total(self) -> int:
        return len(self.predictions)

    @property
    def called_right(self) -> int:
        return sum(p.called_right for p in self.predictions)

    @property
    def brier(self) -> float:
        """Mean squared error of the chance given to the attacker winning (0 is perfect,
        0.25 is a coin toss every time)."""
        if not self.predictions:
            return math.nan
        return sum(
            (p.p_attacker_wins - float(p.actual_attacker_won)) ** 2 for p in self.predictions
        ) / len(self.predictions)

    @property
    def mean_p_actual(self) -> float:
        """Mean chance the model gave the exact outcome that happened."""
        if not self.predictions:
            return math.nan
        return sum(p.p_actual for p in self.predictions) / len(self.predictions)

    def to_json(self) -> dict:
        return {
            "battles": [p.to_json() for p in self.predictions],
            "called_right": self.called_right,
            "total": self.total,
            # null, not NaN, when there is nothing to score: NaN is not JSON
            "brier": round(self.brier, 4) if self.predictions else None,
            "mean_p_actual": round(self.mean_p_actual, 4) if self.predictions else None,
        }

    def format_text(self) -> str:
        if not self.predictions:
            return "The history records no battles to check the engine on."
        lines = [
            "Battle                               date        P(attacker wins)  predicted"
            "            happened             right"
        ]
        for p in self.predictions:
            lines.append(
                f"  {p.battle.name[:34]:<34} {p.date.isoformat()}  {p.p_attacker_wins:6.1%}"
                f"           {p.predicted:<20} {p.actual:<20} {'yes' if p.called_right else 'no'}"
            )
        lines.append(
            f"The engine calls {self.called_right} of {self.total} battles right "
            f"(Brier score {self.brier:.3f}; the exact outcome got {self.mean_p_actual:.1%} "
            "on average)."
        )
        return "\n".join(lines)


def calibrate(world: World, samples: int = SAMPLES) -> Calibration:
    """Every historical battle predicted by the engine beside the record."""
    return Calibration(predict_battles(world, samples=samples))


# ------------------------------------------------------------------------ campaigns


def historical_level(world: World) -> tuple[str, str, str]:
    """(winner, level, name) of the victory level the real campaign earns (margin 0)."""
    ranked = sorted(world.scenario.victory.levels, key=lambda lv: lv.min_margin, reverse=True)
    lv = next((lv for lv in ranked if lv.min_margin <= 0), ranked[-1])
    return lv.winner, lv.level, lv.name


def _is_historical(run: dict, level: tuple[str, str, str]) -> bool:
    o = run["outcome"]
    return (o["winner"], o["level"]) == level[:2]


def _fought(world: World, battle, fights: list[dict]) -> bool | None:
    """How the engine's version of a historical battle went in one run: True if the historical
    winner won it, False if the other side did, None if no such battle was fought."""
    lat, lon = model.latlon(world, battle.place)
    place = int(world.grid.hex_at_latlon(lat, lon))
    first = battle.date - dt.timedelta(days=MATCH_DAYS)
    last = (battle.end or battle.date) + dt.timedelta(days=MATCH_DAYS)
    side = world.side_ids[int(world.unit_side[world.unit_index[battle.attacker.units[0]]])]
    hist_attacker_won = str(battle.outcome) in ATTACKER_WON
    found = None
    for f in fights:
        day = dt.date.fromisoformat(f["date"])
        if f["side"] != side or not first <= day <= last:
            continue
        if int(world.grid.distance(place, int(f["hex"]))) > MATCH_HEXES:
            continue
        same = (f["outcome"] in ATTACKER_WON) == hist_attacker_won
        found = same if found is None else (found or same)
    return found


def history_summary(world: World, runs: list[dict]) -> dict:
    """How often `runs` end at the historical level, and which battles swing it.

    For each historical battle: the share of runs in which the engine fought it, the share of
    those in which the historical winner won it, and the swing: the chance of the historical
    ending when the battle went the historical way minus the chance when it did not (not fought
    or lost), shown only when each group has at least MIN_GROUP runs. Battles are listed by the
    size of their swing.
    """
    level = historical_level(world)
    n = len(runs)
    hits = [_is_historical(r, level) for r in runs]
    k = sum(hits)
    out: dict = {
        "level": {"winner": level[0], "level": level[1], "name": level[2]},
        "runs": n,
        "p": k / n if n else 0.0,
        "ci95": list(wilson(k, n)),
        "battles": [],
    }
    if not model.has_history(world) or not runs or "fights" not in runs[0].get("record", {}):
        return out
    for battle in model.history_of(world).battles:
        went = [_fought(world, battle, r["record"]["fights"]) for r in runs]
        fought = [g for g in went if g is not None]
        yes = [h for h, g in zip(hits, went, strict=True) if g is True]
        no = [h for h, g in zip(hits, went, strict=True) if g is not True]
        p_yes = sum(yes) / len(yes) if len(yes) >= MIN_GROUP else None
        p_no = sum(no) / len(no) if len(no) >= MIN_GROUP else None
        out["battles"].append(
            {
                "id": battle.id,
                "name": battle.name,
                "date": battle.date.isoformat(),
                "fought": len(fought) / n,
                "historical_winner": (sum(fought) / len(fought)) if fought else None,
                "p_history_if_as_history": p_yes,
                "p_history_otherwise": p_no,
                "swing": (p_yes - p_no) if p_yes is not None and p_no is not None else None,
            }
        )
    out["battles"].sort(key=lambda b: -abs(b["swing"]) if b["swing"] is not None else 1.0)
    return out


def simulate_history(
    world: World, scenario_path: str, runs: int = 50, seed: int = 1, workers: int = 1, progress=None
) -> dict:
    """Play `runs` campaigns between two historical players (seeds seed … seed + runs − 1) and
    summarise them with `history_summary`: what a calibration view shows beside the battles.
    `scenario_path` is the file the worker processes load (the one `world` was built from)."""
    from game.sim.batch import run_batch

    seeds = [seed + i for i in range(runs)]
    results = run_batch(
        str(scenario_path), seeds, "historical", "historical", workers, progress=progress
    )
    return history_summary(world, results)


def format_history_summary(summary: dict) -> str:
    lo, hi = summary["ci95"]
    lines = [
        f"The historical result ({summary['level']['name']}) came out in {summary['p']:.1%} "
        f"of {summary['runs']} runs (95 % interval {lo:.1%} – {hi:.1%})"
    ]
    if summary["battles"]:
        lines.append(
            "Battles that swing it              fought  won as in 1921  "
            "P(history | as 1921)  P(history | not)   swing"
        )
        for b in summary["battles"]:

            def pct(v):
                return f"{v:6.1%}" if v is not None else "     —"

            swing = f"{b['swing']:+6.1%}" if b["swing"] is not None else "     —"
            lines.append(
                f"  {b['name'][:32]:<32} {pct(b['fought'])}  {pct(b['historical_winner'])}"
                f"          {pct(b['p_history_if_as_history'])}            "
                f"{pct(b['p_history_otherwise'])}   {swing}"
            )
    return "\n".join(lines)
