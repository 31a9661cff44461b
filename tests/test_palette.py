"""The position palette stays readable for colour-blind readers.

Each colour is passed through a simulation of protanopia, deuteranopia and tritanopia (Machado,
Oliveira and Fernandes 2009, severity 1, applied in linear sRGB) and every pair of positions, and
each position against the map's "no recorded position" grey, must stay at least MIN_DISTANCE apart
in CIEDE2000 under every one of them. Pure Python: nothing here needs a colour library.
"""

import math
import re
from pathlib import Path

import pytest
from django.conf import settings

from initiatives.charts.figures import NO_POSITION_COLOUR
from initiatives.choices import POSITION_COLOURS, POSITION_DIRECTION, Position

# Two flat colours 15 CIEDE2000 apart are told apart at a glance; 2 is about the smallest visible step.
MIN_DISTANCE = 15.0

MACHADO_2009 = {
    "protanopia": (
        (0.152286, 1.052583, -0.204868),
        (0.114503, 0.786281, 0.099216),
        (-0.003882, -0.048116, 1.051998),
    ),
    "deuteranopia": (
        (0.367322, 0.860646, -0.227968),
        (0.280085, 0.672501, 0.047413),
        (-0.011820, 0.042940, 0.968881),
    ),
    "tritanopia": (
        (1.255528, -0.076749, -0.178779),
        (-0.078411, 0.930809, 0.147602),
        (0.004733, 0.691367, 0.303900),
    ),
}
VISIONS = ("normal vision", *MACHADO_2009)

SUPPORTIVE = [p for p, direction in POSITION_DIRECTION.items() if direction > 0]
OPPOSING = [p for p, direction in POSITION_DIRECTION.items() if direction < 0]
NEITHER = ["neutral", "abstains"]


def linear_rgb(hex_colour: str) -> tuple[float, float, float]:
    channels = [int(hex_colour.lstrip("#")[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    return tuple(c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels)


def simulate(rgb, vision: str):
    if vision == "normal vision":
        return rgb
    matrix = MACHADO_2009[vision]
    return tuple(min(1.0, max(0.0, sum(m * c for m, c in zip(row, rgb, strict=True)))) for row in matrix)


def lab(rgb) -> tuple[float, float, float]:
    """CIE L*a*b* (D65) of a linear sRGB colour."""
    r, g, b = rgb
    x = (0.4124564 * r + 0.3575761 * g + 0.1804375 * b) / 0.95047
    y = 0.2126729 * r + 0.7151522 * g + 0.0721750 * b
    z = (0.0193339 * r + 0.1191920 * g + 0.9503041 * b) / 1.08883

    def f(t):
        return t ** (1 / 3) if t > 216 / 24389 else (24389 / 27 * t + 16) / 116

    fx, fy, fz = f(x), f(y), f(z)
    return 116 * fy - 16, 500 * (fx - fy), 200 * (fy - fz)


def ciede2000(lab1, lab2) -> float:
    """CIEDE2000 colour difference (Sharma, Wu and Dalal 2005), kL = kC = kH = 1."""
    (l1, a1, b1), (l2, a2, b2) = lab1, lab2
    c_mean = (math.hypot(a1, b1) + math.hypot(a2, b2)) / 2
    g = 0.5 * (1 - math.sqrt(c_mean**7 / (c_mean**7 + 25**7)))
    a1, a2 = (1 + g) * a1, (1 + g) * a2
    c1, c2 = math.hypot(a1, b1), math.hypot(a2, b2)
    h1 = math.degrees(math.atan2(b1, a1)) % 360 if c1 else 0.0
    h2 = math.degrees(math.atan2(b2, a2)) % 360 if c2 else 0.0
    if c1 * c2 == 0:
        dh, h_mean = 0.0, h1 + h2
    else:
        dh = h2 - h1 if abs(h2 - h1) <= 180 else h2 - h1 - 360 if h2 > h1 else h2 - h1 + 360
        h_mean = (h1 + h2) / 2 if abs(h1 - h2) <= 180 else (h1 + h2 + 360 * (1 if h1 + h2 < 360 else -1)) / 2
    dl, dc = l2 - l1, c2 - c1
    d_big_h = 2 * math.sqrt(c1 * c2) * math.sin(math.radians(dh / 2))
    l_mean, c_mean = (l1 + l2) / 2, (c1 + c2) / 2
    t = (
        1
        - 0.17 * math.cos(math.radians(h_mean - 30))
        + 0.24 * math.cos(math.radians(2 * h_mean))
        + 0.32 * math.cos(math.radians(3 * h_mean + 6))
        - 0.20 * math.cos(math.radians(4 * h_mean - 63))
    )
    s_l = 1 + 0.015 * (l_mean - 50) ** 2 / math.sqrt(20 + (l_mean - 50) ** 2)
    s_c = 1 + 0.045 * c_mean
    s_h = 1 + 0.015 * c_mean * t
    r_t = (
        -2
        * math.sqrt(c_mean**7 / (c_mean**7 + 25**7))
        * math.sin(math.radians(60 * math.exp(-(((h_mean - 275) / 25) ** 2))))
    )
    return math.sqrt(
        (dl / s_l) ** 2 + (dc / s_c) ** 2 + (d_big_h / s_h) ** 2 + r_t * (dc / s_c) * (d_big_h / s_h)
    )


def seen(hex_colour: str, vision: str):
    return lab(simulate(linear_rgb(hex_colour), vision))


def lch(hex_colour: str) -> tuple[float, float, float]:
    lightness, a, b = seen(hex_colour, "normal vision")
    return lightness, math.hypot(a, b), math.degrees(math.atan2(b, a)) % 360


def closest_pairs(colours: dict) -> list[tuple[float, str, str, str]]:
    names = list(colours)
    return sorted(
        (ciede2000(seen(colours[a], vision), seen(colours[b], vision)), vision, a, b)
        for vision in VISIONS
        for i, a in enumerate(names)
        for b in names[i + 1 :]
    )


@pytest.mark.parametrize(
    ("lab1", "lab2", "expected"),
    [  # From the published test data of Sharma, Wu and Dalal (2005).
        ((50, 2.6772, -79.7751), (50, 0, -82.7485), 2.0425),
        ((50, 2.5, 0), (73, 25, -18), 27.1492),
        ((50, 2.49, -0.001), (50, -2.49, 0.0011), 7.2195),
        ((2.0776, 0.0795, -1.135), (0.9033, -0.0636, -0.5514), 0.9082),
    ],
)
def test_the_colour_difference_matches_the_published_ciede2000_pairs(lab1, lab2, expected):
    assert ciede2000(lab1, lab2) == pytest.approx(expected, abs=1e-4)


def test_the_simulation_merges_the_pair_readers_reported():
    # Issue 13: the old purple "proposes" and navy "ratifies" looked alike to colour-blind readers.
    old_proposes, old_ratifies = "#4a1486", "#08306b"
    assert ciede2000(seen(old_proposes, "deuteranopia"), seen(old_ratifies, "deuteranopia")) < 5
    assert ciede2000(seen(old_proposes, "normal vision"), seen(old_ratifies, "normal vision")) > 15


def test_every_position_has_a_colour():
    assert set(Position.values) | {"abstains"} <= {str(key) for key in POSITION_COLOURS}


def test_no_two_positions_merge_under_any_common_colour_vision_deficiency():
    colours = {str(k): v for k, v in POSITION_COLOURS.items()}
    colours["no recorded position"] = NO_POSITION_COLOUR
    distance, vision, a, b = closest_pairs(colours)[0]
    assert distance >= MIN_DISTANCE, f"{a} and {b} are only {distance:.1f} apart under {vision}"


def test_supportive_positions_are_cool_colours_and_opposing_ones_warm():
    for position in SUPPORTIVE:
        _, chroma, hue = lch(POSITION_COLOURS[position])
        assert 180 <= hue <= 300 and chroma > 20, position
    for position in OPPOSING:
        _, chroma, hue = lch(POSITION_COLOURS[position])
        assert 30 <= hue <= 90 and chroma > 20, position
    for position in NEITHER:
        assert lch(POSITION_COLOURS[position])[1] < 15, position


def test_lightness_runs_from_the_strongest_act_to_the_weakest_within_a_family():
    def lightness(position):
        return lch(POSITION_COLOURS[position])[0]

    assert lightness(Position.RATIFIES) < lightness(Position.SIGNS) < lightness(Position.SUPPORTS)
    assert lightness(Position.WITHDRAWS) < lightness(Position.OPPOSES) < lightness(Position.DECLINES)


def relative_luminance(hex_colour: str) -> float:
    r, g, b = linear_rgb(hex_colour)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def test_every_badge_is_drawn_in_its_colour_with_text_of_at_least_aa_contrast():
    css = Path(settings.BASE_DIR, "static/css/app.css").read_text()
    for position, colour in POSITION_COLOURS.items():
        rule = re.search(
            rf"\.badge\.pos-{str(position)} {{ background: (#\w{{6}}); color: (#\w{{3,6}}); }}", css
        )
        assert rule, f"no badge rule for {position}"
        background, text = rule.groups()
        assert background == colour, position
        text = text if len(text) == 7 else "#" + "".join(c * 2 for c in text[1:])
        lighter, darker = sorted((relative_luminance(background), relative_luminance(text)), reverse=True)
        assert (lighter + 0.05) / (darker + 0.05) >= 4.5, position
