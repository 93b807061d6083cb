"""Small charts drawn with pygame: lines over turns, a strip per objective, a scale of levels.

The after-action report needs a handful of plots, each a few hundred points: drawing them directly
costs less than a plotting library at start-up and keeps the game's look. Every function draws
inside a rectangle and copes with empty or flat data.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence

import numpy as np
import pygame

from game.i18n import _, format_number
from game.ui import theme
from game.ui.widgets import text

AXIS = (110, 118, 134)
GRID = (48, 54, 66)


def nice_step(v: float) -> float:
    """A round step at or above v (1, 2, 2.5, 5 × 10^k), so axis ticks read 0, 1k, 2k …"""
    if v <= 0 or not np.isfinite(v):
        return 1.0
    k = 10 ** np.floor(np.log10(v))
    for m in (1, 2, 2.5, 5, 10):
        if v <= m * k:
            return float(m * k)
    return float(10 * k)


def nice_max(v: float, ticks: int = 4) -> float:
    """The top of an axis from 0 to at least v in `ticks` round steps."""
    step = nice_step(v / ticks)
    return step * max(1, int(np.ceil(v / step - 1e-9)))


def short(v: float) -> str:
    """2500 → 2.5k; axis labels stay narrow (the decimal sign is the language's)."""
    v = 0.0 if abs(v) < 1e-9 else float(v)
    a = abs(v)
    if a >= 1000:
        k = round(v / 1000, 1)
        # TRANSLATORS: thousands on a chart's axis, abbreviated ("2.5k")
        return _("{n}k").format(n=format_number(k, 0 if k == int(k) else 1))
    return format_number(v) if a >= 10 or v == int(v) else format_number(v, 1)


def frame(surface: pygame.Surface, rect: pygame.Rect, title: str) -> pygame.Rect:
    """Panel background and title; the plotting area inside it."""
    pygame.draw.rect(surface, theme.PANEL_BG, rect, border_radius=6)
    pygame.draw.rect(surface, theme.PANEL_LINE, rect, 1, border_radius=6)
    t = text(title, 19, theme.ACCENT, True)
    surface.blit(t, (rect.x + theme.px(10), rect.y + theme.px(6)))
    top = rect.y + theme.px(10) + t.get_height()
    return pygame.Rect(
        rect.x + theme.px(46),
        top + theme.px(6),
        max(10, rect.w - theme.px(58)),
        max(10, rect.bottom - top - theme.px(30)),
    )


def line_chart(
    surface: pygame.Surface,
    rect: pygame.Rect,
    title: str,
    series: Sequence[tuple[str, tuple[int, int, int], np.ndarray]],
    x_labels: Sequence[str] = (),
    hline: tuple[float, str] | None = None,
    lo: float | None = 0.0,
    dashed: Collection[int] = (),
) -> None:
    """Lines over an x of 0…n−1 (turns); `hline` a dashed reference level with its label;
    the series numbered in `dashed` are drawn dashed, so they differ by more than colour."""
    plot = frame(surface, rect, title)
    values = [np.asarray(v, dtype=float) for _, _, v in series if len(v)]
    n = max((len(v) for v in values), default=0)
    if n == 0:
        t = text(_("no data"), 18, theme.TEXT_DIM)
        surface.blit(t, t.get_rect(center=plot.center))
        return
    allv = np.concatenate(values + ([np.array([hline[0]])] if hline else []))
    vmax = float(np.nanmax(allv))
    vmin = float(np.nanmin(allv)) if lo is None else lo
    if lo is None:  # the data's own range, zero included
        top = nice_max(vmax) if vmax > 0 else 0.0
        bottom = -nice_max(-vmin) if vmin < 0 else 0.0
    else:
        top, bottom = nice_max(vmax), lo
    if top == bottom:
        top = bottom + 1.0

    def y_of(v):
        return plot.bottom - (np.asarray(v) - bottom) / (top - bottom) * plot.h

    def x_of(i):
        return plot.x + np.asarray(i) * plot.w / max(1, n - 1)

    step = nice_step((top - bottom) / 4)
    bottom = np.floor(bottom / step + 1e-9) * step  # both ends on a tick
    top = np.ceil(top / step - 1e-9) * step
    for v in np.arange(bottom, top + step / 2, step):
        frac = (v - bottom) / (top - bottom)
        y = int(y_of(v))
        pygame.draw.line(surface, GRID if frac else AXIS, (plot.x, y), (plot.right, y))
        t = text(short(v), 15, theme.TEXT_DIM)
        surface.blit(t, t.get_rect(midright=(plot.x - 4, y)))
    if bottom < 0 < top:
        y = int(y_of(0))
        pygame.draw.line(surface, AXIS, (plot.x, y), (plot.right, y))
    if x_labels:
        x_axis_labels(surface, [(i, int(x_of(i))) for i in range(n)], x_labels, plot, rect)
    if hline is not None:
        y = int(y_of(hline[0]))
        for x in range(plot.x, plot.right, 10):
            pygame.draw.line(surface, theme.ACCENT, (x, y), (min(x + 5, plot.right), y), 2)
        t = text(hline[1], 15, theme.ACCENT)
        surface.blit(t, t.get_rect(bottomright=(plot.right - 2, y - 2)))
    legend_x = rect.right - theme.px(10)
    title_end = rect.x + theme.px(10) + text(title, 19, theme.ACCENT, True).get_width()
    sample = theme.px(18) if dashed else 0  # a stroke of each line's style before its name
    names_w = sum(
        text(name, 15, c, True).get_width() + theme.px(12) + sample for name, c, _values in series
    )
    show_legend = legend_x - names_w > title_end  # no room beside the title: the lines speak
    for k, (name, colour, v) in reversed(list(enumerate(series))):
        v = np.asarray(v, dtype=float)
        if len(v) >= 2:
            pts = list(zip(x_of(np.arange(len(v))).tolist(), y_of(v).tolist(), strict=True))
            if k in dashed:
                dashed_lines(surface, colour, pts, 3)
            else:
                pygame.draw.lines(surface, colour, False, pts, 3)
        elif len(v) == 1:
            pygame.draw.circle(surface, colour, (int(x_of(0)), int(y_of(v[0]))), 3)
        t = text(name, 15, colour, True)
        legend_x -= t.get_width()
        if show_legend:
            ly = rect.y + theme.px(9)
            surface.blit(t, (legend_x, ly))
            if sample:
                y = ly + t.get_height() // 2
                a, b = (legend_x - sample - theme.px(4), y), (legend_x - theme.px(4), y)
                if k in dashed:
                    dashed_lines(surface, colour, [a, b], 3, dash=6.0, gap=4.0)
                else:
                    pygame.draw.line(surface, colour, a, b, 3)
        legend_x -= theme.px(12) + sample


def dashed_lines(surface, colour, pts, width: int, dash: float = 9.0, gap: float = 6.0) -> None:
    """A polyline drawn in dashes that run on across its corners."""
    pos, on = 0.0, True  # distance into the current dash or gap
    for (x0, y0), (x1, y1) in zip(pts[:-1], pts[1:], strict=True):
        length = float(np.hypot(x1 - x0, y1 - y0))
        t = 0.0
        while t < length:
            step = min(length - t, (dash if on else gap) - pos)
            if on:
                a, b = t / length, (t + step) / length
                pygame.draw.line(
                    surface,
                    colour,
                    (x0 + (x1 - x0) * a, y0 + (y1 - y0) * a),
                    (x0 + (x1 - x0) * b, y0 + (y1 - y0) * b),
                    width,
                )
            t += step
            pos += step
            if pos >= (dash if on else gap) - 1e-9:
                pos, on = 0.0, not on


def x_axis_labels(surface, xs, labels, plot: pygame.Rect, rect: pygame.Rect) -> None:
    """Up to five labels under the axis, inside the panel, none overlapping the one before."""
    n = len(xs)
    last_right = -(10**9)
    for i in np.unique(np.linspace(0, n - 1, num=min(5, n)).round().astype(int)):
        if i >= len(labels):
            continue
        t = text(labels[i], 15, theme.TEXT_DIM)
        r = t.get_rect(midtop=(xs[i][1], plot.bottom + 3))
        if r.left < plot.x:  # the first and last labels stay inside the panel
            r.left = plot.x
        if r.right > rect.right - 2:
            r.right = rect.right - 2
        if r.left < last_right + 6:
            continue
        surface.blit(t, r)
        last_right = r.right


def strips(
    surface: pygame.Surface,
    rect: pygame.Rect,
    title: str,
    rows: Sequence[tuple[str, np.ndarray]],
    colours: dict[int, tuple[int, int, int]],
    x_labels: Sequence[str] = (),
    hatched: Collection[int] = (),
) -> None:
    """One strip per row over the turns, coloured by who held it (−1 nobody, 2 both sides);
    the holders in `hatched` are striped too, so they differ by more than colour."""
    plot = frame(surface, rect, title)
    if not rows:
        return
    label_w = min(theme.px(165), plot.w * 2 // 5)
    area = pygame.Rect(
        plot.x - theme.px(36) + label_w, plot.y, plot.w + theme.px(36) - label_w, plot.h
    )
    row_h = max(4, min(theme.px(22), area.h // len(rows)))
    n = max(len(r) for _, r in rows)
    colours = {**colours, -1: (58, 62, 72), 2: (150, 120, 200)}
    size = 15  # smaller names when the rows are thin (a big UI scale in a small panel)
    while size > 8 and theme.font(size).get_height() > row_h + 1:
        size -= 1
    for k, (name, held) in enumerate(rows):
        y = area.y + k * row_h
        t = text(name, size, theme.TEXT)
        if t.get_width() > label_w - 6:
            t = t.subsurface((0, 0, label_w - 6, t.get_height()))
        surface.blit(t, t.get_rect(midleft=(area.x - label_w, y + row_h // 2)))
        for i, side in enumerate(np.asarray(held).tolist()):
            x0 = area.x + i * area.w // n
            x1 = area.x + (i + 1) * area.w // n
            cell = pygame.Rect(x0, y + 1, max(1, x1 - x0), row_h - 2)
            colour = colours.get(side, (90, 90, 90))
            pygame.draw.rect(surface, colour, cell)
            if side in hatched:
                _hatch(surface, cell, theme.ink_on(colour), x0 - area.x)
    if x_labels:
        axis = pygame.Rect(area.x, area.y, area.w, len(rows) * row_h)
        xs = [(i, area.x + int((i + 0.5) * area.w / n)) for i in range(n)]
        x_axis_labels(surface, xs, x_labels, axis, rect)


def _hatch(surface, cell: pygame.Rect, colour, phase: int) -> None:
    """Diagonal stripes over a cell, continuous from one cell to the next along a strip."""
    step = max(5, theme.px(7))
    clip = surface.get_clip()
    surface.set_clip(cell.clip(clip) if clip else cell)
    start = cell.x - phase % step - (cell.h // step + 1) * step
    for x in range(start, cell.right + step, step):
        pygame.draw.line(surface, colour, (x, cell.bottom), (x + cell.h, cell.y), 1)
    surface.set_clip(clip)


def level_scale(
    surface: pygame.Surface,
    rect: pygame.Rect,
    levels: Sequence[tuple[float, str, tuple[int, int, int]]],
    markers: Sequence[tuple[float, str, tuple[int, int, int]]],
) -> None:
    """The victory levels as bands along the margin axis, with markers (history, this game)."""
    if not levels:
        return
    levels = sorted(levels)
    lows = [lv[0] for lv in levels]
    inner = [v for v in lows if v > -1e4] + [m[0] for m in markers]
    lo = min(inner) - 30
    hi = max(inner) + 30

    def x_of(v: float) -> int:
        v = min(max(v, lo), hi)
        return int(rect.x + (v - lo) / (hi - lo) * rect.w)

    bar = pygame.Rect(rect.x, rect.y + rect.h // 2 - theme.px(12), rect.w, theme.px(24))
    for i, (low, name, colour) in enumerate(levels):
        x0 = x_of(low)
        x1 = x_of(levels[i + 1][0]) if i + 1 < len(levels) else rect.right
        band = pygame.Rect(x0, bar.y, max(1, x1 - x0), bar.h)
        pygame.draw.rect(surface, colour, band)
        t = text(name, 15, theme.ink_on(colour), True)
        if t.get_width() < band.w - 6:
            surface.blit(t, t.get_rect(center=band.center))
    pygame.draw.rect(surface, theme.PANEL_LINE, bar, 1)
    for k, (v, label, colour) in enumerate(markers):
        x = x_of(v)
        above = k % 2 == 0
        y0, y1 = (bar.y - theme.px(6), bar.bottom + theme.px(6))
        pygame.draw.line(surface, colour, (x, y0), (x, y1), 3)
        t = text(label, 16, colour, True)
        r = t.get_rect(midbottom=(x, y0 - 1)) if above else t.get_rect(midtop=(x, y1 + 1))
        r.clamp_ip(rect.inflate(0, theme.px(40)))
        surface.blit(t, r)
