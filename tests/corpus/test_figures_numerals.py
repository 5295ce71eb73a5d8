"""The numeral parser: the cases general-purpose converters get wrong."""

import pytest

from tanwen.corpus.figures.numerals import NumeralError, parse_number, parse_quantity, scaled


@pytest.mark.parametrize("text, value", [
    ("3.44", 3.44),
    ("1,029", 1029),
    ("2.3万亿", 2.3e12),
    ("1万", 1e4),
    ("4.5万", 45_000),
    ("8115.6亿", 8.1156e11),
    ("1269.99亿", 1.26999e11),
    ("一点二亿", 1.2e8),
    ("两亿", 2e8),
    ("十", 10),
    ("十五", 15),
    ("二十", 20),
    ("一百零五", 105),
    ("一千零一", 1001),
    ("三千二", 3200),
    ("一万五", 15_000),
    ("3万5千", 35_000),
    ("一亿两千万", 1.2e8),
    ("二〇二五", 2025),
    ("一九三二", 1932),
    ("千万", 1e7),
    ("百", 100),
    ("万亿", 1e12),
    ("１２", 12),
])
def test_parse_number(text, value):
    assert parse_number(text) == pytest.approx(value, rel=1e-12)


def test_magnitudes_are_exact():
    # Decimal arithmetic: no 2300000000000.0005.
    assert parse_number("2.3万亿") == 2.3e12
    assert scaled("2.3", "万亿") == 2.3e12
    assert scaled("8115.6", "亿") == 811_560_000_000.0
    assert scaled("两", "亿") == 2e8


@pytest.mark.parametrize("text, value, mark", [
    ("一百多万", 1e6, "多"),
    ("两亿多", 2e8, "多"),
    ("100多万", 1e6, "多"),
    ("3000多", 3000, "多"),
    ("20余", 20, "余"),
    ("1.7", 1.7, None),
])
def test_parse_quantity_keeps_the_approximation(text, value, mark):
    assert parse_quantity(text) == (pytest.approx(value), mark)


@pytest.mark.parametrize("text", ["", "abc", "点", "百分"])
def test_not_numbers(text):
    with pytest.raises(NumeralError):
        parse_number(text)
