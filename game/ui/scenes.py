"""Scenes on a stack: each takes events, advances with time and draws itself (Tuxemon's model).

The app feeds every event to the top scene, then calls `update(dt)` and `draw(surface)` on it.
Drawing never changes game state. This module holds the stack, the main menu and the end screen;
the map screen is in `map_scene.py`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pygame

from game.ui import theme
from game.ui.widgets import Button, text, wrap

if TYPE_CHECKING:
    from game.ui.app import App


class Scene:
    def __init__(self, app: App):
        self.app = app

    def process_event(self, event: pygame.event.Event) -> None:
        pass

    def update(self, dt: float) -> None:
        pass

    def draw(self, surface: pygame.Surface) -> None:
        pass

    def resize(self, size: tuple[int, int]) -> None:
        pass


class SceneStack:
    def __init__(self) -> None:
        self.scenes: list[Scene] = []

    @property
    def top(self) -> Scene | None:
        return self.scenes[-1] if self.scenes else None

    def push(self, scene: Scene) -> None:
        self.scenes.append(scene)

    def pop(self) -> Scene | None:
        return self.scenes.pop() if self.scenes else None

    def replace(self, scene: Scene) -> None:
        if self.scenes:
            self.scenes.pop()
        self.scenes.append(scene)


class MenuScene(Scene):
    """New campaign (side and opponent), Quit; the entries still to come are shown disabled."""

    def __init__(self, app: App):
        super().__init__(app)
        self.side = app.world.side_ids[1] if len(app.world.side_ids) > 1 else app.world.side_ids[0]
        self.opponent = "ai"
        self.buttons: list[Button] = []
        self.layout(app.screen.get_size())

    def resize(self, size) -> None:
        self.layout(size)

    def layout(self, size) -> None:
        w, h = size
        cx = w // 2
        bw, bh = 360, 54
        top = max(230, h // 2 - 150)
        world = self.app.world
        self.buttons = [
            Button("New campaign", pygame.Rect(cx - bw // 2, top, bw, bh), self.start),
            Button(
                "Load game",
                pygame.Rect(cx - bw // 2, top + 66, bw, bh),
                enabled=False,
                note="coming soon",
            ),
            Button(
                "Replay of 1921",
                pygame.Rect(cx - bw // 2, top + 132, bw, bh),
                enabled=False,
                note="coming soon",
            ),
            Button("Quit", pygame.Rect(cx - bw // 2, top + 198, bw, bh), self.app.quit),
        ]
        self.side_buttons = []
        row = top + 300
        for i, sid in enumerate(world.side_ids):
            b = Button(
                world.scenario.sides[sid].name,
                pygame.Rect(cx - 370 + i * 380, row, 360, 44),
                lambda s=sid: self.set_side(s),
                size=20,
            )
            self.side_buttons.append((sid, b))
        self.opp_buttons = []
        ai_label = "AI" if self.app.has_ai else "Random player"
        for i, (kind, label) in enumerate(
            (("ai", ai_label), ("hot-seat", "Hot-seat (two players)"))
        ):
            b = Button(
                label,
                pygame.Rect(cx - 370 + i * 380, row + 84, 360, 44),
                lambda k=kind: self.set_opp(k),
                size=20,
            )
            self.opp_buttons.append((kind, b))
        self._sync()

    def _sync(self) -> None:
        for sid, b in self.side_buttons:
            b.selected = sid == self.side
        for kind, b in self.opp_buttons:
            b.selected = kind == self.opponent

    def set_side(self, side: str) -> None:
        self.side = side
        self._sync()

    def set_opp(self, kind: str) -> None:
        self.opponent = kind
        self._sync()

    def all_buttons(self) -> list[Button]:
        return self.buttons + [b for _, b in self.side_buttons] + [b for _, b in self.opp_buttons]

    def start(self) -> None:
        self.app.new_campaign(self.side, self.opponent)

    def process_event(self, event) -> None:
        for b in self.all_buttons():
            if b.handle(event):
                return
        if event.type == pygame.KEYDOWN:
            if event.key in (pygame.K_RETURN, pygame.K_n):
                self.start()
            elif event.key in (pygame.K_ESCAPE, pygame.K_q):
                self.app.quit()

    def draw(self, surface) -> None:
        surface.fill(theme.BG)
        w, _ = surface.get_size()
        sc = self.app.world.scenario
        title = text(sc.meta.title, 72, theme.ACCENT, True)
        surface.blit(title, title.get_rect(midtop=(w // 2, 40)))
        sub = f"{sc.meta.start:%d %B} – {sc.meta.end:%d %B %Y} · {self.app.world.turns} turns of {sc.meta.days_per_turn} days"
        t = text(sub, 24, theme.TEXT_DIM)
        surface.blit(t, t.get_rect(midtop=(w // 2, 108)))
        y = 140
        for line in wrap(sc.meta.description, min(900, w - 80), 20)[:4]:
            t = text(line, 20, theme.TEXT)
            surface.blit(t, t.get_rect(midtop=(w // 2, y)))
            y += 22
        for b in self.all_buttons():
            b.draw(surface)
        row = self.side_buttons[0][1].rect.top
        for label, yy in (("Play as", row - 26), ("Opponent", row + 58)):
            t = text(label, 20, theme.TEXT_DIM)
            surface.blit(t, t.get_rect(midtop=(w // 2, yy)))
        hint = "Enter: start · Esc: quit"
        t = text(hint, 18, theme.TEXT_DIM)
        surface.blit(t, t.get_rect(midbottom=(w // 2, surface.get_height() - 12)))


class EndScene(Scene):
    """The result: victory level, margin against history, points and reason."""

    def __init__(self, app: App, result: dict, summary: list[str]):
        super().__init__(app)
        self.result = result
        self.summary = summary
        self.button = Button("Main menu", pygame.Rect(0, 0, 260, 52), self.app.to_menu)

    def process_event(self, event) -> None:
        if self.button.handle(event):
            return
        if event.type == pygame.KEYDOWN and event.key in (pygame.K_RETURN, pygame.K_ESCAPE):
            self.app.to_menu()

    def draw(self, surface) -> None:
        surface.fill(theme.BG)
        w, h = surface.get_size()
        r = self.result
        y = 90
        t = text("The campaign is over", 30, theme.TEXT_DIM)
        surface.blit(t, t.get_rect(midtop=(w // 2, y)))
        t = text(str(r.get("name", "Game over")), 64, theme.ACCENT, True)
        surface.blit(t, t.get_rect(midtop=(w // 2, y + 44)))
        lines = []
        if "margin" in r:
            lines.append(
                f"Margin against history: {r['margin']:+.1f} points (historical score {r.get('historical_score', 0):+.1f})"
            )
        if "points" in r:
            lines.append(
                "Points: "
                + ", ".join(
                    f"{self.app.world.scenario.sides[s].name} {v:.1f}"
                    for s, v in r["points"].items()
                )
            )
        if r.get("reason"):
            reason = str(r["reason"])
            lines.append(reason[:1].upper() + reason[1:])
        if r.get("date"):
            lines.append(f"Ended on {r['date']} (turn {r.get('turn', '?')})")
        lines += self.summary
        y += 140
        for line in lines:
            t = text(line, 24, theme.TEXT)
            surface.blit(t, t.get_rect(midtop=(w // 2, y)))
            y += 32
        self.button.rect.midtop = (w // 2, y + 30)
        self.button.draw(surface)
