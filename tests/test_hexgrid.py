"""Hex maths: coordinates, neighbours, distance, lines and the geographic projection."""

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from game.engine.hexgrid import AXIAL_DIRECTIONS, HexGrid, axial_distance, opposite

GRID = HexGrid(47.4, 52.1, 101.5, 108.8, 10.0)


def test_grid_covers_bounds():
    assert GRID.cols * GRID.rows == GRID.size
    lat, lon = GRID.centre_latlon(np.arange(GRID.size))
    assert lat.min() < 47.5 and lat.max() <= 52.1 + 1e-9
    assert lon.min() >= 101.5 - 1e-9 and lon.max() > 108.6


def test_neighbours_are_adjacent_and_symmetric():
    for h in (0, GRID.cols + 5, GRID.size // 2, GRID.size - 1):
        for d in range(6):
            nb = GRID.neighbours[h, d]
            if nb < 0:
                continue
            assert GRID.distance(h, nb) == 1
            assert GRID.neighbours[nb, opposite(d)] == h
            # neighbour centres are one hex width apart
            assert abs(np.hypot(GRID.x[nb] - GRID.x[h], GRID.y[nb] - GRID.y[h]) - 10.0) < 1e-9


def test_edge_hexes_have_missing_neighbours():
    assert (GRID.neighbours[0] == -1).sum() >= 2


@given(st.integers(0, GRID.size - 1))
def test_centre_maps_back_to_its_hex(h):
    assert GRID.hex_at_xy(GRID.x[h], GRID.y[h]) == h
    lat, lon = GRID.centre_latlon(h)
    assert GRID.hex_at_latlon(lat, lon) == h


@given(st.integers(0, GRID.size - 1), st.floats(0, 2 * np.pi), st.floats(0, 4.9))
def test_points_near_centre_stay_in_hex(h, angle, r):
    # the inscribed circle has radius 5 km for 10-km hexes
    x = GRID.x[h] + r * np.cos(angle)
    y = GRID.y[h] + r * np.sin(angle)
    assert GRID.hex_at_xy(x, y) == h


@given(st.integers(-50, 50), st.integers(-50, 50), st.integers(-50, 50), st.integers(-50, 50))
def test_distance_is_a_metric(q1, r1, q2, r2):
    d = axial_distance(q1, r1, q2, r2)
    assert d == axial_distance(q2, r2, q1, r1)
    assert (d == 0) == ((q1, r1) == (q2, r2))
    assert d <= axial_distance(q1, r1, 0, 0) + axial_distance(0, 0, q2, r2)


def test_axial_directions_are_unit_steps():
    for dq, dr in AXIAL_DIRECTIONS:
        assert axial_distance(0, 0, dq, dr) == 1


@given(st.integers(0, GRID.size - 1), st.integers(0, GRID.size - 1))
def test_line_is_connected_and_as_long_as_distance(a, b):
    line = GRID.line(a, b)
    assert line[0] == a and line[-1] == b
    assert len(line) == GRID.distance(a, b) + 1
    for u, v in zip(line, line[1:], strict=False):
        assert GRID.distance(u, v) == 1


def test_urga_and_kyakhta_are_about_270_km_apart():
    # 273 km as the crow flies; a north-south hex path zigzags, so up to 2/sqrt(3) longer
    urga = GRID.hex_at_latlon(47.9167, 106.9167)
    kyakhta = GRID.hex_at_latlon(50.35, 106.45)
    km = GRID.distance(urga, kyakhta) * 10
    assert 260 <= km <= 273 * 2 / 3**0.5


def test_line_between_edge_hexes_stays_on_the_map():
    # Found by hypothesis: the lerp between these two edge hexes grazed a hex off the grid.
    line = GRID.line(105, 1271)
    assert min(line) >= 0 and len(line) == GRID.distance(105, 1271) + 1
    assert all(GRID.distance(u, v) == 1 for u, v in zip(line, line[1:], strict=False))
