"""How likely was history: the background runs give the batch's answer, and it is cached."""

from __future__ import annotations

import time

import pytest

from game.cli import _load_world
from game.history.calibration import simulate_history
from game.history.likelihood import HistoryOdds, cache_path
from game.paths import DEFAULT_SCENARIO


@pytest.fixture(scope="module")
def world():
    return _load_world(str(DEFAULT_SCENARIO))


def _wait(odds: HistoryOdds, limit: float = 300.0) -> None:
    t0 = time.monotonic()
    while not odds.finished and not odds.error and time.monotonic() - t0 < limit:
        odds.poll()
        time.sleep(0.02)


def test_background_runs_agree_with_the_batch_and_are_cached(world):
    odds = HistoryOdds(world, DEFAULT_SCENARIO, "test-fingerprint", runs=4, chunk=2)
    assert odds.summary() is None and not odds.finished
    odds.start()
    assert odds.running
    _wait(odds)
    assert odds.error == "" and odds.finished and not odds.running
    batch = simulate_history(world, str(DEFAULT_SCENARIO), runs=4)
    assert odds.summary() == batch
    assert cache_path("test-fingerprint", 4, 1).is_file()
    again = HistoryOdds(world, DEFAULT_SCENARIO, "test-fingerprint", runs=4, chunk=2)
    assert again.finished and again.summary() == batch  # from the cache, nothing to run
    again.start()
    assert not again.running


def test_closing_early_drops_the_rest(world):
    odds = HistoryOdds(world, DEFAULT_SCENARIO, "", runs=40, chunk=2)
    odds.start()
    odds.close()
    assert not odds.running and not odds.finished
    odds.poll()  # nothing left to collect, no error
    assert odds.error == ""
