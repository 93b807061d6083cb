"""The in-game encyclopedia: checks of the `encyclopedia` section and the pages it makes.

Articles are data in the scenario, one list per kind of entry (`commanders`, `factions`, `places`,
`unit_types`, `events`, and the optional `units` and `topics`), each article named by the id of
what it describes, so mods patch them by id like any other list. Once a scenario has the section,
`validate` warns (`encyclopedia-missing`) about every commander, faction, place, unit type and
event without an article, located at that entry's id, and (`encyclopedia-orphan`) about an article
whose id names nothing. The replay's battles and events need no article: their captions and
sources are already the scenario's own sourced words, and the encyclopedia shows them as pages.

`pages(scenario)` gathers everything into `Page`s — the text with the facts the rest of the file
gives (a commander's unit and side, a place's position and who holds it, what happened there) and
the sources — and `Index` finds them by key, by category or by a search. No pygame here: the
screen is `game/ui/encyclopedia.py`.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from game.i18n import N_, _, format_date, format_number, ngettext
from game.scenario.errors import did_you_mean
from game.scenario.schema import Confidence, Scenario

# Codes of the warnings below, with their meaning (merged into checks.WARNING_CODES).
WARNING_CODES: dict[str, str] = {
    "encyclopedia-missing": "an entry of the scenario has no encyclopedia article",
    "encyclopedia-orphan": "an encyclopedia article names no entry of the scenario",
    "encyclopedia-disputed": "an article is marked disputed but its note does not say how",
}

# category of articles → (document path of the entries it describes, what one is called,
# whether every entry needs an article once the section exists)
CATEGORIES: dict[str, tuple[tuple[str, ...], str, bool]] = {
    "commanders": (("commanders",), "commander", True),
    "factions": (("factions",), "faction", True),
    "places": (("map", "places"), "place", True),
    "unit_types": (("unit_types",), "unit type", True),
    "events": (("events",), "event", True),
    "units": (("units",), "unit", False),
}
ENCYCLOPEDIA = ("encyclopedia",)

# what the screen lists, in order, with a heading (translated where it is shown)
SECTIONS: dict[str, str] = {
    "commanders": N_("Commanders"),
    "factions": N_("Factions"),
    "units": N_("Units"),
    "unit_types": N_("Unit types"),
    "places": N_("Places"),
    "events": N_("Events"),
    "battles": N_("Battles"),
    "history": N_("History"),
    "topics": N_("Topics"),
}
# the words of the pages for values of the scenario's enumerations
PLACE_KINDS = {
    "city": N_("city"),
    "town": N_("town"),
    "settlement": N_("settlement"),
    "datsan": N_("datsan"),
    "station": N_("station"),
    "landmark": N_("landmark"),
}
ARMS = {"infantry": N_("infantry"), "cavalry": N_("cavalry"), "artillery": N_("artillery")}
EVENT_KINDS = {
    "movement": N_("movement"),
    "capture": N_("capture"),
    "commander": N_("commander"),
    "politics": N_("politics"),
    "other": N_("other"),
}
OUTCOMES = {
    "held": N_("the defenders hold"),
    "defender_retreats": N_("the defenders fall back"),
    "defender_routed": N_("the defenders are routed"),
    "attacker_repulsed": N_("the attack is repulsed"),
    "attacker_routed": N_("the attackers are routed"),
}


def _items(entries: Any) -> Iterator[tuple[int, Any]]:
    return ((i, e) for i, e in enumerate(entries or ()) if e is not None)


# ------------------------------------------------------------------------------ the checks


def check_encyclopedia_ids(c) -> None:
    section = c.get(*ENCYCLOPEDIA)
    if section is None:
        return
    for category in (*CATEGORIES, "topics"):
        first: dict[str, int] = {}
        for i, article in _items(getattr(section, category, None)):
            path = (*ENCYCLOPEDIA, category, i, "id")
            if article.id in first:
                line = c.line_of((*ENCYCLOPEDIA, category, first[article.id], "id"))
                message = (
                    f"duplicate id '{article.id}' in encyclopedia.{category} "
                    f"(first used on line {line})"
                )
                c.report(path, message, "duplicate-id")
            else:
                first[article.id] = i


def check_encyclopedia_refs(c) -> None:
    """Every article names an entry of its kind (a warning: a mod that removes a commander should
    remove the article too, but the game plays either way)."""
    section = c.get(*ENCYCLOPEDIA)
    if section is None:
        return
    for category, (prefix, what, _required) in CATEGORIES.items():
        entries = c.get(*prefix)
        if entries is None or any(e is None for e in entries):
            continue  # a failed entry may be the one named
        ids = [e.id for e in entries]
        for i, article in _items(getattr(section, category, None)):
            if article.id not in ids:
                hint = did_you_mean(article.id, ids)
                message = (
                    f"the article '{article.id}' in encyclopedia.{category} names no {what} of "
                    f"this scenario{hint}"
                )
                path = (*ENCYCLOPEDIA, category, i, "id")
                c.report(path, message, "encyclopedia-orphan", "warning")


def check_encyclopedia_coverage(c) -> None:
    """Once a scenario has an encyclopedia, every commander, faction, place, unit type and event
    has an article; each one missing is reported at its own id."""
    section = c.get(*ENCYCLOPEDIA)
    if section is None:
        return
    for category, (prefix, what, required) in CATEGORIES.items():
        if not required:
            continue
        written = {a.id for _, a in _items(getattr(section, category, None))}
        for i, entry in _items(c.get(*prefix)):
            if entry.id not in written:
                message = (
                    f"{what} '{entry.id}' has no encyclopedia article: add one to "
                    f"encyclopedia.{category} (text in your own words, with its sources)"
                )
                c.report((*prefix, i, "id"), message, "encyclopedia-missing", "warning")
    for category in (*CATEGORIES, "topics"):
        for i, article in _items(getattr(section, category, None)):
            if article.confidence == Confidence.disputed and not article.note.strip():
                message = f"the article '{article.id}' is marked disputed: say in `note` how"
                path = (*ENCYCLOPEDIA, category, i, "confidence")
                c.report(path, message, "encyclopedia-disputed", "warning")


ENCYCLOPEDIA_CHECKS = (check_encyclopedia_ids, check_encyclopedia_refs, check_encyclopedia_coverage)


# ------------------------------------------------------------------------------ the pages


def cite(author: str, title: str, url: str = "") -> str:
    """A source as the screens cite it: `Sokolov, Барон Унгерн (https://…)`."""
    # TRANSLATORS: a source cited on a page: its author, then its title
    text = _("{author}, {title}").format(author=author, title=title) if author else title
    # TRANSLATORS: a source cited with its web address
    return _("{source} ({url})").format(source=text, url=url) if url else text


@dataclass(frozen=True)
class SourceRef:
    id: str
    title: str
    author: str = ""
    url: str = ""
    note: str = ""

    def text(self) -> str:
        return cite(self.author, self.title, self.url)


@dataclass(frozen=True)
class Link:
    key: str  # "category/id" of the page linked to
    label: str


@dataclass(frozen=True)
class Page:
    """One page of the encyclopedia, as the screen shows it."""

    category: str
    id: str
    title: str
    kind: str  # a short line under the title: "Commander · White"
    text: str  # the article, or the caption of a historical entry; blank lines part paragraphs
    facts: tuple[str, ...] = ()
    links: tuple[Link, ...] = ()
    sources: tuple[SourceRef, ...] = ()
    confidence: str = ""
    note: str = ""
    authored: bool = True  # False: no article was written; the page is made of the data alone
    names: tuple[str, ...] = ()  # other names the search should find

    @property
    def key(self) -> str:
        return f"{self.category}/{self.id}"

    def matches(self, query: str) -> bool:
        """Every word of `query` is in the title, another name, the kind or the text."""
        words = query.casefold().split()
        if not words:
            return True
        hay = " ".join((self.title, *self.names, self.kind, self.text)).casefold()
        return all(w in hay for w in words)


def key(category: str, ident: str) -> str:
    return f"{category}/{ident}"


class Index:
    """Every page of a scenario, by key and in the screen's order, with search."""

    def __init__(self, scenario: Scenario):
        self.scenario = scenario
        self.pages: list[Page] = list(_pages(scenario))
        self.by_key: dict[str, Page] = {p.key: p for p in self.pages}

    def get(self, key: str) -> Page | None:
        return self.by_key.get(key)

    def categories(self) -> list[str]:
        found = {p.category for p in self.pages}
        return [c for c in SECTIONS if c in found]

    def search(self, query: str = "", category: str | None = None) -> list[Page]:
        return [
            p
            for p in self.pages
            if (category is None or p.category == category) and p.matches(query)
        ]

    def key_for_name(self, name: str, categories: tuple[str, ...] = ()) -> str | None:
        """The page of an entry shown by its name (the battle report names units and places)."""
        folded = name.casefold().strip()
        for p in self.pages:
            if categories and p.category not in categories:
                continue
            if p.title.casefold() == folded or folded in (n.casefold() for n in p.names):
                return p.key
        return None


@dataclass
class _Builder:
    s: Scenario
    articles: dict[str, dict[str, Any]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        section = self.s.encyclopedia
        for category in (*CATEGORIES, "topics"):
            found = getattr(section, category, None) or [] if section is not None else []
            self.articles[category] = {a.id: a for a in found}
        self.sources = {src.id: src for src in self.s.meta.sources}
        self.side_names = {k: v.name for k, v in self.s.sides.items()}
        self.factions = {f.id: f for f in self.s.factions}
        self.types = {t.id: t for t in self.s.unit_types}
        self.places = {p.id: p for p in self.s.map.places}
        self.units = {u.id: u for u in self.s.units}
        self.unit_side = {u.id: self.factions[u.faction].side for u in self.s.units}

    def refs(self, ids) -> tuple[SourceRef, ...]:
        out = []
        for sid in dict.fromkeys(ids):
            src = self.sources.get(sid)
            if src is None:
                out.append(SourceRef(sid, sid))
            else:
                out.append(SourceRef(sid, src.title, src.author, src.url, src.note))
        return tuple(out)

    def page(
        self,
        category: str,
        entry: Any,
        name: str,
        kind: str,
        facts: list[str],
        links: list[Link],
        names: tuple[str, ...] = (),
    ) -> Page:
        article = self.articles.get(category, {}).get(entry.id)
        if article is not None:
            return Page(
                category,
                entry.id,
                article.title or name,
                kind,
                article.text.strip(),
                tuple(facts),
                tuple(links),
                self.refs(article.source),
                article.confidence.value,
                article.note,
                True,
                names,
            )
        own = getattr(entry, "source", None) or []
        text = getattr(entry, "description", "") or getattr(entry, "caption", "") or ""
        return Page(
            category,
            entry.id,
            name,
            kind,
            text.strip(),
            tuple(facts),
            tuple(links),
            self.refs(own),
            getattr(getattr(entry, "confidence", None), "value", ""),
            getattr(entry, "note", ""),
            False,
            names,
        )

    def side(self, side_id: str) -> str:
        return self.side_names.get(side_id, side_id)

    def unit_link(self, uid: str) -> Link:
        unit = self.units.get(uid)
        return Link(key("units", uid), unit.name if unit else uid)

    def place_name(self, loc: Any) -> tuple[str, str | None]:
        if loc is None:
            return "", None
        if loc.place is not None:
            place = self.places.get(loc.place)
            return (place.name if place else loc.place), loc.place
        return _latlon(loc.lat, loc.lon), None


def _word(table: dict[str, str], value: str) -> str:
    """A value of an enumeration in the language in use (itself if the table lacks it)."""
    return _(table[value]) if value in table else value


def _capital(s: str) -> str:
    return s[:1].upper() + s[1:]


def _latlon(lat: float, lon: float) -> str:
    return _("{lat}° N, {lon}° E").format(lat=format_number(lat, 2), lon=format_number(lon, 2))


def _signed(v: float) -> str:
    return ("+" if v >= 0 else "") + format_number(v, 2)


def _percent(p: float) -> str:
    # TRANSLATORS: a percentage; French puts a no-break space before %
    return _("{n}%").format(n=format_number(round(100 * p)))


def _strength(n: int, arm: str) -> str:
    if arm == "cavalry":
        return ngettext("{n} sabre", "{n} sabres", n).format(n=format_number(n))
    if arm == "artillery":
        return ngettext("{n} gun", "{n} guns", n).format(n=format_number(n))
    return ngettext("{n} bayonet", "{n} bayonets", n).format(n=format_number(n))


def _where(unit, place: str) -> str:
    if unit.start is not None:
        return _("On the map from the first day, at {place}").format(place=place)
    return _("Arrives on {date}, at {place}").format(date=_day(unit.arrive.date), place=place)


def _day(d) -> str:
    return format_date(d, "long")


def _span(first, last) -> str:
    return _day(first) + (f" – {_day(last)}" if last else "")


def _pages(s: Scenario) -> Iterator[Page]:
    b = _Builder(s)
    commanders_of_unit = {c.unit: c for c in s.commanders}
    names = {c.id: c.name for c in s.commanders}

    for c in s.commanders:
        unit = b.units.get(c.unit)
        facts = [_("Side: {side}").format(side=b.side(c.side))]
        links = []
        if unit is not None:
            facts.append(_("Leads: {unit}").format(unit=unit.name))
            links.append(b.unit_link(unit.id))
            links.append(Link(key("factions", unit.faction), b.factions[unit.faction].name))
        r = c.ratings
        facts.append(
            _("In the game: combat ×{combat}, morale {morale}, initiative {initiative}").format(
                combat=format_number(r.combat, 2),
                morale=_signed(r.morale),
                initiative=_signed(r.initiative),
            )
        )
        kind = _("Commander · {side}").format(side=b.side(c.side))
        yield b.page("commanders", c, c.name, kind, facts, links)

    for f in s.factions:
        units = [u for u in s.units if u.faction == f.id]
        facts = [
            _("Side: {side}").format(side=b.side(f.side)),
            _("Units: {n}").format(n=len(units)),
        ]
        links = [b.unit_link(u.id) for u in units]
        links += [
            Link(key("commanders", c.id), c.name)
            for c in s.commanders
            if c.unit in {u.id for u in units}
        ]
        kind = _("Faction · {side}").format(side=b.side(f.side))
        yield b.page("factions", f, f.name, kind, facts, links)

    for u in s.units:
        t, f = b.types.get(u.type), b.factions.get(u.faction)
        arm = t.arm.value if t else "infantry"
        facts = [_("Strength: {men}").format(men=_strength(u.strength, arm))]
        weapons = []
        if u.guns:
            weapons.append(ngettext("{n} gun", "{n} guns", u.guns).format(n=u.guns))
        if u.machine_guns:
            n = u.machine_guns
            weapons.append(ngettext("{n} machine gun", "{n} machine guns", n).format(n=n))
        if weapons:
            facts.append(_("Attached: {weapons}").format(weapons=", ".join(weapons)))
        where = u.start if u.start is not None else u.arrive.at
        place, pid = b.place_name(where)
        facts.append(_where(u, place))
        links = []
        if f is not None:
            links.append(Link(key("factions", f.id), f.name))
        if t is not None:
            links.append(Link(key("unit_types", t.id), t.name))
        if pid is not None:
            links.append(Link(key("places", pid), place))
        c = commanders_of_unit.get(u.id)
        if c is not None:
            facts.append(_("Led by {commander}").format(commander=c.name))
            links.append(Link(key("commanders", c.id), c.name))
        side = b.side(b.unit_side[u.id])
        kind = _("Unit · {type} · {side}").format(type=t.name if t else u.type, side=side)
        yield b.page("units", u, u.name, kind, facts, links)

    for t in s.unit_types:
        units = [u for u in s.units if u.type == t.id]
        facts = [
            _("Arm: {arm}").format(arm=_word(ARMS, t.arm.value)),
            _("Movement: {points} points a turn · sight {sight} hexes").format(
                points=format_number(t.movement, 1 if t.movement % 1 else 0), sight=t.sight
            ),
        ]
        if t.rail_only:
            facts.append(_("Moves only along the railway"))
        links = [b.unit_link(u.id) for u in units]
        yield b.page("unit_types", t, t.name, _("Unit type"), facts, links)

    history = s.history
    for p in s.map.places:
        place_kind = _word(PLACE_KINDS, p.kind.value)
        facts = [f"{_capital(place_kind)} · {_latlon(p.lat, p.lon)}"]
        if p.other_names:
            facts.append(_("Also: {names}").format(names=", ".join(p.other_names)))
        if p.control is not None:
            facts.append(_("Held at the start by: {side}").format(side=b.side(p.control)))
        links = []
        if history is not None:
            for battle in history.battles:
                if battle.place.place == p.id:
                    links.append(Link(key("battles", battle.id), battle.name))
            for event in history.events:
                if event.place is not None and event.place.place == p.id:
                    links.append(Link(key("history", event.id), _event_title(event)))
        kind = _("Place · {kind}").format(kind=place_kind)
        yield b.page("places", p, p.name, kind, facts, links, tuple(p.other_names))

    for e in s.events:
        facts = [_("Message: {text}").format(text=fx.message) for fx in e.effects if fx.message]
        if e.chance < 1:
            facts.append(
                _("Chance at each check while its trigger holds: {chance}").format(
                    chance=_percent(e.chance)
                )
            )
        yield b.page("events", e, e.name, _("Event of the game"), facts, [])

    if history is not None:
        for battle in history.battles:
            place, pid = b.place_name(battle.place)
            when = _span(battle.date, battle.end)
            outcome = _word(OUTCOMES, battle.outcome.value)
            facts = [f"{when} · {place}", _("Outcome: {outcome}").format(outcome=outcome)]
            links = [Link(key("places", pid), place)] if pid else []
            for role in ("attacker", "defender"):
                links += [b.unit_link(uid) for uid in getattr(battle, role).units]
            kind = _("Battle · {date}").format(date=when)
            yield b.page("battles", battle, battle.name, kind, facts, links)
        for event in history.events:
            place, pid = b.place_name(event.place)
            when = _span(event.date, event.end)
            facts = [f"{when}" + (f" · {place}" if place else "")]
            links = [Link(key("places", pid), place)] if pid else []
            links += [
                Link(key("commanders", ch.id), names.get(ch.id, ch.id)) for ch in event.commanders
            ]
            kind = f"{_capital(_word(EVENT_KINDS, event.kind.value))} · {when}"
            yield b.page("history", event, _event_title(event), kind, facts, links)

    for topic in b.articles.get("topics", {}).values():
        yield Page(
            "topics",
            topic.id,
            topic.title,
            _("Topic"),
            topic.text.strip(),
            sources=b.refs(topic.source),
            confidence=topic.confidence.value,
            note=topic.note,
        )


def _event_title(event) -> str:
    """A history event has a caption but no name: its first words make the title."""
    first = event.caption.split(". ")[0].rstrip(".")
    return first if len(first) <= 60 else first[:57].rsplit(" ", 1)[0] + "…"


__all__ = [
    "CATEGORIES",
    "ENCYCLOPEDIA_CHECKS",
    "SECTIONS",
    "WARNING_CODES",
    "Index",
    "Link",
    "Page",
    "SourceRef",
    "key",
]
