"""Fuzzing the loaders: every mutated scenario or mod loads or is refused with located errors,
from the game's loader and from `validate` alike (`bench/fuzz.py` runs the long version)."""

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from game.scenario.fuzz import mutate, run_case, targets

TARGETS = targets()


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(sorted(TARGETS)), st.integers(0, 2**32 - 1), st.integers(1, 3))
def test_mutated_files_never_crash_the_loaders(tmp_path_factory, which, seed, rounds):
    kind, text = TARGETS[which]
    damaged, _ = mutate(text, np.random.default_rng(seed), rounds)
    run_case(kind, damaged, tmp_path_factory.mktemp("fuzz"))


def test_every_shipped_file_loads_unmutated(tmp_path):
    for name, (kind, text) in TARGETS.items():
        assert run_case(kind, text, tmp_path / name.replace(" ", "_")) == "loaded", name
