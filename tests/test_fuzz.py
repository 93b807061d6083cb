"""Fuzzing the loader: every mutated scenario loads or is refused with located errors."""

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from game.engine.flow import start_game
from game.engine.world import build_world
from game.paths import DEFAULT_SCENARIO, PROJECT_ROOT
from game.scenario.fuzz import mutate
from game.scenario.loader import check_file

TEXTS = {
    "minimal": (PROJECT_ROOT / "tests/data/minimal.yaml").read_text(),
    "1921": DEFAULT_SCENARIO.read_text(),
}
FILE_LEVEL = {"too-large", "empty", "encoding"}  # problems of the whole file, without a line


def check_case(text: str, path) -> None:
    """Write the case as bytes (random bytes need not be UTF-8) and load it as the game does."""
    path.write_bytes(text.encode("utf-8", "surrogateescape"))
    scenario, diags = check_file(path)
    assert not [d for d in diags if d.code == "internal"], [d.format() for d in diags]
    errors = [d for d in diags if d.severity == "error"]
    if scenario is None:
        assert errors, "refused without a reason"
        for d in errors:
            assert d.line >= 1 or d.code in FILE_LEVEL or d.path == (), d.format()
    else:
        world = build_world(scenario)
        start_game(world, 1)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(sorted(TEXTS)), st.integers(0, 2**32 - 1), st.integers(1, 3))
def test_mutated_scenarios_never_crash_the_loader(tmp_path_factory, which, seed, rounds):
    text, names = mutate(TEXTS[which], np.random.default_rng(seed), rounds)
    check_case(text, tmp_path_factory.mktemp("fuzz") / f"{which}-{'+'.join(names)}.yaml")
