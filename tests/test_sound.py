"""Synthesised sound effects: every effect renders, engine events pick the right ones, and the
game stays silent — never failing — where there is no audio device."""

import os

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")

import numpy as np  # noqa: E402
import pygame  # noqa: E402
import pytest  # noqa: E402

from game.engine.commands import Event  # noqa: E402
from game.ui import sound  # noqa: E402


@pytest.mark.parametrize("name", sorted(sound.EFFECTS))
def test_every_effect_renders_short_loud_and_the_same(name):
    a = sound.render(name)
    assert a.dtype == np.int16 and 0.02 * sound.RATE < a.size < 2.0 * sound.RATE
    assert 0.7 * 32767 < np.abs(a.astype(int)).max() <= 0.8 * 32767 + 1
    np.testing.assert_array_equal(a, sound.render(name))


def test_effects_differ():
    lengths = {n: sound.render(n).size for n in sound.EFFECTS}
    assert len(set(lengths.values())) >= 4


def _battle(att, dfn):
    return Event("battle", "Battle", {"att_forces": att, "def_forces": dfn})


def test_events_choose_effects():
    assert sound.effects_for([Event("move", "m")]) == ["march"]
    assert sound.effects_for([_battle([900, 0, 0, 4], [0, 500, 0, 2])]) == ["rifle"]
    assert sound.effects_for([_battle([900, 0, 4, 4], [0, 500, 0, 2])]) == ["artillery", "rifle"]
    assert sound.effects_for([_battle([0, 800, 2, 0], [300, 0, 0, 0])]) == [
        "charge",
        "artillery",
        "rifle",
    ]
    twice = [Event("move", "a"), Event("retreat", "b"), Event("phase", "c")]
    assert sound.effects_for(twice) == ["march"]


def test_real_battle_events_carry_forces():
    from game.engine.game import Game
    from game.engine.world import MEASURES
    from game.players import make_player
    from tests.factory import small_world

    world = small_world()
    for seed in range(20):
        game = Game(world, seed)
        players = [make_player("random", world, s, seed) for s in world.side_ids]
        while not game.over:
            out = game.submit(players[game.state.phase].next_command(world, game.state))
            battles = [e for e in out.events if e.kind == "battle"]
            if battles:
                data = battles[0].data
                assert len(data["att_forces"]) == len(MEASURES) == len(data["def_forces"])
                assert sum(data["att_forces"][:2]) > 0 and sum(data["def_forces"][:2]) > 0
                assert sound.effects_for(battles)
                return
    pytest.fail("no battle in 20 random games")


def test_sounds_play_or_stay_silent_without_error():
    s = sound.Sounds(volume=0.5)
    played = s.play_for([Event("move", "m")])
    assert played in ([], ["march"])
    assert s.play("no-such-effect") is False
    s.set_volume(0.0)
    assert s.play("click") is False
    pygame.mixer.quit()


def test_no_audio_device_means_silence(monkeypatch):
    def broken(*a, **k):
        raise pygame.error("No available audio device")

    monkeypatch.setattr(pygame.mixer, "get_init", lambda: None)
    monkeypatch.setattr(pygame.mixer, "init", broken)
    s = sound.Sounds()
    assert not s.enabled
    assert s.play("rifle") is False and s.play_for([Event("move", "m")]) == []
