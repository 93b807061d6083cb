"""The side panel (date and side to move, the selected unit, the hex under the cursor or the odds
of an attack on it, the message log of what the viewer may know) and the battle report panel."""

from __future__ import annotations

import datetime as dt

import pygame

from game.engine.world import ARM_ORDER
from game.i18n import N_, _, format_date, format_number, language, ngettext
from game.ui import keymap, palette, theme
from game.ui.encyclopedia import LinkMap, name_key, place_key
from game.ui.session import BattleReport, Force, Preview, Session
from game.ui.theme import number, px
from game.ui.widgets import text, wrap

LOG_COLOURS = {
    "refused": theme.TEXT_WARN,
    "battle": (250, 190, 110),
    "phase": (130, 200, 240),
    "turn": (130, 200, 240),
    "info": theme.TEXT_DIM,
    "undo": (200, 200, 150),
}
OUTCOME_LABELS = (  # marked here, translated when drawn
    ("defender_routed", N_("Defenders routed")),
    ("defender_retreats", N_("Defenders fall back")),
    ("held", N_("Defenders hold")),
    ("attacker_repulsed", N_("Attack repulsed")),
    ("attacker_routed", N_("Attackers routed")),
)
REPORT_OUTCOMES = {  # the outcome as the battle report's headline gives it
    "defender_routed": N_("The defenders are routed"),
    "defender_retreats": N_("The defenders fall back"),
    "held": N_("The defenders hold"),
    "attacker_repulsed": N_("The attack is repulsed"),
    "attacker_routed": N_("The attackers are routed"),
}
ROUTES = ("", N_("track"), N_("road"), N_("railway"))  # by the world's route code
RIVERS = ("", N_("minor river"), N_("major river"))
ARM_ABBREVIATIONS = {  # the terrain costs' columns, by arm
    # TRANSLATORS: infantry, abbreviated (movement costs: "inf 1.5, cav 1.5, art 2 MP")
    "infantry": N_("inf"),
    # TRANSLATORS: cavalry, abbreviated
    "cavalry": N_("cav"),
    # TRANSLATORS: artillery, abbreviated
    "artillery": N_("art"),
}
POSTURES = {  # the defenders' posture, by the combat model's name (`combat.POSTURES`)
    # TRANSLATORS: a battle's modifier: the defenders marched this turn
    "moved": N_("defenders moved"),
    # TRANSLATORS: a battle's modifier: the defenders stand in a hasty defence
    "hasty": N_("defenders hasty"),
    # TRANSLATORS: a battle's modifier: the defenders stand in a prepared defence
    "prepared": N_("defenders prepared"),
}


def terrain_name(world, terrain_id: str) -> str:
    """A terrain as the scenario names it (in the scenario's language), else its id."""
    t = world.scenario.terrain.get(terrain_id)
    return t.name if t is not None else terrain_id.replace("_", " ")


def posture_text(posture: str) -> str:
    if posture in POSTURES:
        return _(POSTURES[posture])
    return _("defenders {posture}").format(posture=posture)  # a posture a mod's rules added


def modifier_texts(world, md: dict) -> list[str]:
    """The terrain, posture, river and place modifiers of a battle, as short phrases."""
    mods = [
        _("terrain {terrain}").format(terrain=terrain_name(world, str(md.get("terrain", "?")))),
        posture_text(str(md.get("posture", "?"))),
    ]
    river = md.get("river", 1.0)
    if isinstance(river, float) and river != 1.0:
        mods.append(_("river ×{factor}").format(factor=format_number(river, 2)))
    fort = md.get("fort", 1.0)
    if isinstance(fort, float) and fort != 1.0:
        mods.append(_("place ×{factor}").format(factor=format_number(fort, 2)))
    return mods


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
        date = format_date(st.date(world), "long")
        surface.blit(text(date, 28, theme.TEXT, True), (x, y))
        y += px(28)
        turn = _("Turn {turn} of {turns}").format(turn=st.turn, turns=world.turns)
        surface.blit(text(turn, 20, theme.TEXT_DIM), (x, y))
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
            lines = wrap(_("Click one of your units to select it."), w, 18)
            lines += wrap(_("Shift-click adds units to an attack."), w, 18)
            for ln in lines:
                surface.blit(text(ln, 18, theme.TEXT_DIM), (x, y))
                y += px(18)
            return y + px(4)
        u = session.selected[0]
        unit = world.scenario.units[u]
        utype = world.scenario.unit_types[int(world.unit_type[u])]
        name = surface.blit(text(_fit(unit.name, w, 22, True), 22, theme.TEXT, True), (x, y))
        self.links.add(name, f"units/{unit.id}")
        y += px(22)
        faction = world.scenario.factions[int(world.unit_faction[u])]
        kind = f"{utype.name} · {faction.name}"
        surface.blit(text(_fit(kind, w, 17), 17, theme.TEXT_DIM), (x, y))
        y += px(18)
        surface.blit(text(_fit(men_text(st.men[u]), w, 18), 18, theme.TEXT), (x, y))
        y += px(19)
        sup = _("in supply") if st.supplied[u] else _("OUT OF SUPPLY")
        line = _("morale {morale} · fatigue {fatigue} · {supply}").format(
            morale=format_number(float(st.morale[u]), 2),
            fatigue=format_number(float(st.fatigue[u]), 2),
            supply=sup,
        )
        colour = theme.TEXT if st.supplied[u] else theme.TEXT_WARN
        surface.blit(text(_fit(line, w, 18), 18, colour), (x, y))
        y += px(19)
        full = float(world.type_movement[world.unit_type[u]])
        if st.attacked[u]:
            act = _("attacked")
        elif st.moved[u]:
            # TRANSLATORS: a unit that has moved this turn
            act = _("moved")
        else:
            # TRANSLATORS: a unit that can still move and attack this turn
            act = _("ready")
        line = _("MP {mp} of {full} · {state}").format(
            mp=number(float(st.mp[u])), full=number(full), state=act
        )
        surface.blit(text(line, 18, theme.TEXT), (x, y))
        y += px(19)
        c = st.commander_of(u)
        if c >= 0:
            cm = world.scenario.commanders[c]
            name = surface.blit(text(f"★ {cm.name}", 18, theme.ACCENT), (x, y))
            self.links.add(name, f"commanders/{cm.id}")
            y += px(18)
            rt = cm.ratings
            line = _("combat ×{combat} · morale {morale} · initiative {initiative}").format(
                combat=format_number(rt.combat, 2),
                morale=signed(rt.morale),
                initiative=signed(rt.initiative),
            )
            surface.blit(text(_fit(line, w, 17), 17, theme.TEXT_DIM), (x, y))
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
            surface.blit(text(_("(cursor off the map)"), 18, theme.TEXT_DIM), (x, y))
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
            else _("Hex {col},{row}").format(col=int(world.grid.col[h]), row=int(world.grid.row[h]))
        )
        surface.blit(text(_fit(title, w, 20, True), 20, theme.TEXT, True), (x, y))
        y += px(20)
        extras = [terrain_name(world, terr)]
        route = int(world.route_hex[h])
        if route:
            extras.append(_(ROUTES[route]))
        if world.river_hex[h]:
            extras.append(_(RIVERS[int(world.river_hex[h])]))
        ctrl = int(st.control[h])
        if ctrl >= 0:
            extras.append(_("held by {side}").format(side=palette.side_word(world, ctrl)))
        for ln in wrap(" · ".join(extras), w, 18)[:2]:
            surface.blit(text(ln, 18, theme.TEXT), (x, y))
            y += px(19)
        if session.selected:
            u = session.selected[0]
            found = session.reach(u)
            if h in found.cost and h != found.origin:
                ok = h in found.stops
                cost = number(found.cost[h])
                if ok:
                    msg = _("move: {cost} MP").format(cost=cost)
                else:
                    msg = _("move: {cost} MP (full: stacking limit)").format(cost=cost)
                colour = theme.TEXT_GOOD if ok else theme.TEXT_WARN
                surface.blit(text(_fit(msg, w, 18), 18, colour), (x, y))
            else:
                arm = ARM_ORDER[int(world.unit_arm[u])]
                cost = world.scenario.rules.movement.terrain_costs.get(terr, {}).get(arm)
                if cost is None:
                    msg = _("out of reach · impassable")
                else:
                    msg = _("out of reach · {terrain} costs {cost} MP").format(
                        terrain=terrain_name(world, terr), cost=number(cost)
                    )
                surface.blit(text(_fit(msg, w, 18), 18, theme.TEXT_DIM), (x, y))
            y += px(19)
        else:
            costs = world.scenario.rules.movement.terrain_costs.get(terr, {})
            parts = [
                f"{_(ARM_ABBREVIATIONS.get(arm.value, arm.value[:3]))} "
                + (number(costs[arm]) if costs.get(arm) is not None else "–")
                for arm in ARM_ORDER
            ]
            # TRANSLATORS: the movement points each arm pays to enter a hex: "inf 1.5, cav 1.5"
            msg = _("enter: {costs} MP").format(costs=", ".join(parts))
            surface.blit(text(_fit(msg, w, 18), 18, theme.TEXT_DIM), (x, y))
            y += px(19)
        units = session.units_at(h)
        for u in units[:3]:
            side = palette.side_word(world, int(world.unit_side[u]))
            line = f"{world.scenario.units[u].name} ({side})"
            surface.blit(text(_fit(line, w, 17), 17, theme.TEXT_DIM), (x, y))
            y += px(17)
        return y + px(4)

    # ---------------------------------------------------------------- preview
    def _preview(self, surface, session: Session, p: Preview, x: int, y: int, w: int) -> int:
        world = session.world
        names = ", ".join(world.scenario.units[u].name for u in p.attackers)
        surface.blit(text(_("Attack preview"), 20, (250, 190, 110), True), (x, y))
        y += px(20)
        for ln in wrap(names, w, 17)[:2]:
            surface.blit(text(ln, 17, theme.TEXT_DIM), (x, y))
            y += px(17)
        odds = _("power odds {odds} : 1").format(odds=format_number(p.odds, 2))
        surface.blit(text(odds, 18, theme.TEXT), (x, y))
        y += px(20)
        bar_w = px(110)
        for key, label in OUTCOME_LABELS:
            pr = p.p_outcome.get(key, 0.0)
            bx = x + w - bar_w - px(44)
            surface.blit(text(_fit(_(label), bx - x - px(4), 17), 17, theme.TEXT), (x, y))
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
            surface.blit(text(percent(pr), 17, theme.TEXT), (x + w - px(38), y))
            y += px(17)
        for template, (m, lo, hi) in (
            (_("Your losses ≈ {n} men ({low}–{high})"), p.att_loss),
            (_("Enemy losses ≈ {n} men ({low}–{high})"), p.def_loss),
        ):
            line = template.format(
                n=format_number(round(m)),
                low=format_number(round(lo)),
                high=format_number(round(hi)),
            )
            surface.blit(text(_fit(line, w, 17), 17, theme.TEXT), (x, y))
            y += px(17)
        surface.blit(text(_("range: 10th–90th percentile"), 15, theme.TEXT_DIM), (x, y))
        y += px(16)
        md = p.modifiers
        mods = modifier_texts(world, md)
        mods.append(
            # TRANSLATORS: the morale of the attackers against the defenders' ("v": versus)
            _("morale {attackers} v {defenders}").format(
                attackers=format_number(md["att_morale"], 2),
                defenders=format_number(md["def_morale"], 2),
            )
        )
        if not md["att_supply"]:
            mods.append(_("you are out of supply"))
        if not md["def_supply"]:
            mods.append(_("enemy out of supply"))
        if p.p_att_cmd_lost > 0.005 or p.p_def_cmd_lost > 0.005:
            mods.append(
                # TRANSLATORS: the chance that the attackers' / defenders' commander is lost
                _("commander lost {attacker} / {defender}").format(
                    attacker=percent(p.p_att_cmd_lost), defender=percent(p.p_def_cmd_lost)
                )
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
        key = (
            len(log),
            id(log[-1]) if log else 0,
            session.viewer(),
            session.reveal,
            rect.size,
            language(),
        )
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


# ------------------------------------------------------------------ numbers
def men_text(men) -> str:
    """ "1,200 bayonets, 394 sabres, 0 guns, 4 MGs" (bayonets and sabres only when there are)."""
    n = [int(x) for x in men]
    parts = []
    if n[0]:
        parts.append(ngettext("{n} bayonet", "{n} bayonets", n[0]).format(n=format_number(n[0])))
    if n[1]:
        parts.append(ngettext("{n} sabre", "{n} sabres", n[1]).format(n=format_number(n[1])))
    parts.append(ngettext("{n} gun", "{n} guns", n[2]).format(n=n[2]))
    # TRANSLATORS: machine guns
    parts.append(ngettext("{n} MG", "{n} MGs", n[3]).format(n=n[3]))
    return ", ".join(parts)


def signed(value: float) -> str:
    """+0.15 / −0.30, with the language's decimal sign."""
    return ("+" if value >= 0 else "−") + format_number(abs(value), 2)


def percent(p: float) -> str:
    """A probability as a whole percentage: "76%" ("76 %" in French)."""
    return _("{n}%").format(n=format_number(round(p * 100)))


# ------------------------------------------------------------------ battle report
def _men(m) -> str:
    parts = []
    if m[0]:
        # TRANSLATORS: bayonets, abbreviated, in the battle report's table: "1,200 bay"
        parts.append(_("{n} bay").format(n=format_number(int(m[0]))))
    if m[1]:
        # TRANSLATORS: sabres, abbreviated, in the battle report's table: "394 sab"
        parts.append(_("{n} sab").format(n=format_number(int(m[1]))))
    return " + ".join(parts) or "0"


def report_date(report: BattleReport) -> str:
    """The battle's day as the language writes it (the report keeps it as an ISO date)."""
    try:
        return format_date(dt.date.fromisoformat(report.date), "long")
    except ValueError:
        return report.date


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
        key = (id(report), session.viewer(), theme.UI_SCALE, language())
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
        date = report_date(report)
        title = _("Battle at {place}").format(place=report.place)
        lines.append(("title", title))
        if report.days:
            sub = ngettext(
                "{date} · turn {turn} · {days} day",
                "{date} · turn {turn} · {days} days",
                report.days,
            ).format(date=date, turn=report.turn, days=report.days)
        else:
            sub = _("{date} · turn {turn}").format(date=date, turn=report.turn)
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
        if report.outcome in REPORT_OUTCOMES:
            text_ = _(REPORT_OUTCOMES[report.outcome])
        else:
            text_ = report.outcome_text[:1].upper() + report.outcome_text[1:]
        headline = _("{outcome} — odds {odds} : 1").format(
            outcome=text_, odds=format_number(report.odds, 2)
        )
        lines.append(("outcome", (headline, colour)))
        lines.append(("table", None))
        lines.append(("units", None))
        mods = " · ".join(modifier_texts(session.world, report.modifiers))
        lines.append(("wrap", _("Modifiers: {modifiers}").format(modifiers=mods)))
        for t in report.aftermath[:4]:
            lines.append(("wrap", t))
        key = keymap.current.short("battle_report")
        foot = _("{key}: hide this report · the log keeps every battle").format(key=key)
        lines.append(("wrap_dim", foot))

        # measure
        inner = w - 2 * px(PAD)
        height = px(PAD)
        sizes = {"title": 24, "dim": 17, "outcome": 21}
        wrapped: dict[int, list[str]] = {}
        for i, (kind, payload) in enumerate(lines):
            if kind == "table":
                height += px(7 * 18 + 6)
            elif kind == "units":
                wrapped[i] = self._unit_lines(report, inner)
                height += px(17) * len(wrapped[i]) + px(4)
            elif kind in ("wrap", "wrap_dim"):
                wrapped[i] = wrap(payload, inner, 17)
                height += px(17) * len(wrapped[i]) + (px(2) if kind == "wrap_dim" else 0)
            elif kind == "outcome":
                wrapped[i] = wrap(payload[0], inner, 21)
                height += px(23) * len(wrapped[i])
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
                title = _fit(payload, inner - px(30), 24, True)  # clear of the ×
                drawn = surface.blit(text(title, 24, (250, 190, 110), True), (x, y))
                self.links.add(drawn, place_key(session.world, report.place, report.hex))
                y += px(26)
            elif kind == "dim":
                surface.blit(text(payload, 17, theme.TEXT_DIM), (x, y))
                y += px(19)
            elif kind == "outcome":
                for ln in wrapped[i]:
                    surface.blit(text(ln, 21, payload[1], True), (x, y))
                    y += px(23)
            elif kind == "table":
                y = self._table(surface, session, report, x, y + 2, inner) + 4
            elif kind == "units":
                for ln in wrapped[i]:
                    surface.blit(text(ln, 17, theme.TEXT_DIM), (x, y))
                    y += px(17)
                y += px(4)
            elif kind in ("wrap", "wrap_dim"):
                y += px(2) if kind == "wrap_dim" else 0
                colour = theme.TEXT_DIM if kind == "wrap_dim" else theme.TEXT
                for ln in wrapped[i]:
                    surface.blit(text(ln, 17, colour), (x, y))
                    y += px(17)
        return surface

    def _unit_lines(self, report: BattleReport, width: int) -> list[str]:
        out = []
        for label, force in (
            (_("Attackers: {units}"), report.attacker),
            (_("Defenders: {units}"), report.defender),
        ):
            names = ", ".join(name for name, _strength in force.units)
            out += wrap(label.format(units=names), width, 17)[:3]
        return out

    def _table(self, surface, session: Session, r: BattleReport, x, y, w) -> int:
        head_w = px(112)
        col1, col2 = x + head_w, x + head_w + (w - head_w) // 2

        def side_label(f: Force) -> str:
            return session.side_name(f.side) if f.side >= 0 else "?"

        def loss(total, prisoners) -> str:
            lost = "−" + format_number(sum(total[:2]))
            if sum(prisoners[:2]):
                # TRANSLATORS: losses, then the men taken prisoner among them: "−120 (30 taken)"
                return _("{losses} ({n} taken)").format(
                    losses=lost, n=format_number(sum(prisoners[:2]))
                )
            return lost

        def supply(f: Force) -> str:
            # TRANSLATORS: the battle report's "morale · supply" row: in supply / OUT of supply
            return _("in") if f.supplied else _("OUT")

        a, d = r.attacker, r.defender
        rows = [  # (what the row is, its heading, attacker, defender)
            ("", "", _("Attacker"), _("Defender")),
            ("side", _("side"), side_label(a), side_label(d)),
            ("men", _("men"), _men(a.men), _men(d.men)),
            ("guns", _("guns · MGs"), f"{a.men[2]} · {a.men[3]}", f"{d.men[2]} · {d.men[3]}"),
            ("commander", _("commander"), a.commander or "—", d.commander or "—"),
            (
                "morale",
                _("morale · supply"),
                f"{format_number(a.morale, 2)} · {supply(a)}",
                f"{format_number(d.morale, 2)} · {supply(d)}",
            ),
            (
                "losses",
                _("losses"),
                loss(r.att_loss, r.att_prisoners),
                loss(r.def_loss, r.def_prisoners),
            ),
        ]
        for i, (k, heading, va, vd) in enumerate(rows):
            head = i == 0
            size = 17
            colour = theme.TEXT_DIM if head or not k else theme.TEXT
            surface.blit(text(_fit(heading, head_w - px(4), size), size, theme.TEXT_DIM), (x, y))
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
