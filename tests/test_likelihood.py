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


def test_the_calibration_view_shows_how_likely_history_was(tmp_path, monkeypatch):
    """C in the replay: the battles, then the replayed campaigns' figure as they arrive; leaving
    the screen stops the worker."""
    import os

    os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
    os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
    import pygame

    from game import i18n
    from game.history import likelihood
    from game.ui.app import App
    from game.ui.replay_overlays import CalibrationView
    from game.ui.replay_scene import open_replay
    from game.ui.settings import Settings
    from tests.i18n_probe import probing

    monkeypatch.setattr(likelihood, "RUNS", 4)
    monkeypatch.setattr(likelihood, "CHUNK", 2)
    i18n.set_language(i18n.PSEUDO)  # the whole screen in the pseudo-language, for the probe
    pseudo_world = _load_world(str(DEFAULT_SCENARIO))
    app = App(pseudo_world, seed=3, settings=Settings(path=tmp_path / "settings.json"))
    try:
        app.step(0.016, [])
        open_replay(app)
        scene = app.stack.top
        key = [pygame.event.Event(pygame.KEYDOWN, key=pygame.K_c, mod=0, unicode="c")]
        app.step(0.016, key)
        view = scene.overlays[-1]
        assert isinstance(view, CalibrationView) and view.odds is not None
        t0 = time.monotonic()
        while not view.odds.finished and time.monotonic() - t0 < 300:
            app.step(0.05, [])
            time.sleep(0.02)
        assert view.odds.finished and view.odds.error == ""
        summary = view.odds.summary()
        assert summary["runs"] == 4 and summary["level"]["name"] == "⟦Red victory⟧"
        with probing() as probe:  # and every word of it drawn through gettext
            app.step(0.016, [])
            probe.check(app, "calibration with history's odds")
        assert not probe.found, probe.report()
        app.back()
        app.step(0.016, [])
        assert not scene._odds.running
    finally:
        pygame.display.quit()
