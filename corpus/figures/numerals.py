"""Arabic and Chinese numerals → numbers.

`parse_number` reads everything the figures extractor meets in news text:

    3.44  1,029  2.3万亿  1万  100多万 (→ value, "多")  一百多万  一点二亿  两亿多  十  十五
    二〇二五  千万 (a bare magnitude: 10,000,000)  3万5千  一千零一

Arithmetic is done in `Decimal`, so `2.3万亿` is exactly 2.3e12, not 2300000000000.0005.
General-purpose converters get several of these wrong (cn2an fails on `2.3万亿` and
`一点二亿`); these cases are pinned by tests/corpus/test_figures_numerals.py.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from functools import lru_cache

CN_DIGITS = {
    "零": 0, "〇": 0, "○": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5,
    "六": 6, "七": 7, "八": 8, "九": 9,
    # Financial (大写) forms.
    "壹": 1, "贰": 2, "叁": 3, "肆": 4, "伍": 5, "陆": 6, "柒": 7, "捌": 8, "玖": 9,
}
CN_UNITS = {"十": 10, "拾": 10, "百": 100, "佰": 100, "千": 1000, "仟": 1000}
CN_MAGNITUDES = {"万": 10_000, "亿": 100_000_000}
APPROX_MARKS = ("多", "余", "几")

_FULL_WIDTH = str.maketrans("０１２３４５６７８９．，", "0123456789.,")
_ARABIC_CHARS = set("0123456789.")
_PLAIN = re.compile(r"\d+(?:\.\d+)?")


class NumeralError(ValueError):
    """The string is not a number this module can read."""


def _tokens(text: str) -> list[Decimal | str]:
    """Split into Arabic numbers (as Decimal) and single Chinese numeral characters."""
    tokens: list[Decimal | str] = []
    i = 0
    n = len(text)
    while i < n:
        char = text[i]
        if char in _ARABIC_CHARS:
            j = i
            while j < n and (text[j] in _ARABIC_CHARS or (text[j] == "," and j + 1 < n and text[j + 1].isdigit())):
                j += 1
            try:
                tokens.append(Decimal(text[i:j].replace(",", "")))
            except InvalidOperation:
                raise NumeralError(text) from None
            i = j
            continue
        tokens.append(char)
        i += 1
    return tokens


def _decimal_part(digits: str) -> Decimal:
    """`二五` (after 点) → 0.25."""
    value = "".join(str(CN_DIGITS[c]) for c in digits)
    return Decimal("0." + value)


# Cached: news text repeats its numerals (两个, 三年, 十项 …), and Decimal arithmetic costs
# more than finding the figure. Values are immutable; errors are not cached.
@lru_cache(maxsize=4096)
def parse_decimal(text: str) -> Decimal:
    """The value of a numeral string, as a Decimal. Raises NumeralError."""
    if _PLAIN.fullmatch(text):
        return Decimal(text)
    text = text.strip()
    if not text.isascii():
        text = text.translate(_FULL_WIDTH)
    if not text:
        raise NumeralError(text)
    # 一点二亿: split off the decimal part written with 点.
    if "点" in text:
        head, _, rest = text.partition("点")
        digits = ""
        for char in rest:
            if char in CN_DIGITS:
                digits += char
            else:
                break
        if not digits:
            raise NumeralError(text)
        tail = rest[len(digits):]
        whole = parse_decimal(head) if head else Decimal(0)
        number = whole + _decimal_part(digits)
        return number * _magnitude(tail) if tail else number
    tokens = _tokens(text)
    # 二〇二五, 一九三二: a run of digit characters is read digit by digit.
    if len(tokens) > 1 and all(isinstance(t, str) and t in CN_DIGITS for t in tokens):
        return Decimal("".join(str(CN_DIGITS[t]) for t in tokens))  # type: ignore[index]
    high = Decimal(0)       # the part already multiplied by 亿
    wan = Decimal(0)        # the part already multiplied by 万 (since the last 亿)
    section = Decimal(0)    # below 万: the sum of digit × 十/百/千
    number: Decimal | None = None
    for index, token in enumerate(tokens):
        if isinstance(token, Decimal):
            number = token
        elif token in CN_DIGITS:
            number = None if CN_DIGITS[token] == 0 else Decimal(CN_DIGITS[token])
        elif token in CN_UNITS:
            section += (number if number is not None else Decimal(1)) * CN_UNITS[token]
            number = None
        elif token == "万":
            chunk = section + (number or 0)
            wan = (chunk if chunk else Decimal(1)) * CN_MAGNITUDES["万"]
            section, number = Decimal(0), None
        elif token == "亿":
            chunk = high + wan + section + (number or 0)
            high = (chunk if chunk else Decimal(1)) * CN_MAGNITUDES["亿"]
            wan, section, number = Decimal(0), Decimal(0), None
        else:
            raise NumeralError(text)
    if number is not None and len(tokens) >= 2 and isinstance(tokens[-1], str):
        # 一万五, 三千二: a last digit right after 百/千/万/亿 counts one step below it.
        previous = tokens[-2]
        step = {"百": 10, "佰": 10, "千": 100, "仟": 100, "万": 1000, "亿": 10_000_000}.get(previous)  # type: ignore[arg-type]
        if step:
            number *= step
    return high + wan + section + (number or 0)


def _magnitude(text: str) -> Decimal:
    factor = Decimal(1)
    for char in text:
        if char in CN_MAGNITUDES:
            factor *= CN_MAGNITUDES[char]
        elif char in CN_UNITS:
            factor *= CN_UNITS[char]
        else:
            raise NumeralError(text)
    return factor


def parse_number(text: str) -> float:
    """The value of a numeral string: `2.3万亿` → 2.3e12, `十五` → 15.0. Raises NumeralError."""
    return float(parse_decimal(text))


_EXPONENTS = {"十": 1, "百": 2, "千": 3, "万": 4, "亿": 8}


@lru_cache(maxsize=4096)
def scaled(digits: str, magnitude: str | None = None) -> float:
    """`digits` times a magnitude written after it (`万`, `亿`, `万亿`…), exactly rounded:
    `scaled("2.3", "万亿")` → 2.3e12, `scaled("两", "亿")` → 2e8. Raises NumeralError."""
    exponent = 0
    if magnitude:
        for char in magnitude:
            if char not in _EXPONENTS:
                raise NumeralError(magnitude)
            exponent += _EXPONENTS[char]
    if "0" <= digits[0] <= "9":
        try:
            return float(f"{digits}e{exponent}") if exponent else float(digits)
        except ValueError:
            pass
    value = parse_decimal(digits)
    return float(value.scaleb(exponent)) if exponent else float(value)


def parse_quantity(text: str) -> tuple[float, str | None]:
    """A number with an approximation mark anywhere in it: `一百多万` → (1e6, "多"),
    `两亿多` → (2e8, "多"), `20余` → (20.0, "余"), `3000` → (3000.0, None)."""
    mark = next((m for m in APPROX_MARKS if m in text), None)
    if mark:
        text = text.replace(mark, "")
    return parse_number(text), mark


def is_chinese_numeral(text: str) -> bool:
    return bool(text) and all(c in CN_DIGITS or c in CN_UNITS or c in CN_MAGNITUDES or c == "点" for c in text)


__all__ = ["NumeralError", "parse_decimal", "parse_number", "parse_quantity", "scaled", "is_chinese_numeral",
           "CN_DIGITS", "CN_UNITS", "CN_MAGNITUDES"]
