"""Batch campaigns: the same results whatever the number of workers, and a sound summary."""

import csv
import json
from concurrent.futures import ThreadPoolExecutor

import pytest

from game.engine.world import build_world
from game.paths import DEFAULT_SCENARIO
from game.scenario.loader import load_scenario
from game.sim import batch


def test_results_do_not_depend_on_workers_or_executor():
    seeds = [10, 11, 12]
    one = batch.run_batch(str(DEFAULT_SCENARIO), seeds, workers=1)
    two = batch.run_batch(str(DEFAULT_SCENARIO), seeds, workers=2)
    with ThreadPoolExecutor(1) as ex:
        other = batch.run_batch(str(DEFAULT_SCENARIO), seeds, executor=ex)
    key = [(r["seed"], r["turn_hashes"]) for r in one]
    assert key == [(r["seed"], r["turn_hashes"]) for r in two]
    assert key == [(r["seed"], r["turn_hashes"]) for r in other]


def test_summary_and_csv(tmp_path):
    world = build_world(load_scenario(DEFAULT_SCENARIO))
    runs = batch.run_batch(str(DEFAULT_SCENARIO), [1, 2, 3, 4])
    summary = batch.summarise(world, runs)
    assert summary["runs"] == 4
    assert abs(sum(lv["p"] for lv in summary["levels"]) - 1) < 1e-9
    for lv in summary["levels"]:
        lo, hi = lv["ci95"]
        assert 0 <= lo <= lv["p"] <= hi <= 1
    assert {c["commander"] for c in summary["commanders"]} >= {"ungern", "rezukhin"}
    for side in world.side_ids:
        q1, med, q3 = summary["losses"][side]["men"]
        assert q1 <= med <= q3
    text = batch.format_summary(summary)
    assert "Victory level" in text and "Ungern" in text
    json.dumps(summary)
    path = tmp_path / "runs.csv"
    batch.write_csv(path, world, runs)
    rows = list(csv.DictReader(path.open()))
    assert [int(r["seed"]) for r in rows] == [1, 2, 3, 4]
    assert rows[0]["winner"] in ("red", "white", "draw")


def test_wilson_interval():
    lo, hi = batch.wilson(50, 100)
    assert 0.40 < lo < 0.41 and 0.59 < hi < 0.60
    assert batch.wilson(0, 10)[0] == 0.0 and batch.wilson(10, 10)[1] == 1.0


def test_dask_local_cluster_gives_the_same_results():
    distributed = pytest.importorskip("distributed")
    seeds = [20, 21]
    local = batch.run_batch(str(DEFAULT_SCENARIO), seeds)
    with distributed.Client(
        processes=False, n_workers=1, threads_per_worker=2, dashboard_address=None
    ) as client:
        remote = batch.run_batch(str(DEFAULT_SCENARIO), seeds, executor=client.get_executor())
    assert [r["turn_hashes"] for r in local] == [r["turn_hashes"] for r in remote]
