"""One game as the window plays it: the engine's `Game`, who plays each side, and what the
player has selected. No pygame here, so the order logic is testable without a window.

Every change goes through `Game.submit` (or `Game.undo`); a refusal is written to the message log
with the engine's reason and nothing else happens. The log is fog-aware: each line names the sides
that may read it, so an enemy move nobody saw never shows up as text either. Accepted commands
also leave `Fx` entries (a move the viewer saw, a battle) for the map to animate, and battles
leave a `BattleReport` with the forces and modifiers as they stood before the fight.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from game.engine import battle, combat, fog, movement
from game.engine.commands import Attack, Command, EndTurn, Event, Move, Outcome
from game.engine.game import Game
from game.engine.state import GameState
from game.engine.world import World
from game.i18n import _, ngettext

LOG_LIMIT = 300
MAX_REFUSALS = 25  # an opponent refused this often in one phase has its phase ended for it
PREVIEW_SAMPLES = 1000
REPORTS_KEPT = 20
HEARD_KEPT = 50  # unheard events kept for the sounds (a screen that plays none drops the rest)
UNIT_EVENTS = ("move", "advance", "retreat", "arrival", "disband", "withdraw", "surrender")
PRIVATE_EVENTS = ("supply",)  # what a side learns about itself only
HUMAN = "human"


@dataclass
class LogLine:
    text: str  # in the language in use when it was written (a game's log is read where it runs)
    kind: str  # an Event kind, or "refused" / "info"
    readers: frozenset[int] | None = None  # sides that may read it; None: everyone


@dataclass
class Preview:
    """The odds preview of an attack, as the side panel shows it."""

    target: int
    attackers: tuple[int, ...]
    odds: float
    p_outcome: dict[str, float]
    att_loss: tuple[float, float, float]  # mean, p10, p90 (men)
    def_loss: tuple[float, float, float]
    modifiers: dict[str, object]
    p_att_cmd_lost: float
    p_def_cmd_lost: float


@dataclass
class Force:
    """One side of a battle as it stood before the fight."""

    side: int
    units: list[tuple[str, tuple[int, int, int, int]]]  # name, (bayonets, sabres, guns, MGs)
    men: tuple[int, int, int, int]
    commander: str  # "" when none
    morale: float
    supplied: bool


@dataclass
class BattleReport:
    hex: int
    place: str
    date: str
    turn: int
    phase: int
    attacker: Force
    defender: Force
    odds: float
    outcome: str  # combat.Outcome name, lower case
    outcome_text: str
    days: int
    att_loss: tuple[int, ...]
    def_loss: tuple[int, ...]
    att_prisoners: tuple[int, ...]
    def_prisoners: tuple[int, ...]
    modifiers: dict[str, object]
    aftermath: list[str] = field(default_factory=list)  # retreats, advances, commanders

    @property
    def attacker_won(self) -> bool:
        return self.outcome.startswith("defender_")

    @property
    def defender_won(self) -> bool:
        return self.outcome.startswith("attacker_")


@dataclass
class Fx:
    """Something for the map to show: a move the viewer saw, or a battle."""

    kind: str  # "move" or "battle"
    unit: int = -1
    path: list[int] = field(default_factory=list)
    shown: list[bool] = field(default_factory=list)  # per path hex: visible to the viewer
    report: BattleReport | None = None


@dataclass
class Source:
    """Where the world came from, for saves (fingerprint) and hot reload."""

    path: str = ""
    mods: tuple[str, ...] = ()

    def fingerprint(self, world: World) -> str:
        """What saves record and check (as the window's `App.fingerprint` computes it): the hash
        of the scenario file, or with mods of the merged scenario written out as one file."""
        from game.scenario.loader import fingerprint

        if self.path and not self.mods:
            try:
                return fingerprint(self.path)
            except OSError:
                pass
        from game.scenario.mods import merged_file

        return fingerprint(merged_file(world.canonical))


def opponent_player(kind: str, world: World, side: str, seed: int):
    """The computer player `kind` ("ai", "ai:hard" …) if this build has it, else the random
    player."""
    from game.players import make_player

    if kind != "random":
        try:
            return make_player(kind, world, side, seed), kind
        except (ValueError, ImportError):
            pass
    return make_player("random", world, side, seed), "random"


@dataclass
class Session:
    game: Game
    humans: frozenset[int]  # sides played at this screen
    opponent: object | None = None  # Player for the other side, None in hot-seat
    opponent_kind: str = "hot-seat"
    log: list[LogLine] = field(default_factory=list)
    selected: list[int] = field(default_factory=list)  # first is the unit that moves
    source: Source = field(default_factory=Source)
    autosave: bool = False  # write an autosave when a new turn begins (the window turns it on)
    replay_file: Path | None = None  # the replay kept when the game ended
    reports: list[BattleReport] = field(default_factory=list)
    fx: list[Fx] = field(default_factory=list)
    heard: list[Event] = field(default_factory=list)  # events the viewer saw, for the sounds
    _reach: tuple[int, int, movement.Reach] | None = None
    _preview: dict[tuple, Preview] = field(default_factory=dict)
    _refusals: int = 0
    _visible: tuple | None = None
    _unseen: dict[int, int] = field(default_factory=dict)  # moves each side did not see
    _fingerprint: str = ""
    version: int = 0  # bumped on every accepted command: screens key their caches on it
    reveal: bool = False  # show every unit and hex (benchmarks, debugging): no fog

    @classmethod
    def new(
        cls, world: World, seed: int, human: str, opponent: str, source: Source | None = None
    ) -> Session:
        """A new campaign: `human` is a side id; `opponent` is "hot-seat", "ai" or "random"."""
        game = Game(world, seed)
        side = world.side_index[human]
        if opponent == "hot-seat":
            s = cls(game, frozenset(range(len(world.side_ids))))
        else:
            other = world.side_ids[1 - side]
            player, kind = opponent_player(opponent, world, other, seed)
            s = cls(game, frozenset([side]), player, kind)
        s.source = source or Source()
        s.add_events(game.opening_events)
        return s

    @classmethod
    def from_save(
        cls, world: World, path: Path, source: Source | None = None, fingerprint: str = ""
    ) -> Session:
        """The game in a save file, with its players; raises `saves.SaveError` with the reason.

        `source` is where `world` came from, `fingerprint` its fingerprint when already known
        (`App.fingerprint`); the save must have been made on exactly that scenario."""
        from game import saves

        source = source or Source()
        fingerprint = fingerprint or source.fingerprint(world)
        save = saves.read_save(path)
        game = saves.restore(save, world, fingerprint)
        players = save.players
        humans = [i for i, sid in enumerate(world.side_ids) if players.get(sid) == HUMAN]
        if not humans:  # an older save or one from `simulate`: play the side to move
            humans = [int(game.state.side)]
        s = cls(game, frozenset(humans), source=source, _fingerprint=fingerprint)
        if len(humans) == 1:
            other = world.side_ids[1 - humans[0]]
            kind = players.get(other, "ai")
            s.opponent, s.opponent_kind = opponent_player(kind, world, other, game.seed)
        s.note(
            _("Loaded “{name}”, turn {turn}.").format(
                name=save.name or Path(path).stem, turn=game.state.turn
            )
        )
        return s

    def restarted(self, world: World) -> Session:
        """The same match (sides, opponent, seed, source) from turn 1 on another world."""
        if len(self.humans) > 1:
            return Session.new(world, self.game.seed, world.side_ids[0], "hot-seat", self.source)
        human = world.side_ids[next(iter(self.humans))]
        s = Session.new(world, self.game.seed, human, self.opponent_kind, self.source)
        s.autosave = self.autosave
        return s

    # ----------------------------------------------------------------- queries
    @property
    def world(self) -> World:
        return self.game.world

    @property
    def state(self) -> GameState:
        return self.game.state

    @property
    def hotseat(self) -> bool:
        return len(self.humans) > 1

    def human_to_move(self) -> bool:
        return not self.game.over and self.state.side in self.humans

    def viewer(self) -> int:
        """The side whose eyes the map shows: the side to move in hot-seat, else the human."""
        if len(self.humans) == 1:
            return next(iter(self.humans))
        return int(self.state.side)

    def side_name(self, side: int) -> str:
        return self.world.scenario.sides[self.world.side_ids[side]].name

    def players(self) -> dict[str, str]:
        """Side id → "human" or the opponent's kind, as saves record it."""
        return {
            sid: HUMAN if i in self.humans else self.opponent_kind
            for i, sid in enumerate(self.world.side_ids)
        }

    def fingerprint(self) -> str:
        if not self._fingerprint:
            self._fingerprint = self.source.fingerprint(self.world)
        return self._fingerprint

    def set_origin(self, source: Source, fingerprint: str = "") -> None:
        """Where the world came from (for saves and F5), and its fingerprint if already known."""
        self.source = source
        self._fingerprint = fingerprint

    def visible_units(self) -> np.ndarray:
        """Units the viewer sees now, computed once per state (every frame asks)."""
        key = (self.version, self.viewer(), self.reveal)
        if self._visible is None or self._visible[0] != key:
            if self.reveal:
                vis = self.state.active()
            else:
                vis = fog.visible_units(self.world, self.state, self.viewer())
            self._visible = (key, vis)
        return self._visible[1]

    def hidden_hexes(self) -> np.ndarray:
        if self.reveal:
            return np.zeros(self.world.grid.size, dtype=bool)
        return ~fog.visible_hexes(self.world, self.state, self.viewer())

    def units_at(self, h: int, side: int | None = None, visible_only: bool = True) -> list[int]:
        units = self.state.units_at(h)
        if visible_only:
            vis = self.visible_units()
            units = units[vis[units]]
        if side is not None:
            units = units[self.world.unit_side[units] == side]
        return [int(u) for u in units]

    def visible_log(self) -> list[LogLine]:
        """The lines the viewer may read (all of them with `reveal`)."""
        if self.reveal:
            return self.log
        v = self.viewer()
        return [ln for ln in self.log if ln.readers is None or v in ln.readers]

    def reach(self, u: int) -> movement.Reach:
        key = (u, self.version)
        if self._reach is None or self._reach[:2] != key:
            self._reach = (u, self.version, movement.reach(self.world, self.state, u))
        return self._reach[2]

    def attackers_for(self, target: int) -> list[int]:
        """Selected units that can attack `target` (adjacent, not yet attacked)."""
        grid, st = self.world.grid, self.state
        return [
            u
            for u in self.selected
            if not st.attacked[u] and grid.direction(int(st.hex[u]), target) >= 0
        ]

    def ready_neighbours(self, target: int) -> list[int]:
        """Units of the side to move next to `target` that can still attack it."""
        st, world = self.state, self.world
        nbs = world.grid.neighbours[target]
        near = np.isin(st.hex, nbs[nbs >= 0])
        units = np.flatnonzero(
            st.active() & near & (world.unit_side == st.side) & ~st.attacked.astype(bool)
        )
        return [int(u) for u in units]

    def ready_units(self) -> list[int]:
        """Units of the side to move that can still move or attack, in id order."""
        st = self.state
        units = st.units_of(st.side, self.world)
        ok = ~st.attacked[units].astype(bool) & (st.mp[units] > 0)
        return [int(u) for u in units[ok]]

    def preview(self, target: int) -> Preview | None:
        """Monte Carlo odds of the selected units attacking `target`, or None if they cannot."""
        atk = tuple(self.attackers_for(target))
        if not atk:
            return None
        side = int(self.world.unit_side[atk[0]])
        if battle.defenders_at(self.world, self.state, target, side).size == 0:
            return None
        key = (atk, target, self.version)
        if key not in self._preview:
            if len(self._preview) > 64:
                self._preview.clear()
            world, st = self.world, self.state
            eng, info = battle.build(world, st, list(atk), target, battle.engagement_key(st))
            p = combat.predict(eng, world.combat, PREVIEW_SAMPLES)
            names = {o: o.name.lower() for o in combat.Outcome}
            self._preview[key] = Preview(
                target=target,
                attackers=atk,
                odds=float(p.odds[0]),
                p_outcome={names[o]: float(p.p_outcome[0, o]) for o in combat.Outcome},
                att_loss=(
                    float(p.att_loss_mean[0]),
                    float(p.att_loss_p10[0]),
                    float(p.att_loss_p90[0]),
                ),
                def_loss=(
                    float(p.def_loss_mean[0]),
                    float(p.def_loss_p10[0]),
                    float(p.def_loss_p90[0]),
                ),
                modifiers={
                    "terrain": info["terrain"],
                    "posture": info["posture"],
                    "river": info["river"],
                    "fort": info["fort"],
                    "att_supply": info["att_supply"],
                    "def_supply": info["def_supply"],
                    "att_morale": info["att_morale"],
                    "def_morale": info["def_morale"],
                },
                p_att_cmd_lost=float(p.p_att_cmd_lost[0]),
                p_def_cmd_lost=float(p.p_def_cmd_lost[0]),
            )
        return self._preview[key]

    # --------------------------------------------------------------------- log
    def add_events(self, events: list[Event], readers_of=None) -> None:
        for e in events:
            self.note(e.text, e.kind, readers_of(e) if readers_of else None)

    def note(self, text: str, kind: str = "info", readers: frozenset[int] | None = None) -> None:
        self.log.append(LogLine(text, kind, readers))
        if len(self.log) > LOG_LIMIT:
            del self.log[: len(self.log) - LOG_LIMIT]

    def _readers(self, before: GameState, after: GameState):
        """A function giving who may read each event of a command from `before` to `after`."""
        world = self.world
        sides = range(len(world.side_ids))
        cache: dict[tuple[int, int], np.ndarray] = {}

        def sees(state: GameState, o: int) -> np.ndarray:
            key = (id(state), o)
            if key not in cache:
                cache[key] = fog.visible_hexes(world, state, o)
            return cache[key]

        def readers(e: Event) -> frozenset[int] | None:
            if e.kind in PRIVATE_EVENTS and e.data.get("side") in world.side_index:
                return frozenset([world.side_index[e.data["side"]]])
            if e.kind not in UNIT_EVENTS or e.data.get("unit") not in world.unit_index:
                return None
            u = world.unit_index[e.data["unit"]]
            own = int(world.unit_side[u])
            hexes = [int(h) for h in e.data.get("path", ()) if h >= 0]
            hexes += [int(h) for h in (before.hex[u], after.hex[u]) if h >= 0]
            out = {own}
            for o in sides:
                if (
                    o != own
                    and hexes
                    and (sees(before, o)[hexes].any() or sees(after, o)[hexes].any())
                ):
                    out.add(o)
            return frozenset(out)

        return readers

    # ------------------------------------------------------------------ orders
    def submit(self, cmd: Command) -> Outcome:
        before = self.game.state
        out = self.game.submit(cmd)
        if not out.ok:
            self.note(
                _("Refused: {reason}").format(reason=out.reason),
                "refused",
                frozenset([int(before.side)]),
            )
            return out
        self.version += 1
        readers = self._readers(before, out.state)
        self.add_events(out.events, readers)
        viewer = self.viewer()
        self.heard += [e for e in out.events if viewer in (readers(e) or (viewer,))]
        del self.heard[:-HEARD_KEPT]
        self._watch(cmd, before, out, readers)
        self.selected = [
            u
            for u in self.selected
            if self.state.status[u] == 1 and self.state.side == self.world.unit_side[u]
        ]
        if isinstance(cmd, EndTurn):
            self._report_unseen(int(before.side))
        if out.state.turn != before.turn or out.state.game_over:
            self._autosave()
        if out.state.game_over and not before.game_over:
            self._keep_replay()
        return out

    def _watch(self, cmd: Command, before: GameState, out: Outcome, readers) -> None:
        """Battle reports, moves for the map to animate, and the count of unseen moves."""
        world = self.world
        mover = int(before.side)
        if isinstance(cmd, Attack):
            report = self._report(cmd, before, out.events)
            if report is not None:
                self.reports.append(report)
                del self.reports[:-REPORTS_KEPT]
                self.fx.append(Fx("battle", report=report))
            return
        if not isinstance(cmd, Move):
            return
        u = world.unit_index[cmd.unit]
        move = next((e for e in out.events if e.kind == "move"), None)
        path = [int(h) for h in (move.data.get("path", []) if move else [])]
        if move is not None:
            who = readers(move) or frozenset(range(len(world.side_ids)))
            for o in range(len(world.side_ids)):
                if o not in who:
                    self._unseen[o] = self._unseen.get(o, 0) + 1
        if mover in self.humans or self.reveal:
            return  # the player's own moves are not replayed to them
        viewer = self.viewer()
        if move is not None and viewer in (readers(move) or {viewer}):
            vis = fog.visible_hexes(world, out.state, viewer)
            vis_before = fog.visible_hexes(world, before, viewer)
            shown = [bool(vis[h] or vis_before[h]) for h in path]
            self.fx.append(Fx("move", unit=u, path=path, shown=shown))

    def _report(self, cmd: Attack, before: GameState, events: list[Event]) -> BattleReport | None:
        world = self.world
        ev = next((e for e in events if e.kind == "battle"), None)
        if ev is None:
            return None
        atk = [world.unit_index[u] for u in cmd.units]
        target = int(cmd.target)
        _eng, info = battle.build(world, before, atk, target, battle.engagement_key(before))

        def force(units, cmd_index: int, morale: float, supplied: bool) -> Force:
            units = [int(u) for u in units]
            men = before.men[units].sum(axis=0) if units else np.zeros(4, dtype=np.int64)
            return Force(
                side=int(world.unit_side[units[0]]) if units else -1,
                units=[
                    (battle.unit_name(world, u), tuple(int(x) for x in before.men[u]))
                    for u in units
                ],
                men=tuple(int(x) for x in men),
                commander=world.scenario.commanders[cmd_index].name if cmd_index >= 0 else "",
                morale=float(morale),
                supplied=bool(supplied),
            )

        d = ev.data
        outcome = str(d.get("outcome", "held"))
        code = combat.Outcome[outcome.upper()]
        after_kinds = ("retreat", "advance", "surrender", "commander", "disband")
        start = events.index(ev)
        return BattleReport(
            hex=target,
            place=str(d.get("place", battle.hex_label(world, target))),
            date=str(d.get("date", "")),
            turn=int(before.turn),
            phase=int(before.phase),
            attacker=force(
                info["attackers"], info["att_cmd"], info["att_morale"], info["att_supply"]
            ),
            defender=force(
                info["defenders"], info["def_cmd"], info["def_morale"], info["def_supply"]
            ),
            odds=float(d.get("odds", 0.0)),
            outcome=outcome,
            outcome_text=battle.outcome_text(code),
            days=int(d.get("days", 0)),
            att_loss=tuple(d.get("att_loss", (0, 0, 0, 0))),
            def_loss=tuple(d.get("def_loss", (0, 0, 0, 0))),
            att_prisoners=tuple(d.get("att_prisoners", (0, 0, 0, 0))),
            def_prisoners=tuple(d.get("def_prisoners", (0, 0, 0, 0))),
            modifiers={**d.get("modifiers", {}), "fort": info["fort"]},
            aftermath=[e.text for e in events[start + 1 :] if e.kind in after_kinds],
        )

    def _report_unseen(self, mover: int) -> None:
        for o, n in sorted(self._unseen.items()):
            if n:
                name = self.side_name(mover)
                self.note(
                    ngettext(
                        "{side}: {n} move out of your sight",
                        "{side}: {n} moves out of your sight",
                        n,
                    ).format(side=name, n=n),
                    "info",
                    frozenset([o]),
                )
        self._unseen.clear()

    def _autosave(self) -> None:
        if not self.autosave:
            return
        from game import userdata

        try:
            userdata.write_autosave(
                self.game,
                self.fingerprint(),
                scenario_path=self.source.path,
                mods=self.source.mods,
                players=self.players(),
            )
        except OSError as exc:  # a full disk must not stop the game
            self.note(_("Autosave failed: {why}").format(why=exc.strerror or exc), "refused")

    def _keep_replay(self) -> None:
        """A finished game is kept as a replay file in the player's folder (issue 4)."""
        if not self.autosave:
            return
        from game import userdata

        try:
            path = userdata.write_replay(
                self.game,
                self.fingerprint(),
                self.source.path,
                self.source.mods,
                players=self.players(),
            )
        except OSError as exc:
            self.note(
                _("Could not keep the replay: {why}").format(why=exc.strerror or exc), "refused"
            )
            return
        self.replay_file = path
        self.note(
            _("Replay kept: {name} (python main.py replay --game {path})").format(
                name=path.name, path=path
            )
        )

    def take_fx(self) -> list[Fx]:
        out, self.fx = self.fx, []
        return out

    def take_heard(self) -> list[Event]:
        """The events seen since the last call (the map plays their sounds)."""
        out, self.heard = self.heard, []
        return out

    def save(self, name: str) -> Path:
        """Save in the named slot of the player's folder; raises OSError when it cannot."""
        from game import userdata

        path = userdata.write_slot(
            name,
            self.game,
            self.fingerprint(),
            scenario_path=self.source.path,
            mods=self.source.mods,
            players=self.players(),
        )
        self.note(_("Saved as “{name}”.").format(name=name.strip() or path.stem))
        return path

    def select(self, u: int, add: bool = False) -> None:
        if add:
            if u in self.selected:
                self.selected.remove(u)
            else:
                self.selected.append(u)
        else:
            self.selected = [u]

    def move_selected(self, h: int) -> Outcome | None:
        if not self.selected:
            return None
        return self.submit(Move(self.world.unit_ids[self.selected[0]], int(h)))

    def attack(self, target: int) -> Outcome | None:
        atk = self.attackers_for(target) or self.selected[:1]
        if not atk:
            return None
        return self.submit(Attack(tuple(self.world.unit_ids[u] for u in atk), int(target)))

    def undo(self) -> Outcome:
        """Take back the side's last move (the engine refuses if it revealed anything)."""
        side = int(self.state.side)
        if not self.human_to_move():
            out = Outcome(False, self.state, [], _("it is not your turn"))
        else:
            out = self.game.undo()
        if not out.ok:
            self.note(
                _("Cannot undo: {reason}").format(reason=out.reason), "refused", frozenset([side])
            )
            return out
        self.version += 1
        self.add_events(out.events, lambda e: frozenset([side]))
        unit = out.events[0].data.get("unit") if out.events else None
        if unit in self.world.unit_index:
            self.selected = [self.world.unit_index[unit]]
        return out

    def can_undo(self) -> bool:
        return self.human_to_move() and not self.game.can_undo()

    def end_turn(self) -> Outcome:
        self.selected = []
        return self.submit(EndTurn())

    # ---------------------------------------------------------------- opponent
    def opponent_to_move(self) -> bool:
        return (
            self.opponent is not None and not self.game.over and self.state.side not in self.humans
        )

    def step_opponent(self) -> bool:
        """Let the opponent play one command; True when its phase has ended (or the game)."""
        if not self.opponent_to_move():
            return True
        cmd = self.opponent.next_command(self.world, self.state)
        if self._refusals >= MAX_REFUSALS:
            cmd = EndTurn()
        out = self.submit(cmd)
        if not out.ok:
            self._refusals += 1
        if isinstance(cmd, EndTurn) and out.ok:
            self._refusals = 0
            return True
        return not self.opponent_to_move()
