"""The regular expressions that find figure candidates, and the tables of units.

Matching runs on the block's text, folded only where folding changes what a figure reads as
(`figure_fold`: full-width digits, traditional characters), with a length-preserving fold, so
every offset found here is an offset into what the reader sees. `TRIGGER` finds the places a
candidate can start (numeral runs, 今年/去年/明年) in one C-level scan; `extract._scan` then
tries, at each, the one small pattern that fits what the run starts and is followed by (a
year, a month, an ordinal after 第, a quantity after 超过 …). `DETAILED` holds every
alternative with its named groups; `MASTER` is all of them at once (the reference: same
candidates, several times slower).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache



def trie_pattern(words) -> str:
    """An alternation of `words` as a regex trie, so that matching dispatches on each
    character instead of trying every word in turn (longest match first)."""
    trie: dict = {}
    for word in words:
        node = trie
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}

    def build(node: dict) -> str:
        ends = "" in node
        branches = [re.escape(char) + build(child) for char, child in node.items() if char != ""]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        if ends:
            return "(?:" + body + ")?"
        return body

    first = "".join(sorted({re.escape(w[0]) for w in words}))
    return f"(?=[{first}])" + build(trie)


# ---- numerals ----------------------------------------------------------------------------

CN_NUM_CHARS = "零〇一二两三四五六七八九十百千万亿"
CN_NUMBER = f"[{CN_NUM_CHARS}]++(?:点[零〇一二三四五六七八九]++)?"
# Not after a Latin letter or a digit: G7, ISO9001, A股 are names. Atomic: a number that
# has no unit after it fails at once instead of retrying with fewer digits.
ARABIC_NUMBER = r"(?<![A-Za-z0-9.])(?>(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?)"
NUMBER = f"(?:{ARABIC_NUMBER}|{CN_NUMBER})"
APPROX = "(?:多|余|几)"
# 千 before 瓦/米/克 is the unit's (252千瓦时, 120万千瓦), not a magnitude.
MAGNITUDE = "(?:[百万亿]|千(?![瓦米克]))++"
RANGE_SEP = r"\s*[—–\-~至到]\s*"

# ---- units ------------------------------------------------------------------------------
# folded unit → (kind, unit as reported). None as reported unit: keep the measure word as
# written (家, 项, 艘 …). Latin units are reported as written in the text (P, kW …).

PERCENT_UNITS = {"%": ("percent", "%"), "‰": ("percent", "‰")}
POINT_UNITS = {"个百分点": ("percentage_point", "个百分点"), "百分点": ("percentage_point", "个百分点")}
MONEY_UNITS = {u: ("money", u) for u in (
    "元", "美元", "欧元", "日元", "港元", "港币", "英镑", "韩元", "澳元", "加元", "卢布", "人民币",
)}
MULTIPLE_UNITS = {"倍": ("multiple", "倍")}
DURATION_UNITS = {
    "年": ("duration", "年"), "个年头": ("duration", "年"), "个月": ("duration", "月"),
    "个多月": ("duration", "月"), "个多小时": ("duration", "小时"), "个多星期": ("duration", "周"), "周": ("duration", "周"), "个星期": ("duration", "周"),
    "星期": ("duration", "周"), "天": ("duration", "天"), "个小时": ("duration", "小时"),
    "小时": ("duration", "小时"), "分钟": ("duration", "分钟"), "秒": ("duration", "秒"),
    "个季度": ("duration", "季度"), "季度": ("duration", "季度"),
}
MEASURE_UNITS = {u: ("measure", u) for u in (
    "吨", "公斤", "千克", "克", "斤", "公里", "千米", "米", "厘米", "毫米", "微米", "纳米",
    "平方公里", "平方千米", "平方米", "立方米", "公顷", "亩", "升", "毫升", "千瓦时", "千瓦",
    "兆瓦", "吉瓦", "瓦", "标箱", "标准箱", "岁", "海里", "摄氏度", "℃", "度电", "度",
)}
LATIN_UNITS = {u: ("measure", None) for u in (
    "p", "pf", "pflops", "ef", "eflops", "pb", "tb", "gb", "mb", "eb", "kw", "kwh", "mw", "gw",
    "km", "kg", "mm", "cm", "nm", "μm", "teu", "ghz", "mhz", "gbps", "mbps", "tops",
)}
COUNT_WORDS = (
    "家", "项", "个", "人", "人次", "人口", "名", "位", "艘", "架", "颗", "座", "所", "件", "条",
    "只", "列", "辆", "台", "套", "种", "支", "场", "处", "部门", "部", "届", "轮", "批", "类", "张",
    "次", "户", "栋", "幢", "根", "组", "例", "宗", "笔", "枚", "款", "本", "篇", "份", "片", "块",
    "株", "棵", "层", "家次", "单", "间", "起", "口", "箱", "头",
)
COUNT_UNITS = {u: ("count", u) for u in COUNT_WORDS}
COUNT_UNITS["大"] = ("count", None)      # 五大服务, 三大问题: N major …
# 三成 is 30%: reported as None here so that the fast paths leave it to `extract._quantity`,
# which scales it.
SHARE_UNITS = {"成": ("percent", None)}

UNITS: dict[str, tuple[str, str | None]] = {}
for table in (SHARE_UNITS, COUNT_UNITS, MEASURE_UNITS, LATIN_UNITS, DURATION_UNITS, MULTIPLE_UNITS,
              MONEY_UNITS, POINT_UNITS, PERCENT_UNITS):
    UNITS.update(table)

# Chinese numerals are figures only before these (二氧化碳, 六链五群, 三地, 四川 are not).
CN_UNIT_OK = (set(COUNT_WORDS) | set(MONEY_UNITS) | set(MEASURE_UNITS) | set(DURATION_UNITS)
              | {"大", "倍", "个百分点", "百分点", "成"}) - {"单", "本", "片", "块", "部", "层", "场", "克", "瓦", "度"}

_LATIN = "|".join(sorted((re.escape(u) for u in LATIN_UNITS), key=len, reverse=True))
_HAN_UNITS = trie_pattern([u for u in UNITS if u not in LATIN_UNITS])
UNIT = f"(?:{_HAN_UNITS}|(?=[A-Za-zμ])(?i:{_LATIN})(?![A-Za-z0-9]))"

# ---- qualifiers ---------------------------------------------------------------------------

PREFIX_QUALIFIERS = (
    "大约", "约", "将近", "接近", "近", "超过", "超", "逾", "不少于", "不低于", "不超过", "不到",
    "不足", "低于", "少于", "高于", "最高", "最多", "最少", "最低", "至少", "累计", "共计", "合计",
    "总计",
)
PREFIX = trie_pattern(PREFIX_QUALIFIERS)
# 多 only after time units (两年多), 级 only after measures (8微米级); checked in extract.py.
SUFFIX = trie_pattern(["以上", "左右", "以下", "以内", "上下", "多", "级"])

# ---- time --------------------------------------------------------------------------------

YEAR = r"(?:(?<![0-9.])(?:19|20)\d\d|[〇零一二三四五六七八九]{4})"
MONTH = r"(?:1[0-2]|0?[1-9]|十[一二]?|[一二三四五六七八九])"
DAY = r"(?:3[01]|[12]\d|0?[1-9]|三十一?|二十[一二三四五六七八九]?|十[一二三四五六七八九]?|[一二三四五六七八九])"
MONTH_PART = "底|初|末|上旬|中旬|下旬"
YEAR_PART = ("上半年|下半年|前[一二三1-3]季度|第?[一二三四1-4]季度|前(?:[1-9]|1[01]|[二三四五六七八九十]|十[一二])个月"
             "|初(?!步|见|期|心|衷|始|创|具)|底|末|度")
RELATIVE_YEARS = {"今年": 0, "本年": 0, "去年": -1, "上年": -1, "前年": -2, "明年": 1}

# ---- the alternatives, with their inner groups ------------------------------------------

DETAILED = {
    # 《瞭望》2025年第45期: a publication's issue, not a figure.
    "issue": r"(?:19|20)\d\d年第\d+期",
    # 2025—2027年, (2024—2027)
    "yrange": rf"(?P<y1>{YEAR})年?{RANGE_SEP}(?P<y2>{YEAR})(?:年|(?=\)))",
    # 2025年6月19日, 2024年2月, 2025年1—7月, 2024年底, 2025年上半年, 2023年度, 2024年
    "date": rf"(?P<y>{YEAR})年(?:(?P<m1>{MONTH})(?:月?{RANGE_SEP}(?P<m2>{MONTH}))?月"
            rf"(?:(?P<d>{DAY})日)?(?P<mpart>{MONTH_PART})?|(?P<ypart>{YEAR_PART}))?",
    # 今年上半年, 去年11月, 今年1至7月, 今年7月底
    "reldate": rf"(?P<rel>{'|'.join(RELATIVE_YEARS)})(?:(?P<m1>{MONTH})(?:月?{RANGE_SEP}(?P<m2>{MONTH}))?月"
               rf"(?:(?P<d>{DAY})日)?(?P<mpart>{MONTH_PART})?|(?P<ypart>{YEAR_PART}))",
    # 7月底, 6月, 8月7日 (the year is the article's)
    "monthdate": rf"(?<![0-9.])(?P<m1>1[0-2]|0?[1-9])(?:月?{RANGE_SEP}(?P<m2>1[0-2]|0?[1-9]))?月"
                 rf"(?:(?P<d>3[01]|[12]\d|0?[1-9])日|份)?(?P<mpart>{MONTH_PART})?",
    # 新华社北京十二月三十一日电: a month in Chinese numerals, with its day
    "cnmonthdate": r"(?<![零〇一二两三四五六七八九十百千万亿几])(?P<m1>十[一二]?|[一二三四五六七八九])月"
                   rf"(?P<d>{DAY})日",
    # 一季度, 前三季度, 第三季度 (of the article's year)
    "quarter": r"(?P<pre>前|第)?(?P<q>[一二三四1-4])季度",
    # 第1000艘, 第16个年头, 第二大; 前20强
    "ordinal": rf"第(?P<num>{ARABIC_NUMBER}|[{CN_NUM_CHARS}]+)(?P<unit>个年头|{_HAN_UNITS}|代|期)?"
               rf"|前(?P<top>{ARABIC_NUMBER}|[一二两三四五六七八九十百]+)(?P<topunit>强|名|位)",
    # 一个半小时, 两个半月
    "half": rf"(?P<num>{ARABIC_NUMBER}|[一二两三四五六七八九十]+)个半(?P<unit>小时|月|钟头)",
}


def quantity(number: str = NUMBER, *, prefix: bool = True, percent_words: bool = True) -> str:
    """超2.3万亿元, 100多万元, 42公斤左右, 10—20家, 百分之五十, 1.7个百分点. A number without
    a unit is not a figure (5G, 2.0版, 500强, 从0到1, list markers), so the unit is required.
    Variants without the prefix or 百分之 keep those groups, never matching."""
    never = "(?!)"
    pre = f"(?P<pre>{PREFIX})?" if prefix else f"(?P<pre>{never})?"
    # 100多万元 and 15万余人: 多/余 before or after the magnitude.
    body = (rf"(?P<num>{number})(?P<approx>{APPROX})?(?P<mag>{MAGNITUDE})?(?P<approxmag>[多余])?"
            rf"(?:(?P<sep>{RANGE_SEP})(?P<num2>{NUMBER})(?P<approx2>{APPROX})?(?P<mag2>{MAGNITUDE})?)?"
            rf"(?P<unit>{UNIT})(?P<half>半)?(?P<post>{SUFFIX})?")
    if percent_words:
        return rf"{pre}(?:(?P<pct>百分之)(?P<pnum>{NUMBER})|{body})"
    return rf"{pre}(?P<pct>{never})?(?P<pnum>{never})?{body}"


DETAILED["qty"] = quantity()

_NAMED = re.compile(r"\(\?P<([a-z0-9]+)>")


def _prefixed(name: str, pattern: str) -> str:
    return _NAMED.sub(lambda m: f"(?P<{name}_{m.group(1)}>", pattern)




def _alternatives(*names: str) -> re.Pattern:
    """One named group per alternative; the outer group closes last, so `match.lastgroup`
    names the alternative, and its inner groups are `<alternative>_<group>` (qty_num …)."""
    return re.compile("|".join(f"(?P<{name}>{_prefixed(name, DETAILED[name])})" for name in names))


def _variant(name: str, pattern: str) -> re.Pattern:
    return re.compile(f"(?P<{name}>{_prefixed(name, pattern)})")


MASTER = _alternatives(*DETAILED)
# The matchers `extract._scan` picks from by what the candidate starts with and what follows
# its numeral run: one small pattern per attempt is most of the scanning speed.
AT_YEAR = _alternatives("issue", "yrange", "date")
AT_MONTH = _alternatives("monthdate")
AT_CN_MONTH = _alternatives("cnmonthdate")
AT_HALF = _alternatives("half")
AT_RELATIVE = _alternatives("reldate")
AT_ORDINAL = _alternatives("quarter", "ordinal")
AT_QUALIFIER = _alternatives("qty")
AT_ARABIC = _variant("qty", quantity(ARABIC_NUMBER, prefix=False, percent_words=False))
AT_HAN_NUMERAL = re.compile(
    f"(?P<quarter>{_prefixed('quarter', DETAILED['quarter'])})"
    f"|(?P<qty>{_prefixed('qty', quantity(CN_NUMBER, prefix=False, percent_words=True))})"
)

# Every candidate starts at a numeral or a relative year (今年上半年), possibly after a word
# that belongs to it (超过, 第, 前, 今年 …). Scanning for these characters in C and trying a
# matcher only there is several times faster than MASTER.finditer, which tries every position.
_UNIT_FIRST = "".join(sorted({u[0] for u in UNITS if not u.isascii()} | set("多余几点个半年月日号至到—–-~分之第代期")))
LEAD_WORDS: tuple[frozenset[str], ...] = tuple(
    frozenset(w for w in (*PREFIX_QUALIFIERS, "第", "前", *RELATIVE_YEARS) if len(w) == k) for k in (0, 1, 2, 3)
)
LEAD_ENDS = frozenset(w[-1] for words in LEAD_WORDS for w in words)
# A digit run after these is not a figure start the fast path may take (每三吨, 2.0, v2 …).
FAST_NOT_AFTER = frozenset("每.ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")
# The fast path of `extract._scan`: an Arabic number, an optional magnitude and a Chinese unit
# (2449架, 12.8%, 2821亿元), not followed by what the full pattern would take in.
# The groups are (number, magnitude, unit).
FAST_QUANTITY = re.compile(
    rf"([0-9]++(?:\.[0-9]++)?)((?:[万亿百]|千(?![瓦米克]))?)((?>{_HAN_UNITS}))(?![以左上下多余级半])"
)
# The same after the first digit of a run, inside TRIGGER (groups: magnitude, unit). Only where
# `_scan` would take FAST_QUANTITY's match as it is: not after a lead word's last character
# (超, 第 …) or FAST_NOT_AFTER, not at what may be a year (2024年), not before 大 (N大 has
# no unit).
_FAST_AFTER_FIRST_DIGIT = (
    f"(?<![{re.escape(''.join(sorted(LEAD_ENDS | FAST_NOT_AFTER)))}][0-9])(?!(?<=[12])[0-9.]{{3}}年)"
    rf"[0-9]*+(?:\.[0-9]++)?((?:[万亿百]|千(?![瓦米克]))?)"
    f"((?>{trie_pattern([u for u in UNITS if u not in LATIN_UNITS and UNITS[u][1] is not None])}))"
    r"(?![以左上下多余级半])"
)
# One character class first, so the regex engine skips to candidates in C; the lookbehinds
# then take a digit run, a Chinese-numeral run followed by something unit-like, or 今年/去年 ….
# At a digit run that is a figure as it stands (2449架, 12.8%, 2821亿元: most figures), the
# match takes the figure whole and sets the groups (magnitude, unit): `_scan` needs no other
# match, and the scan goes on after the unit (not at 亿 in 2821亿元).
TRIGGER = re.compile(
    f"[0-9{CN_NUM_CHARS}今去明前本上]"
    f"(?:(?<=[0-9])(?:{_FAST_AFTER_FIRST_DIGIT}|[0-9]*(?:[.,][0-9]+)*)"
    f"|(?<=[{CN_NUM_CHARS}])[{CN_NUM_CHARS}]*(?=[{re.escape(_UNIT_FIRST)}])"
    f"|(?<=[今去明前本上])年)"
)
FAST_MAGNITUDES = {"万": "e4", "亿": "e8", "千": "e3", "百": "e2"}


_FULL_WIDTH_THAT_MATTERS = "０１２３４５６７８９％．～－ＡＢＣＤＥＦＧＨＩＪＫＬＭＮＯＰＱＲＳＴＵＶＷＸＹＺａｂｃｄｅｆｇｈｉｊｋｌｍｎｏｐｑｒｓｔｕｖｗｘｙｚ"


def contains_any(chars) -> Callable[[str], bool]:
    """A test of whether a text holds any of `chars`, run in C. One character class: the
    regex engine checks the characters up to U+FFFF against a bitmap — ten times faster
    than `frozenset.isdisjoint`, which hashes each character of a Chinese text in turn. A
    class that lists characters above U+FFFF is checked one by one (slower than both), so
    those are matched as the whole range above U+FFFF and then looked up in the set."""
    chars = frozenset(chars)
    low = sorted(char for char in chars if char <= "\uffff")
    high = len(low) < len(chars)
    search = re.compile(
        "[" + "".join(map(re.escape, low)) + ("\U00010000-\U0010ffff" if high else "") + "]").search
    if not high:
        return lambda text: search(text) is not None

    def contains(text: str) -> bool:
        found = search(text)
        return found is not None and (found.group() in chars or not chars.isdisjoint(text[found.start():]))

    return contains


@lru_cache(maxsize=1)
def figure_fold() -> tuple[Callable[[str], bool], dict[int, str]]:
    """(whether a text needs folding, the fold): the text the matcher sees is folded where folding
    changes what a figure reads as — full-width digits and signs, the minus sign, and every
    traditional character (約 餘 萬 種 組 類 層 輪 鐘 時 …), per character, so that the rules
    match on traditional text as on simplified. Length-preserving, so offsets stay valid;
    other text is matched as it is, which saves folding every block. Built on first use
    (the traditional table is read from a file)."""
    from tanwen.corpus.normalize import traditional_to_simplified

    # Not ， (U+FF0C): folded to "," it would join `3.5，4.2` into one number, as in 1,234.
    table = {code: chr(code - 0xFEE0) for code in range(0xFF01, 0xFF5F) if code != 0xFF0C}
    table[ord("−")] = "-"
    table.update((ord(traditional), simplified)
                 for traditional, simplified in traditional_to_simplified().items())
    # Full-width punctuation (，（) alone needs no folding: the rules read it as it is.
    needs = {chr(code) for code in table if not 0xFF01 <= code <= 0xFF5E} | set(_FULL_WIDTH_THAT_MATTERS)
    return contains_any(needs), table

# ---- context ------------------------------------------------------------------------------

# A sentence ends after its run of 。！？ (group 1: the run after its first character) and the
# closing quotes after them; the next one starts right after the run.
SENTENCE_END = re.compile(r"[。！？!?]([。！？!?]*)[”’」』)）]*")
# Clause breaks: `[，,；;：:。！？!?、]|——|……|”(?=“)` (a closing quote right before an opening
# one). Written to start with one character class, so that searching skips to candidates in
# C; the lookbehinds then tell the breaks apart.
CLAUSE_BREAK = re.compile(r"[，,；;：:。！？!?、—…”](?:(?<=[，,；;：:。！？!?、])|(?<=—)—|(?<=…)…|(?<=”)(?=“))")
# The same read backwards, on the reversed text (where “” swap places).
CLAUSE_BREAK_REVERSED = re.compile(
    r"[，,；;：:。！？!?、—…“](?:(?<=[，,；;：:。！？!?、])|(?<=—)—|(?<=…)…|(?<=“)(?=”))"
)
# One character where no clause break starts: a lone — or …, a ” not before “, anything but
# ，；：。！？、.
NOT_CLAUSE_BREAK = r"(?:[^，,；;：:。！？!?、—…”]|—(?!—)|…(?!…)|”(?!“))"
TITLE = re.compile(r"《[^《》]*》")
DIRECTION_WORDS = ("增长", "增加", "下降", "减少", "降低", "提高", "提升", "上升", "上涨", "下跌", "回升",
                   "攀升", "回落", "下滑", "扩大", "缩小", "推高", "降至", "升至", "增至", "降到", "升到",
                   "增产", "减产", "增收", "减收")
DIRECTION = re.compile(
    r"(?:同比|环比|比上年|较上年|比去年|较去年|比2\d{3}年)?"
    f"({'|'.join(DIRECTION_WORDS)})"
    r"了?(?:到|至|为)?$"
)
DIRECTION_BASE = {"降至": "下降", "降到": "下降", "升至": "上升", "升到": "上升", "增至": "增加"}
# The last character before a figure that has a direction (a quick test before the regex).
DIRECTION_LAST = frozenset(w[-1] for w in DIRECTION_WORDS) | frozenset("了到至为")
# 今年以来|去年以来|今年|去年|前年|明年|本年|上年, matched from its 年 (so that searching
# skips to candidates in C: 上 and 前 are everywhere, 年 after them is not); the word starts
# one character before the match.
RELATIVE_TIME = re.compile(r"年(?<=[今去前明本上]年)(?:(?<=[今去]年)以来)?")
