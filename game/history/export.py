"""An animated GIF of the replay (`replay --export FILE.gif`), drawn with Pillow, no window.

The map is painted once — every pixel takes the colour of the terrain of its hex, with rivers,
roads and the railway over it and the towns named — and each frame adds the units, markers for
battles under way and a caption band with the date and what is happening. Groups that stand
together are drawn as one marker sized by their strength. Days on which something begins are held
longer, so the story can be read at the GIF's pace.
"""

from __future__ import annotations

import datetime as dt
import textwrap
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw, ImageFont

from game.engine.world import World
from game.history import model
from game.history.timeline import timeline_for
from game.paths import PROJECT_ROOT

WIDTH = 640  # pixels of the map; the caption band adds CAPTION_H below
CAPTION_H = 84
DAY_MS = 140  # a day without news
EVENT_MS = 1600  # a day on which an entry begins
OFF_MAP = (40, 44, 52)
INK = (24, 24, 28)
PAPER = (246, 242, 230)
BATTLE = (255, 196, 0)
RIVER = {"major": ((70, 120, 200), 3), "minor": ((100, 150, 215), 1)}
ROUTE = {"railway": ((20, 20, 20), 2), "road": ((120, 82, 45), 2), "track": ((150, 120, 80), 1)}
NAMED_KINDS = ("city", "town")
FONTS = PROJECT_ROOT / "assets" / "fonts"


@dataclass
class Snapshot:
    """What one frame shows, in km of the hex grid's plane."""

    date: dt.date
    markers: list[tuple[float, float, str, str, int]]  # x, y, side, label, men
    battles: list[tuple[float, float]] = field(default_factory=list)
    caption: str = ""
    news: bool = False  # hold this frame longer


@dataclass(frozen=True)
class ExportResult:
    path: Path
    frames: int
    bytes: int
    first: dt.date
    last: dt.date


def _font(size: int, bold: bool = False):
    """The game's own DejaVu (it has every letter of the captions), else Pillow's default."""
    name = "DejaVuSansCondensed-Bold.ttf" if bold else "DejaVuSansCondensed.ttf"
    try:
        return ImageFont.truetype(str(FONTS / name), size)
    except OSError:
        pass
    try:
        return ImageFont.load_default(size=size)
    except (TypeError, OSError):  # Pillow without FreeType: the small bitmap font
        return ImageFont.load_default()


def _rgb(colour: str) -> tuple[int, int, int]:
    return tuple(int(colour[i : i + 2], 16) for i in (1, 3, 5))


class _Painter:
    def __init__(self, world: World, width: int = WIDTH):
        self.world = world
        grid = world.grid
        self.scale = width / float(grid.x.max() + grid.hex_km)
        self.size = (width, int((grid.y.max() + grid.hex_km) * self.scale))
        self.base = self._base()
        self.font = _font(13, bold=True)
        self.small = _font(11)
        self.sides = {s: _rgb(world.scenario.sides[s].colour) for s in world.side_ids}

    def px(self, x: float, y: float) -> tuple[float, float]:
        return (x * self.scale, y * self.scale)

    def _base(self) -> Image.Image:
        w, h = self.size
        grid = self.world.grid
        xs = (np.arange(w) + 0.5) / self.scale
        ys = (np.arange(h) + 0.5) / self.scale
        xx, yy = np.meshgrid(xs, ys)
        hexes = grid.hex_at_xy(xx, yy)
        colours = np.array([_rgb(t.colour) for t in self.world.scenario.terrain.values()])
        rgb = np.where(
            (hexes >= 0)[..., None],
            colours[self.world.terrain[np.maximum(hexes, 0)]],
            np.array(OFF_MAP),
        ).astype(np.uint8)
        img = Image.fromarray(rgb, "RGB")
        draw = ImageDraw.Draw(img)
        m = self.world.scenario.map
        for river in m.rivers:
            colour, width = RIVER[str(river.river_class)]
            draw.line(self._line(river.points), fill=colour, width=width)
        for route in m.routes:
            colour, width = ROUTE[str(route.kind)]
            draw.line(self._line(route.points), fill=colour, width=width)
        font = _font(12)
        for place in m.places:
            x, y = self.px(*model.xy(self.world, place.lat, place.lon))
            named = str(place.kind) in NAMED_KINDS
            r = 3 if named else 2
            draw.rectangle((x - r, y - r, x + r, y + r), fill=INK if named else (90, 90, 90))
            if named:
                draw.text((x + 5, y - 7), place.name, fill=INK, font=font)
        return img

    def _line(self, points) -> list[tuple[float, float]]:
        return [self.px(*model.xy(self.world, lat, lon)) for lat, lon in points]

    def frame(self, snap: Snapshot, title: str) -> Image.Image:
        w, h = self.size
        img = Image.new("RGB", (w, h + CAPTION_H), PAPER)
        img.paste(self.base, (0, 0))
        draw = ImageDraw.Draw(img)
        for x, y in snap.battles:
            cx, cy = self.px(x, y)
            draw.line((cx - 17, cy - 17, cx + 17, cy + 17), fill=BATTLE, width=3)
            draw.line((cx - 17, cy + 17, cx + 17, cy - 17), fill=BATTLE, width=3)
        sides = self.world.side_ids
        for x, y, side, label, men in sorted(snap.markers, key=lambda m: -m[4]):
            cx, cy = self.px(x, y)
            r = 4 + min(9.0, np.sqrt(max(men, 0)) / 7.0)
            if any(s != side and abs(x - ox) + abs(y - oy) < 1.0 for ox, oy, s, *_ in snap.markers):
                shift = r * (
                    1 if sides.index(side) else -1
                )  # face to face, not one under the other
                cx, cy = cx + shift, cy + shift
            draw.ellipse((cx - r, cy - r, cx + r, cy + r), fill=self.sides[side], outline=INK)
            if label:
                draw.text((cx + r + 2, cy - 6), label, fill=INK, font=self.small)
        for x, y in snap.battles:  # the ring goes over the units fighting inside it
            cx, cy = self.px(x, y)
            draw.ellipse((cx - 17, cy - 17, cx + 17, cy + 17), outline=BATTLE, width=3)
        draw.rectangle((0, 0, w, 20), fill=(0, 0, 0))
        draw.text((6, 3), title, fill=PAPER, font=self.font)
        draw.text((6, h + 6), f"{snap.date.day} {snap.date:%B %Y}", fill=INK, font=self.font)
        for i, line in enumerate(textwrap.wrap(snap.caption, width=w // 7)[:4]):
            draw.text((6, h + 26 + 14 * i), line, fill=INK, font=self.small)
        return img


def _cluster(markers: list[tuple[float, float, str, str, int]], km: float):
    """Units of one side standing within `km` of each other become one marker."""
    out: list[list] = []
    for x, y, side, label, men in markers:
        for m in out:
            if m[2] == side and abs(m[0] - x) < km and abs(m[1] - y) < km:
                m[4] += men
                m[3] = m[3] or label
                break
        else:
            out.append([x, y, side, label, men])
    return [tuple(m) for m in out]


def history_snapshots(world: World, first: dt.date, last: dt.date) -> list[Snapshot]:
    """One snapshot per day of the real campaign from `first` to `last`."""
    tl = timeline_for(world)
    km = world.scenario.map.hex_km
    out = []
    day = first
    while day <= last:
        f = tl.frame(day)
        markers = [
            (u.x, u.y, u.side, u.label, u.strength) for u in f.units if u.status == "present"
        ]
        battles = [(e.x, e.y) for e in f.current if e.kind == "battle" and e.x is not None]
        entry = f.caption
        out.append(
            Snapshot(
                date=day,
                markers=_cluster(markers, km),
                battles=battles,
                caption=entry.caption if entry is not None else "",
                news=any(e.t0 == f.t for e in f.current),
            )
        )
        day += dt.timedelta(days=1)
    return out


def game_snapshots(replay, first: dt.date, last: dt.date) -> list[Snapshot]:
    """One snapshot per turn of a played game (its units at their hexes' centres)."""
    world = replay.world
    out = []
    for turn in range(world.turn_of(first), min(world.turn_of(last), replay.turns) + 1):
        end = replay.turn_start(turn + 1) if turn < replay.turns else replay.length
        state = replay.state_at(end)
        markers = []
        for u in np.flatnonzero(state.status == 1):
            h = int(state.hex[u])
            markers.append(
                (
                    float(world.grid.x[h]),
                    float(world.grid.y[h]),
                    world.side_ids[int(world.unit_side[u])],
                    "",
                    int(state.men[u, world.unit_arm[u]]),
                )
            )
        begin = replay.turn_start(turn)
        events = [e for s in replay.steps[begin:end] for e in s.events]
        battles = [
            (float(world.grid.x[e.data["target"]]), float(world.grid.y[e.data["target"]]))
            for e in events
            if e.kind == "battle"
        ]
        news = [e.text for e in events if e.kind in ("battle", "control", "commander")]
        out.append(
            Snapshot(
                date=world.date_of(turn),
                markers=_cluster(markers, world.scenario.map.hex_km),
                battles=battles,
                caption=news[-1] if news else "",
                news=bool(news),
            )
        )
    return out


def export_gif(
    world: World,
    path: str | Path,
    first: dt.date | None = None,
    last: dt.date | None = None,
    replay=None,
    width: int = WIDTH,
) -> ExportResult:
    """Write the GIF of the real campaign (or of a played game's `replay`) between two dates."""
    meta = world.scenario.meta
    first = model.clamp_date(world, first or meta.start)
    last = model.clamp_date(world, last or meta.end)
    if last < first:
        raise ValueError(f"--to {last} is before --from {first}")
    if replay is None:
        snaps = history_snapshots(world, first, last)
        title = f"{meta.title}: the campaign as it happened"
    else:
        snaps = game_snapshots(replay, first, last)
        title = f"{meta.title}: a played game (seed {replay.seed})"
    if not snaps:
        raise ValueError("nothing to draw between those dates")
    painter = _Painter(world, width)
    frames = [painter.frame(s, title) for s in snaps]
    palette = frames[0].quantize(colors=128, method=Image.Quantize.MEDIANCUT)
    indexed = [f.quantize(palette=palette, dither=Image.Dither.NONE) for f in frames]
    durations = [EVENT_MS if s.news else DAY_MS for s in snaps]
    if replay is not None:
        durations = [max(d, 600) for d in durations]
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    indexed[0].save(
        path,
        save_all=True,
        append_images=indexed[1:],
        duration=durations,
        loop=0,
        optimize=True,
    )
    return ExportResult(path, len(frames), path.stat().st_size, snaps[0].date, snaps[-1].date)
