"""Play one whole campaign headless between two players."""

from __future__ import annotations

from dataclasses import dataclass, field

from game.engine.commands import EndTurn
from game.engine.game import Game
from game.engine.world import MEASURES, World
from game.players import make_player
from game.sim.record import Recorder

MAX_COMMANDS_PER_PHASE = 500  # a player that never ends its phase is stopped here


@dataclass
class CampaignResult:
    seed: int
    outcome: dict
    final_date: str
    losses: dict[str, dict[str, int]]
    turn_hashes: list[str]
    commands: int
    refused: int = 0
    record: dict = field(default_factory=dict, repr=False)
    log: list = field(default_factory=list, repr=False)
    game: Game | None = field(default=None, repr=False)

    def to_json(self) -> dict:
        return {
            "seed": self.seed,
            "outcome": self.outcome,
            "final_date": self.final_date,
            "losses": self.losses,
            "turn_hashes": self.turn_hashes,
            "commands": self.commands,
            "refused": self.refused,
            "record": self.record,
        }


def play_campaign(
    world: World, seed: int, red: str = "random", white: str = "random"
) -> CampaignResult:
    kinds = {"red": red, "white": white}
    players = {
        s: make_player(kinds.get(side, "random"), world, side, seed)
        for s, side in enumerate(world.side_ids)
    }
    game = Game(world, seed)
    recorder = Recorder(world)
    recorder.on_events(game.state, game.opening_events)
    refused = 0
    while not game.over:
        side = game.state.phase
        turn = game.state.turn
        for _ in range(MAX_COMMANDS_PER_PHASE):
            cmd = players[side].next_command(world, game.state)
            out = game.submit(cmd)
            if not out.ok:
                refused += 1
            recorder.on_events(game.state, out.events)
            if isinstance(cmd, EndTurn) and out.ok:
                break
        else:
            recorder.on_events(game.state, game.submit(EndTurn()).events)
        if game.state.turn != turn or game.over:
            recorder.on_turn(game.state)
    st = game.state
    losses = {
        side: {m: int(v) for m, v in zip(MEASURES, st.losses[s], strict=True)}
        for s, side in enumerate(world.side_ids)
    }
    return CampaignResult(
        seed=seed,
        outcome=st.result,
        final_date=st.result["date"],
        losses=losses,
        turn_hashes=game.turn_hashes,
        commands=len(game.log),
        refused=refused,
        record=recorder.to_json(),
        log=game.log,
        game=game,
    )
