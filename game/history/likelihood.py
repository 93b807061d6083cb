"""How likely was history? The calibration view's answer, computed while the player looks.

Two historical players (the orders of 1921 from the scenario's `history`) play the campaign again
and again, the engine deciding every fight; `calibration.history_summary` then says how often the
real ending came out and which battles swing it. The runs go to a worker process in small chunks
so the window keeps its frame rate and the figure (with its interval) firms up as they arrive. A
finished answer is kept in the player's data folder, keyed by the scenario's fingerprint, so the
second look is instant. Same scenario, seed and run count: the same answer, bit for bit.
"""

from __future__ import annotations

import json
import multiprocessing
from concurrent.futures import Future, ProcessPoolExecutor
from pathlib import Path

from game.engine.world import World

RUNS = 200  # enough for a ±4-point interval around a share near 90 %
CHUNK = 5  # runs per task: small enough that progress shows, large enough to amortise the hop
SEED = 1
CACHE_VERSION = 1


def _play_chunk(scenario_path: str, seeds: list[int]) -> list[dict]:
    """Worker side: the campaigns of `seeds`, trimmed to what `history_summary` reads."""
    from game.sim.batch import _run_with

    out = []
    for seed in seeds:
        run = _run_with(scenario_path, "historical", "historical", seed)
        out.append(
            {
                "seed": seed,
                "outcome": run["outcome"],
                "record": {"fights": run["record"].get("fights", [])},
            }
        )
    return out


def cache_path(fingerprint: str, runs: int = RUNS, seed: int = SEED) -> Path:
    from game.userdata import data_dir

    return data_dir() / "cache" / f"history-odds-{fingerprint[:20]}-{runs}-{seed}.json"


class HistoryOdds:
    """The historical campaign played `runs` times in the background; poll it from the frame loop.

    `scenario_path` is a file the worker can load (the scenario, or the merged file of a modded
    one); `fingerprint` names the cache entry ("" for no cache)."""

    def __init__(
        self,
        world: World,
        scenario_path: str | Path,
        fingerprint: str = "",
        runs: int | None = None,
        seed: int = SEED,
        chunk: int = CHUNK,
    ):
        self.world = world
        self.scenario_path = str(scenario_path)
        self.fingerprint = fingerprint
        self.runs = RUNS if runs is None else runs  # read here, so a test can lower RUNS
        self.seed = seed
        self.chunk = chunk
        self.results: list[dict] = []
        self.error = ""
        self._pool: ProcessPoolExecutor | None = None
        self._pending: list[Future] = []
        self._cached: dict | None = None
        self._summary: dict | None = None  # of the runs so far; redone only when more arrive
        self._summary_of = None  # the (translated) scenario its names come from
        self._load_cache()

    # ------------------------------------------------------------------ running
    def start(self) -> None:
        """Send the runs to a worker process (nothing to do when the answer is cached)."""
        if self._cached is not None or self._pool is not None or self.error:
            return
        try:
            # spawn, not fork: the window's audio and timer threads must not be copied mid-flight
            ctx = multiprocessing.get_context("spawn")
            self._pool = ProcessPoolExecutor(1, mp_context=ctx)
            seeds = list(range(self.seed, self.seed + self.runs))
            self._pending = [
                self._pool.submit(_play_chunk, self.scenario_path, seeds[i : i + self.chunk])
                for i in range(0, len(seeds), self.chunk)
            ]
        except Exception as exc:  # no processes on this system: say so, keep the view working
            self.error = f"{type(exc).__name__}: {exc}"
            self.close()

    def poll(self) -> bool:
        """Collect finished chunks; True when something new arrived."""
        new = False
        while self._pending and self._pending[0].done():
            future = self._pending.pop(0)
            try:
                self.results += future.result()
            except Exception as exc:
                self.error = f"{type(exc).__name__}: {exc}"
                self.close()
                return True
            new = True
        if new:
            self._summary = None
        if new and not self._pending:
            self._save_cache()
            self.close()
        return new

    def close(self) -> None:
        """Stop the worker (the screen closed); runs not yet played are dropped."""
        pool, self._pool = self._pool, None
        for f in self._pending:
            f.cancel()
        self._pending = []
        if pool is not None:
            pool.shutdown(wait=False, cancel_futures=True)

    # ------------------------------------------------------------------ reading
    @property
    def done(self) -> int:
        return self.runs if self._cached is not None else len(self.results)

    @property
    def finished(self) -> bool:
        return self.done >= self.runs

    @property
    def running(self) -> bool:
        return self._pool is not None

    def summary(self) -> dict | None:
        """`history_summary` of the runs so far (None before the first); battle names in the
        language of the world's scenario; worked out once per new arrival, not every frame."""
        if self._summary is None or self._summary_of is not self.world.scenario:
            if self._cached is not None:
                summary = self._cached
            elif self.results:
                from game.history.calibration import history_summary

                runs = sorted(self.results, key=lambda r: r["seed"])
                summary = history_summary(self.world, runs)
            else:
                return None
            self._summary = _renamed(summary, self.world)
            self._summary_of = self.world.scenario  # a language change renames the battles
        return self._summary

    # ------------------------------------------------------------------ the cache
    def _load_cache(self) -> None:
        if not self.fingerprint:
            return
        try:
            data = json.loads(cache_path(self.fingerprint, self.runs, self.seed).read_text("utf-8"))
        except (OSError, ValueError):
            return
        if isinstance(data, dict) and data.get("version") == CACHE_VERSION:
            summary = data.get("summary")
            if isinstance(summary, dict) and summary.get("runs") == self.runs:
                self._cached = summary

    def _save_cache(self) -> None:
        if not self.fingerprint or len(self.results) < self.runs:
            return
        from game.saves import write_atomic

        summary = self.summary()
        path = cache_path(self.fingerprint, self.runs, self.seed)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            write_atomic(path, json.dumps({"version": CACHE_VERSION, "summary": summary}))
        except OSError:
            pass  # a cache that cannot be written only costs the next look its speed


def _renamed(summary: dict, world: World) -> dict:
    """The summary with the names of the world's scenario (the cache may be in another language)."""
    from game.history import model

    if not model.has_history(world):
        return summary
    names = {b.id: b.name for b in model.history_of(world).battles}
    level = summary["level"]
    for lv in world.scenario.victory.levels:
        if (lv.winner, lv.level) == (level["winner"], level["level"]):
            level = {**level, "name": lv.name}
    battles = [{**b, "name": names.get(b["id"], b["name"])} for b in summary["battles"]]
    return {**summary, "level": level, "battles": battles}
