"""The displayed text's differences from the folded one: a byte each into a palette of the
255 most frequent characters, the others listed apart; any stretch reads back as shown."""

import random
import sys

import pytest

from tanwen.search.display_differences import RARE, DisplayDifferences


def _texts() -> tuple[str, str]:
    """A folded text and its display: frequent full-width commas, and 600 distinct rarer
    characters (more than the palette holds), over several stretches of 65,536."""
    rng = random.Random(4)
    folded, shown = [], []
    for i in range(200_000):
        char = chr(0x4E00 + rng.randrange(3000))
        folded.append(char)
        roll = rng.random()
        shown.append("，" if roll < 0.05 else chr(0x3400 + rng.randrange(600)) if roll < 0.08 else char)
    return "".join(folded), "".join(shown)


def _read_back(differences: DisplayDifferences) -> DisplayDifferences:
    return DisplayDifferences.read(differences.parts(), sys.byteorder)


def test_every_stretch_reads_back_as_displayed_with_rare_characters():
    folded, shown = _texts()
    read = _read_back(DisplayDifferences.between(folded, shown))
    assert len(read.palette) == RARE and len(read.rare) > 100
    assert read.applied(folded, 0) == shown
    rng = random.Random(1)
    for _ in range(300):
        start = rng.randrange(len(folded))
        end = min(len(folded), start + rng.choice((1, 30, 400, 70_000)))
        assert read.applied(folded[start:end], start) == shown[start:end]


def test_no_differences():
    read = _read_back(DisplayDifferences.between("天津", "天津"))
    assert read.applied("天津", 0) == "天津" and read.last_offset() == -1


def test_places_that_do_not_fit_the_rare_list_are_refused_where_read():
    folded, shown = _texts()
    differences = DisplayDifferences.between(folded, shown)
    places = differences.places.copy()
    common = int((places != RARE).argmax())
    places[common] = RARE                 # one rare place more than the rare list holds
    parts = differences.parts()
    parts[3] = places.tobytes()
    read = DisplayDifferences.read(parts, sys.byteorder)
    offset = read.offsets.at(common)
    with pytest.raises(ValueError):
        read.applied(folded[offset - 5:offset + 5], offset - 5)


def test_parts_cut_short_are_refused():
    parts = DisplayDifferences.between(*_texts()).parts()
    for cut in (0, 4, 6):
        damaged = list(parts)
        damaged[cut] = damaged[cut][:-1]
        with pytest.raises(ValueError):
            DisplayDifferences.read(damaged, sys.byteorder)
