"""Side and faction colours as the screens draw them: the scenario's own, or a colour-blind-safe
set when the player asks for it in the settings.

The scenario gives every side and faction a colour (content is data); this module only decides
whether those are shown. The safe set is the Okabe–Ito palette (Okabe & Ito, "Color Universal
Design", 2008): a vermilion/orange family against a blue family, told apart under the common
forms of colour blindness, with lighter shades for the factions within a side. Colour is never
the only cue anyway: counters also carry their side's frame shape and initial (`counters.py`).
Every screen asks `side_colour` / `faction_colour`, so one switch changes the counters, the
control flags, the after-action charts and the replay alike.
"""

from __future__ import annotations

from game.i18n import CLOSE, N_, OPEN, _
from game.ui import theme

SCENARIO, COLOUR_BLIND = "scenario", "colour-blind"

# Okabe–Ito: vermilion, orange, a light orange; blue, sky blue, a light blue
SAFE_FAMILIES: tuple[tuple[tuple[int, int, int], ...], ...] = (
    ((213, 94, 0), (230, 159, 0), (240, 196, 120)),
    ((0, 114, 178), (86, 180, 233), (160, 205, 240)),
    ((0, 158, 115), (80, 200, 160)),  # bluish green, for a third side in a mod
    ((204, 121, 167), (230, 170, 200)),  # reddish purple, for a fourth
)

mode = SCENARIO


def use(name: str) -> None:
    """Switch the palette ("scenario" or "colour-blind"); anything else means the scenario's."""
    global mode
    mode = name if name in (SCENARIO, COLOUR_BLIND) else SCENARIO


def _family(world, side: int) -> tuple[tuple[int, int, int], ...]:
    """The safe family of a side: the side whose own colour is the warmest gets the vermilion
    family, the next the blue one (so the Reds stay warm and the Whites turn blue)."""

    def warmth(s: int) -> int:
        r, _, b = theme.hex_colour(world.scenario.sides[world.side_ids[s]].colour)
        return r - b

    order = sorted(range(len(world.side_ids)), key=lambda s: (-warmth(s), s))
    return SAFE_FAMILIES[order.index(side) % len(SAFE_FAMILIES)]


def side_colour(world, side: int) -> tuple[int, int, int]:
    """The colour of side index `side` (its order in the world)."""
    if mode == COLOUR_BLIND:
        return _family(world, side)[0]
    return theme.hex_colour(world.scenario.sides[world.side_ids[side]].colour)


def faction_colour(world, faction: int) -> tuple[int, int, int]:
    """The colour of faction index `faction`: a shade of its side's family in the safe set."""
    factions = world.scenario.factions
    f = factions[faction]
    if mode != COLOUR_BLIND:
        return theme.hex_colour(f.colour)
    family = _family(world, world.side_index[f.side])
    rank = [g.id for g in factions if g.side == f.side].index(f.id)
    return family[rank % len(family)]


# the usual short names of the sides of a civil war, by side id (other ids use the scenario's name)
SIDE_WORDS = {"red": N_("Reds"), "white": N_("Whites")}


def side_word(world, side: int) -> str:
    """A side in a word or two, in the current language: "Reds" for the side with id "red",
    else the scenario's name of the side."""
    sid = world.side_ids[side]
    if sid in SIDE_WORDS:
        return _(SIDE_WORDS[sid])
    return world.scenario.sides[sid].name


def side_initials(world) -> list[str]:
    """A short mark per side for counters and charts: the first letter of its short name in the
    current language ("R", "W"; "R", "B" in French) or of its id, longer where two sides would
    share it."""
    ids = [_(SIDE_WORDS[i]).strip(OPEN + CLOSE) if i in SIDE_WORDS else i for i in world.side_ids]
    for n in range(1, 4):
        marks = [i[:n].upper() for i in ids]
        if len(set(marks)) == len(marks):
            return marks
    return [str(k + 1) for k in range(len(ids))]
