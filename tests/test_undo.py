"""Undo: a move that showed nothing new can be taken back, exactly; anything else cannot."""

import pytest

from game.engine import movement, rules
from game.engine.commands import Attack, EndTurn, Move
from game.engine.game import NOTHING_TO_UNDO, Game
from tests.factory import small_world

WORLD = small_world()


def _reveals(game, u, h) -> bool:
    side = game.state.side
    out = rules.apply(WORLD, game.state, Move(WORLD.unit_ids[u], h))
    return out.ok and bool((out.state.seen_turn[side] != game.state.seen_turn[side]).any())


def _stops(game, u, reveal: bool) -> list[int]:
    found = movement.reach(WORLD, game.state, u)
    return [h for h in sorted(found.stops) if _reveals(game, u, h) == reveal]


@pytest.fixture
def game():
    return Game(WORLD, 11)


def test_a_quiet_move_is_undone_exactly(game):
    before = game.state.state_hash()
    assert game.can_undo() == NOTHING_TO_UNDO
    assert game.undo().reason == NOTHING_TO_UNDO
    u = WORLD.unit_index["white_cav2"]
    h = _stops(game, u, reveal=False)[0]
    assert game.submit(Move("white_cav2", h)).ok
    assert game.can_undo() == ""
    out = game.undo()
    assert out.ok and out.events[0].kind == "undo"
    assert game.state.state_hash() == before and game.log == []
    assert game.can_undo() == NOTHING_TO_UNDO


def test_several_quiet_moves_undo_one_by_one(game):
    start = game.state.state_hash()
    hashes = []
    for uid in ("white_cav2", "white_cav"):
        u = WORLD.unit_index[uid]
        hashes.append(game.state.state_hash())
        assert game.submit(Move(uid, _stops(game, u, reveal=False)[0])).ok
    assert game.undo().ok and game.state.state_hash() == hashes[1] and len(game.log) == 1
    assert game.undo().ok and game.state.state_hash() == start and game.log == []
    assert not game.undo().ok


def test_a_move_that_sights_the_enemy_cannot_be_undone(game):
    u = WORLD.unit_index["white_cav"]
    revealing = _stops(game, u, reveal=True)
    assert revealing, "the test map should let white sight red"
    assert game.submit(Move("white_cav", revealing[0])).ok
    assert game.can_undo() == "the last move revealed enemy units"
    out = game.undo()
    assert not out.ok and out.reason == "the last move revealed enemy units"
    assert game.log == [Move("white_cav", revealing[0])]


def test_end_turn_and_battles_cannot_be_undone(game):
    assert game.submit(EndTurn()).ok  # white passes; red moves
    assert game.can_undo() == "a new phase has begun"
    for _ in range(8):  # red closes in on white until it can attack
        attacks = [c for c in game.legal_commands() if isinstance(c, Attack)]
        if attacks:
            assert game.submit(attacks[0]).ok
            assert game.can_undo() == "a battle cannot be undone"
            assert not game.undo().ok
            return
        enemy = game.state.hex[game.state.units_of(1 - game.state.side, WORLD)]
        for u in game.state.units_of(game.state.side, WORLD).tolist():
            stops = movement.reach(WORLD, game.state, u).stops
            if stops:
                near = min(stops, key=lambda h: WORLD.grid.distance(h, enemy).min())
                game.submit(Move(WORLD.unit_ids[u], near))
        assert game.submit(EndTurn()).ok and game.submit(EndTurn()).ok  # red, then white
    pytest.fail("no battle could be staged")


def test_undo_keeps_the_log_replayable(game):
    """After an undo the log replays to the same state: the undone move left no trace."""
    u = WORLD.unit_index["white_cav2"]
    quiet = _stops(game, u, reveal=False)
    game.submit(Move("white_cav2", quiet[0]))
    game.undo()
    game.submit(Move("white_cav2", quiet[-1]))
    game.submit(EndTurn())
    replay = Game(WORLD, 11)
    for cmd in game.log:
        assert replay.submit(cmd).ok
    assert replay.state.state_hash() == game.state.state_hash()
