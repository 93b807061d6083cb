"""The side panel (date and side to move, the selected unit, the hex under the cursor or the odds
of an attack on it, the message log of what the viewer may know) and the battle report panel."""

from __future__ import annotations

import pygame

from game.engine.world import ARM_ORDER
from game.ui import palette, theme
from game.ui.encyclopedia import LinkMap, name_key, place_key
from game.ui.session import BattleReport, Force, Preview, Session
from game.ui.theme import px
from game.ui.widgets import text, wrap

LOG_COLOURS = {
    "refused": theme.TEXT_WARN,
    "battle": (250, 190, 110),
    "phase": (130, 200, 240),
    "turn": (130, 200, 240),
    "info": theme.TEXT_DIM,
    "undo": (200, 200, 150),
}
OUTCOME_LABELS = (
    ("defender_routed", "Defenders routed"),
    ("defender_retreats", "Defenders fall back"),
    ("held", "Defenders hold"),
    ("attacker_repulsed", "Attack repulsed"),
    ("attacker_routed", "Attackers routed"),
)
PAD = 12


class SidePanel:
    def __init__(self, rect: pygame.Rect):
        self.rect = pygame.Rect(rect)
        self.log_rect = pygame.Rect(0, 0, 0, 0)
        self._log_pic: tuple[tuple, pygame.Surface] | None = None
        self.links = LinkMap()  # names that open their page in the encyclopedia

    def draw(
        self,
        surface,
        session: Session,
        hover: int,
        preview: Preview | None,
        status: str,
        end_button,
        undo_button=None,
    ) -> None:
        r = self.rect
        self.links.clear()
        surface.fill(theme.PANEL_BG, r)
        pygame.draw.line(surface, theme.PANEL_LINE, r.topleft, r.bottomleft, 2)
        world, st = session.world, session.state
        x = r.x + px(PAD)
        w = r.width - 2 * px(PAD)
        y = r.y + px(10)
        date = st.date(world)
        surface.blit(text(f"{date.day} {date:%B %Y}", 28, theme.TEXT, True), (x, y))
        y += px(28)
        surface.blit(text(f"Turn {st.turn} of {world.turns}", 20, theme.TEXT_DIM), (x, y))
        y += px(22)
        side = world.side_ids[st.side]
        colour = palette.side_colour(world, int(st.side))
        swatch = (x, y + px(3), px(14), px(14))
        pygame.draw.rect(surface, colour, swatch)
        pygame.draw.rect(surface, (0, 0, 0), swatch, 1)
        mark = palette.side_initials(world)[int(st.side)]
        name = f"{world.scenario.sides[side].name} ({mark})"
        surface.blit(text(name, 20, theme.TEXT), (x + px(20), y))
        y += px(20)
        surface.blit(text(status, 20, theme.ACCENT), (x + px(20), y))
        y += px(26)
        if undo_button is None:
            end_button.rect = pygame.Rect(x, y, w, px(38))
        else:
            undo_w = w // 3
            end_button.rect = pygame.Rect(x, y, w - undo_w - px(8), px(38))
            undo_button.rect = pygame.Rect(x + w - undo_w, y, undo_w, px(38))
            undo_button.draw(surface)
        end_button.draw(surface)
        y += px(46)
        y = self._unit(surface, session, x, y, w)
        y = self._rule(surface, y)
        if preview is not None:
            y = self._preview(surface, session, preview, x, y, w)
        else:
            y = self._hex(surface, session, hover, x, y, w)
        y = self._rule(surface, y)
        self.log_rect = pygame.Rect(x, y, w, max(0, r.bottom - y - px(6)))
        if self.log_rect.height >= px(16):  # a large UI scale in a short window leaves no room
            self._log(surface, session, self.log_rect)
        self.links.underline(surface)

    def _rule(self, surface, y: int) -> int:
        pygame.draw.line(
            surface,
            theme.PANEL_LINE,
            (self.rect.x + px(8), y + px(3)),
            (self.rect.right - px(8), y + px(3)),
        )
        return y + px(8)

    # ------------------------------------------------------------------ unit
    def _unit(self, surface, session: Session, x: int, y: int, w: int) -> int:
        world, st = session.world, session.state
        if not session.selected:
            surface.blit(text("Click one of your units to select it.", 18, theme.TEXT_DIM), (x, y))
            surface.blit(
                text("Shift-click adds units to an attack.", 18, theme.TEXT_DIM), (x, y + 18)
            )
            return y + px(40)
        u = session.selected[0]
        unit = world.scenario.units[u]
        utype = world.scenario.unit_types[int(world.unit_type[u])]
        name = surface.blit(text(_fit(unit.name, w, 22, True), 22, theme.TEXT, True), (x, y))
        self.links.add(name, f"units/{unit.id}")
        y += px(22)
        faction = world.scenario.factions[int(world.unit_faction[u])]
        surface.blit(
            text(f"{utype.id.replace('_', ' ')} · {faction.name}", 17, theme.TEXT_DIM), (x, y)
        )
        y += px(18)
        men = st.men[u]
        parts = []
        if men[0]:
            parts.append(f"{men[0]:,} bayonets")
        if men[1]:
            parts.append(f"{men[1]:,} sabres")
        parts.append(f"{men[2]} guns")
        parts.append(f"{men[3]} MGs")
        surface.blit(text(", ".join(parts), 18, theme.TEXT), (x, y))
        y += px(19)
        sup = "in supply" if st.supplied[u] else "OUT OF SUPPLY"
        line = f"morale {st.morale[u]:.2f} · fatigue {st.fatigue[u]:.2f} · {sup}"
        surface.blit(text(line, 18, theme.TEXT if st.supplied[u] else theme.TEXT_WARN), (x, y))
        y += px(19)
        full = float(world.type_movement[world.unit_type[u]])
        act = "attacked" if st.attacked[u] else "moved" if st.moved[u] else "ready"
        surface.blit(text(f"MP {st.mp[u]:g} of {full:g} · {act}", 18, theme.TEXT), (x, y))
        y += px(19)
        c = st.commander_of(u)
        if c >= 0:
            cm = world.scenario.commanders[c]
            name = surface.blit(text(f"★ {cm.name}", 18, theme.ACCENT), (x, y))
            self.links.add(name, f"commanders/{cm.id}")
            y += px(18)
            rt = cm.ratings
            surface.blit(
                text(
                    f"combat ×{rt.combat:.2f} · morale {rt.morale:+.2f} · initiative {rt.initiative:+.2f}",
                    17,
                    theme.TEXT_DIM,
                ),
                (x, y),
            )
            y += px(18)
        if len(session.selected) > 1:
            others = ", ".join(world.scenario.units[v].name for v in session.selected[1:])
            for ln in wrap(f"+ {others}", w, 17)[:2]:
                surface.blit(text(ln, 17, theme.SELECT), (x, y))
                y += px(17)
        return y + px(4)

    # ------------------------------------------------------------------- hex
    def _hex(self, surface, session: Session, h: int, x: int, y: int, w: int) -> int:
        if h < 0:
            surface.blit(text("(cursor off the map)", 18, theme.TEXT_DIM), (x, y))
            return y + px(22)
        world, st = session.world, session.state
        terr = world.terrain_ids[int(world.terrain[h])]
        places = [
            p.name
            for p, ph in zip(world.scenario.map.places, world.place_hex, strict=True)
            if ph == h
        ]
        title = (
            " / ".join(places)
            if places
            else f"Hex {int(world.grid.col[h])},{int(world.grid.row[h])}"
        )
        surface.blit(text(title, 20, theme.TEXT, True), (x, y))
        y += px(20)
        extras = [terr.replace("_", " ")]
        route = int(world.route_hex[h])
        if route:
            extras.append(("", "track", "road", "railway")[route])
        if world.river_hex[h]:
            extras.append(("", "minor river", "major river")[int(world.river_hex[h])])
        ctrl = int(st.control[h])
        if ctrl >= 0:
            extras.append(f"held by {world.side_ids[ctrl]}")
        surface.blit(text(" · ".join(extras), 18, theme.TEXT), (x, y))
        y += px(19)
        if session.selected:
            u = session.selected[0]
            found = session.reach(u)
            if h in found.cost and h != found.origin:
                ok = h in found.stops
                msg = f"move: {found.cost[h]:g} MP" + ("" if ok else " (full: stacking limit)")
                surface.blit(text(msg, 18, theme.TEXT_GOOD if ok else theme.TEXT_WARN), (x, y))
            else:
                arm = ARM_ORDER[int(world.unit_arm[u])]
                cost = world.scenario.rules.movement.terrain_costs.get(terr, {}).get(arm)
                entry = (
                    "impassable" if cost is None else f"{terr.replace('_', ' ')} costs {cost:g} MP"
                )
                surface.blit(text(f"out of reach · {entry}", 18, theme.TEXT_DIM), (x, y))
            y += px(19)
        else:
            costs = world.scenario.rules.movement.terrain_costs.get(terr, {})
            parts = [
                f"{arm.value[:3]} {costs[arm]:g}"
                if costs.get(arm) is not None
                else f"{arm.value[:3]} –"
                for arm in ARM_ORDER
            ]
            surface.blit(text("enter: " + ", ".join(parts) + " MP", 18, theme.TEXT_DIM), (x, y))
            y += px(19)
        units = session.units_at(h)
        for u in units[:3]:
            side = world.side_ids[int(world.unit_side[u])]
            surface.blit(
                text(f"{world.scenario.units[u].name} ({side})", 17, theme.TEXT_DIM), (x, y)
            )
            y += px(17)
        return y + px(4)

    # ---------------------------------------------------------------- preview
    def _preview(self, surface, session: Session, p: Preview, x: int, y: int, w: int) -> int:
        world = session.world
        names = ", ".join(world.scenario.units[u].name for u in p.attackers)
        surface.blit(text("Attack preview", 20, (250, 190, 110), True), (x, y))
        y += px(20)
        for ln in wrap(names, w, 17)[:2]:
            surface.blit(text(ln, 17, theme.TEXT_DIM), (x, y))
            y += px(17)
        surface.blit(text(f"power odds {p.odds:.2f} : 1", 18, theme.TEXT), (x, y))
        y += px(20)
        bar_w = px(110)
        for key, label in OUTCOME_LABELS:
            pr = p.p_outcome.get(key, 0.0)
            surface.blit(text(label, 17, theme.TEXT), (x, y))
            bx = x + w - bar_w - px(44)
            pygame.draw.rect(surface, (55, 60, 74), (bx, y + px(3), bar_w, px(11)))
            good = key.startswith("defender")
            pygame.draw.rect(
                surface,
                (110, 190, 110)
                if good
                else (200, 90, 80)
                if "attacker" in key
                else (170, 170, 120),
                (bx, y + px(3), int(bar_w * pr), px(11)),
            )
            surface.blit(text(f"{pr * 100:.0f}%", 17, theme.TEXT), (x + w - px(38), y))
            y += px(17)
        m, lo, hi = p.att_loss
        surface.blit(text(f"Your losses ≈ {m:.0f} men ({lo:.0f}–{hi:.0f})", 17, theme.TEXT), (x, y))
        y += px(17)
        m, lo, hi = p.def_loss
        surface.blit(
            text(f"Enemy losses ≈ {m:.0f} men ({lo:.0f}–{hi:.0f})", 17, theme.TEXT), (x, y)
        )
        y += px(17)
        surface.blit(text("range: 10th–90th percentile", 15, theme.TEXT_DIM), (x, y))
        y += px(16)
        md = p.modifiers
        mods = [
            f"terrain {str(md['terrain']).replace('_', ' ')}",
            f"defenders {md['posture']}",
        ]
        if md["river"] != 1.0:
            mods.append(f"river ×{md['river']:.2f}")
        if md["fort"] != 1.0:
            mods.append(f"place ×{md['fort']:.2f}")
        mods.append(f"morale {md['att_morale']:.2f} v {md['def_morale']:.2f}")
        if not md["att_supply"]:
            mods.append("you are out of supply")
        if not md["def_supply"]:
            mods.append("enemy out of supply")
        if p.p_att_cmd_lost > 0.005 or p.p_def_cmd_lost > 0.005:
            mods.append(
                f"commander lost {p.p_att_cmd_lost * 100:.0f}% / {p.p_def_cmd_lost * 100:.0f}%"
            )
        for ln in wrap(" · ".join(mods), w, 17)[:3]:
            surface.blit(text(ln, 17, theme.TEXT_DIM), (x, y))
            y += px(17)
        return y + px(4)

    # -------------------------------------------------------------------- log
    def _log(self, surface, session: Session, rect: pygame.Rect) -> None:
        """The newest lines the viewer may read, bottom up; drawn once per change of the log
        (wrapping 40 lines every frame cost more than the whole map)."""
        log = session.log
        key = (len(log), id(log[-1]) if log else 0, session.viewer(), session.reveal, rect.size)
        if self._log_pic is None or self._log_pic[0] != key:
            pic = pygame.Surface(rect.size).convert() if pygame.display.get_surface() else None
            pic = pic or pygame.Surface(rect.size)
            pic.fill(theme.PANEL_BG)  # opaque: an alpha blit of this size every frame costs
            lines: list[tuple[str, tuple]] = []
            size = 16
            line_h = px(16)
            for entry in reversed(session.visible_log()[-40:]):
                colour = LOG_COLOURS.get(entry.kind, theme.TEXT)
                for ln in reversed(wrap(entry.text, rect.width, size)):
                    lines.append((ln, colour))
                if len(lines) * line_h > rect.height:
                    break
            y = rect.height - line_h
            for ln, colour in lines:
                if y < 0:
                    break
                pic.blit(text(ln, size, colour), (0, y))
                y -= line_h
            self._log_pic = (key, pic)
        surface.blit(self._log_pic[1], rect.topleft)


# ------------------------------------------------------------------ battle report
ARM_SHORT = ("bayonets", "sabres", "guns", "MGs")


def _men(m) -> str:
    parts = [f"{m[0]:,} bay" if m[0] else "", f"{m[1]:,} sab" if m[1] else ""]
    return " + ".join(p for p in parts if p) or "0"


class BattleReportPanel:
    """The last battle, as a floating panel over the map: forces, modifiers, outcome, losses."""

    WIDTH = 430

    def __init__(self) -> None:
        self.rect = pygame.Rect(0, 0, 0, 0)
        self.close_rect = pygame.Rect(0, 0, 0, 0)
        self._pic: tuple[tuple, pygame.Surface] | None = None
        self.links = LinkMap()  # the place and the commanders, on the panel's own surface

    def draw(self, surface, session: Session, report: BattleReport, topleft) -> None:
        """The panel at `topleft`, rendered once per report and viewer, then only blitted."""
        key = (id(report), session.viewer(), theme.UI_SCALE)
        if self._pic is None or self._pic[0] != key:
            self._pic = (key, self._render(session, report))
        pic = self._pic[1]
        self.rect = pic.get_rect(topleft=topleft)
        self.links.offset = self.rect.topleft
        self.close_rect = pygame.Rect(self.rect.right - px(30), self.rect.y + px(8), px(22), px(22))
        surface.blit(pic, self.rect)

    def _render(self, session: Session, report: BattleReport) -> pygame.Surface:
        w = px(self.WIDTH)
        x0, y0 = 0, 0
        self.links.clear()
        lines: list[tuple] = []  # (kind, payload) laid out below, so the height is known first
        date = report.date or ""
        title = f"Battle at {report.place}"
        lines.append(("title", title))
        sub = f"{date} · turn {report.turn}" + (
            f" · {report.days} day{'s' if report.days != 1 else ''}" if report.days else ""
        )
        lines.append(("dim", sub))
        viewer = session.viewer()
        att_me = report.attacker.side == viewer
        good = report.attacker_won == att_me and report.outcome != "held"
        colour = (
            (235, 205, 110)
            if report.outcome == "held"
            else (140, 220, 140)
            if good
            else (240, 120, 100)
        )
        text_ = report.outcome_text[:1].upper() + report.outcome_text[1:]
        lines.append(("outcome", (f"{text_} — odds {report.odds:.2f} : 1", colour)))
        lines.append(("table", None))
        lines.append(("units", None))
        md = report.modifiers
        mods = [f"terrain {str(md.get('terrain', '?')).replace('_', ' ')}"]
        mods.append(f"defenders {md.get('posture', '?')}")
        river = md.get("river", 1.0)
        if isinstance(river, float) and river != 1.0:
            mods.append(f"river ×{river:.2f}")
        fort = md.get("fort", 1.0)
        if isinstance(fort, float) and fort != 1.0:
            mods.append(f"place ×{fort:.2f}")
        lines.append(("wrap", "Modifiers: " + " · ".join(mods)))
        for t in report.aftermath[:4]:
            lines.append(("wrap", t))
        lines.append(("dim", "B: hide this report · the log keeps every battle"))

        # measure
        inner = w - 2 * px(PAD)
        height = px(PAD)
        sizes = {"title": 24, "dim": 17, "outcome": 21, "wrap": 17}
        wrapped: dict[int, list[str]] = {}
        for i, (kind, payload) in enumerate(lines):
            if kind == "table":
                height += px(7 * 18 + 6)
            elif kind == "units":
                wrapped[i] = self._unit_lines(report, inner)
                height += px(17) * len(wrapped[i]) + px(4)
            elif kind == "wrap":
                wrapped[i] = wrap(payload, inner, 17)
                height += px(17) * len(wrapped[i])
            else:
                height += px(sizes[kind] + 2)
        height += px(PAD)
        surface = pygame.Surface((w, height), pygame.SRCALPHA)
        surface.fill((*theme.PANEL_BG, 238))
        pygame.draw.rect(surface, theme.PANEL_LINE, surface.get_rect(), 2, border_radius=4)
        close = pygame.Rect(w - px(30), px(8), px(22), px(22))
        pygame.draw.rect(surface, theme.BUTTON, close, border_radius=4)
        surface.blit(text("×", 22, theme.TEXT, True), text("×", 22).get_rect(center=close.center))

        x, y = x0 + px(PAD), y0 + px(PAD)
        for i, (kind, payload) in enumerate(lines):
            if kind == "title":
                drawn = surface.blit(text(payload, 24, (250, 190, 110), True), (x, y))
                self.links.add(drawn, place_key(session.world, report.place, report.hex))
                y += px(26)
            elif kind == "dim":
                surface.blit(text(payload, 17, theme.TEXT_DIM), (x, y))
                y += px(19)
            elif kind == "outcome":
                surface.blit(text(payload[0], 21, payload[1], True), (x, y))
                y += px(23)
            elif kind == "table":
                y = self._table(surface, session, report, x, y + 2, inner) + 4
            elif kind == "units":
                for ln in wrapped[i]:
                    surface.blit(text(ln, 17, theme.TEXT_DIM), (x, y))
                    y += px(17)
                y += px(4)
            elif kind == "wrap":
                for ln in wrapped[i]:
                    surface.blit(text(ln, 17, theme.TEXT), (x, y))
                    y += px(17)
        return surface

    def _unit_lines(self, report: BattleReport, width: int) -> list[str]:
        out = []
        for label, force in (("Attackers", report.attacker), ("Defenders", report.defender)):
            names = ", ".join(n for n, _ in force.units)
            out += wrap(f"{label}: {names}", width, 17)[:3]
        return out

    def _table(self, surface, session: Session, r: BattleReport, x, y, w) -> int:
        head_w = px(112)
        col1, col2 = x + head_w, x + head_w + (w - head_w) // 2

        def side_label(f: Force) -> str:
            return session.side_name(f.side) if f.side >= 0 else "?"

        def loss(total, prisoners) -> str:
            s = f"−{sum(total[:2]):,}"
            if sum(prisoners[:2]):
                s += f" ({sum(prisoners[:2]):,} taken)"
            return s

        a, d = r.attacker, r.defender
        rows = [
            ("", "Attacker", "Defender"),
            ("side", side_label(a), side_label(d)),
            ("men", _men(a.men), _men(d.men)),
            ("guns · MGs", f"{a.men[2]} · {a.men[3]}", f"{d.men[2]} · {d.men[3]}"),
            ("commander", a.commander or "—", d.commander or "—"),
            (
                "morale · supply",
                f"{a.morale:.2f} · {'in' if a.supplied else 'OUT'}",
                f"{d.morale:.2f} · {'in' if d.supplied else 'OUT'}",
            ),
            ("losses", loss(r.att_loss, r.att_prisoners), loss(r.def_loss, r.def_prisoners)),
        ]
        for i, (k, va, vd) in enumerate(rows):
            head = i == 0
            size = 17
            colour = theme.TEXT_DIM if head or not k else theme.TEXT
            surface.blit(text(k, size, theme.TEXT_DIM), (x, y))
            for col, v in ((col1, va), (col2, vd)):
                t = text(_fit(v, (w - head_w) // 2 - px(6), size), size, colour, head)
                cell = surface.blit(t, (col, y))
                if k == "commander":
                    self.links.add(cell, name_key(session.world, v, ("commanders",)))
            y += px(18)
        return y


def _fit(s: str, width: int, size: int, bold: bool = False) -> str:
    """`s`, shortened with an ellipsis to fit `width` pixels."""
    f = theme.font(size, bold)
    if f.size(s)[0] <= width:
        return s
    while s and f.size(s + "…")[0] > width:
        s = s[:-1]
    return s + "…"
