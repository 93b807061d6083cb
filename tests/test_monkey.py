"""Monkey tests: every screen takes thousands of random mouse and keyboard events and window
resizes under the dummy video driver, and nothing ever reaches the crash handler.

Seeded, so a failure replays. The default run sends MONKEY_EVENTS events (2,000) to each screen
in a few seconds; `MONKEY_SOAK=1` sends twenty times as many for a long soak. An event that
leaves the screen (Esc, a Back button) is fine: the screen is opened again and the monkey goes
on. The crash handler catches everything, so the test reads `app.crashes` and prints the report.
"""

from __future__ import annotations

import functools
import os
import random

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")

import pygame  # noqa: E402
import pytest  # noqa: E402

from game import userdata  # noqa: E402
from game.engine.world import build_world  # noqa: E402
from game.paths import DEFAULT_SCENARIO  # noqa: E402
from game.scenario.loader import load_scenario  # noqa: E402
from game.ui import aar, menu, theme  # noqa: E402
from game.ui.app import App  # noqa: E402
from game.ui.session import Session  # noqa: E402
from game.ui.settings import Settings  # noqa: E402

EVENTS = int(os.environ.get("MONKEY_EVENTS", "2000")) * (20 if os.environ.get("MONKEY_SOAK") else 1)
PER_FRAME = 12
KEYS = [
    pygame.K_ESCAPE, pygame.K_RETURN, pygame.K_SPACE, pygame.K_TAB, pygame.K_BACKSPACE,
    pygame.K_LEFT, pygame.K_RIGHT, pygame.K_UP, pygame.K_DOWN, pygame.K_PLUS, pygame.K_MINUS,
    pygame.K_EQUALS, pygame.K_F1, pygame.K_F5, pygame.K_DELETE, pygame.K_HOME, pygame.K_END,
    pygame.K_PAGEUP, pygame.K_PAGEDOWN, pygame.K_KP_ENTER, pygame.K_LSHIFT, pygame.K_LCTRL,
] + list(range(pygame.K_a, pygame.K_z + 1)) + list(range(pygame.K_0, pygame.K_9 + 1))  # fmt: skip


class Monkey:
    """Random input that looks like a player's: motion, clicks (often on widgets), drags,
    wheel, keys, text, resizes."""

    def __init__(self, seed: int):
        self.rng = random.Random(seed)
        self.pos = (400, 300)
        self.down: set[int] = set()

    def target(self, app) -> tuple[int, int]:
        w, h = app.screen.get_size()
        widgets = [e for e in app.stack.top.ui.get_sprite_group().sprites() if e.visible]
        if widgets and self.rng.random() < 0.5:  # aim at a widget half of the time
            r = self.rng.choice(widgets).rect
            return (
                self.rng.randint(r.left, max(r.left, r.right - 1)),
                self.rng.randint(r.top, max(r.top, r.bottom - 1)),
            )
        return self.rng.randrange(-20, w + 20), self.rng.randrange(-20, h + 20)

    def events(self, app, n: int) -> list[pygame.event.Event]:
        E, r, out = pygame.event.Event, self.rng, []
        for _ in range(n):
            x = r.random()
            if x < 0.35:
                new = self.target(app)
                rel = (new[0] - self.pos[0], new[1] - self.pos[1])
                self.pos = new
                buttons = tuple(int(b in self.down) for b in (1, 2, 3))
                out.append(E(pygame.MOUSEMOTION, pos=new, rel=rel, buttons=buttons, touch=False))
            elif x < 0.6:
                button = r.choice((1, 1, 1, 1, 2, 3, 4, 5))
                if button in self.down or r.random() < 0.15:
                    self.down.discard(button)
                    kind = pygame.MOUSEBUTTONUP
                else:
                    self.down.add(button)
                    kind = pygame.MOUSEBUTTONDOWN
                    if r.random() < 0.5:
                        self.pos = self.target(app)
                out.append(E(kind, pos=self.pos, button=button, touch=False))
            elif x < 0.68:
                y = r.choice((-3, -1, -1, 1, 1, 3))
                out.append(
                    E(
                        pygame.MOUSEWHEEL,
                        x=0,
                        y=y,
                        precise_x=0.0,
                        precise_y=float(y),
                        flipped=False,
                        touch=False,
                    )
                )
            elif x < 0.9:
                key = r.choice(KEYS)
                mod = r.choice((0, 0, 0, pygame.KMOD_SHIFT, pygame.KMOD_CTRL))
                char = chr(key) if 32 <= key < 127 else ""
                out.append(E(pygame.KEYDOWN, key=key, mod=mod, unicode=char, scancode=0))
                if r.random() < 0.9:
                    out.append(E(pygame.KEYUP, key=key, mod=mod, unicode=char, scancode=0))
            elif x < 0.94:
                out.append(E(pygame.TEXTINPUT, text=r.choice("abcxyz019 ,.-_ЖӨ")))
            elif x < 0.97:
                out.append(
                    E(r.choice((pygame.WINDOWLEAVE, pygame.WINDOWENTER, pygame.WINDOWFOCUSLOST)))
                )
            else:
                size = (r.randrange(300, 2200), r.randrange(200, 1400))
                out.append(E(pygame.VIDEORESIZE, size=size, w=size[0], h=size[1]))
        return out


@pytest.fixture(scope="module")
def world():
    return build_world(load_scenario(DEFAULT_SCENARIO))


@pytest.fixture
def app(world, tmp_path, monkeypatch):
    monkeypatch.setenv(userdata.ENV_VAR, str(tmp_path / "data"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    # checking every mod and replaying a game for the report take a moment: once is enough here
    from game.scenario import mods

    monkeypatch.setattr(mods, "list_content", functools.lru_cache(maxsize=1)(mods.list_content))
    reports: dict[int, aar.Aftermath] = {}
    real_collect = aar.collect

    def collect(w, game):
        if id(game) not in reports:
            reports[id(game)] = real_collect(w, game)
        return reports[id(game)]

    monkeypatch.setattr(aar, "collect", collect)
    a = App(world, seed=5, settings=Settings(path=tmp_path / "settings.json"))
    yield a
    theme.set_ui_scale(1.0)
    pygame.display.quit()


@functools.cache
def finished_session(world):
    s = Session.new(world, 9, world.side_ids[0], "random")
    while not s.game.over:
        if s.human_to_move():
            s.end_turn()
        else:
            s.step_opponent()
    return s


def _write_saves(app, world):
    s = Session.new(world, 4, world.side_ids[1], "random")
    for _ in range(6):
        if s.human_to_move():
            s.end_turn()
        else:
            s.step_opponent()
    userdata.write_slot("Monkey's save", s.game, app.fingerprint, scenario_path=app.scenario_path)
    (userdata.saves_dir() / "broken.json").write_text("{not json")


SCREENS = {
    "menu": lambda app, world: app.to_menu(),
    "settings": lambda app, world: (app.to_menu(), app.stack.top.open_settings()),
    "load": lambda app, world: (app.to_menu(), app.stack.top.open_load()),
    "mods": lambda app, world: (app.to_menu(), app.stack.top.open_mods()),
    "map": lambda app, world: app.new_campaign(world.side_ids[0], "ai"),
    "map-hot-seat": lambda app, world: app.new_campaign(world.side_ids[1], "hot-seat"),
    "end": lambda app, world: app.show_end(finished_session(world)),
}
if menu.has_replay():
    SCREENS["replay"] = lambda app, world: (app.to_menu(), app.stack.top.open_replay())


@pytest.mark.parametrize("screen", sorted(SCREENS))
def test_monkey(app, world, screen):
    if screen == "load":
        _write_saves(app, world)
    if screen == "mods":
        from game.scenario.mods import user_mods_dir

        bad = user_mods_dir() / "monkey_broken"
        bad.mkdir(parents=True)
        (bad / "mod.yaml").write_text('extends: "1921"\nunits: {update: [{id: nope}]}\n')
    open_screen = SCREENS[screen]
    open_screen(app, world)
    app.step(0.016, [])
    kind = type(app.stack.top)
    monkey = Monkey(seed=sum(map(ord, screen)))
    sent = reopened = 0
    while sent < EVENTS:
        batch = monkey.events(app, PER_FRAME)
        app.step(0.02, batch)
        sent += len(batch)
        assert not app.crashes, _report(app)
        if not app.running or type(app.stack.top) is not kind:
            app.running = True
            reopened += 1
            open_screen(app, world)
            app.step(0.016, [])
    assert not app.crashes, _report(app)


def _report(app) -> str:
    if not app.crashes:
        return ""
    error, path = app.crashes[0]
    text = path.read_text() if path is not None else repr(error)
    return f"the monkey crashed the game:\n{text}"
