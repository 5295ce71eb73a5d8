"""What a figure measures, read from its sentence.

No parser, only short lists of function words: the sentences of news statistics have a few
shapes, and the metric is found from the clause around the figure (clauses end at ，；：。、
and ——):

- `…经费投入强度达到3.44%`, `总投资1896.1亿元`: the words before the figure, without the
  linking verb (达到, 为, 突破 …), leading time words and connectives;
- `建设29家全国重点实验室`, `56所高校`: for counts, the noun after the measure word;
- `获500万元绿色保理款`, `最终实现100%检出率`: the noun after the figure when the words
  before it are a verb, not a measured quantity;
- `同比增长12.8%`, `下降至42公斤左右`: nothing of its own — the metric of the figure
  before it in the sentence;
- years and dates: the event they date (`2024年2月，习近平总书记在天津考察`), the
  document they are the period of (`《…方案(2025—2027年)》`), or 拍摄日期 for a photo date.
"""

from __future__ import annotations

import re

from tanwen.corpus.figures.patterns import NOT_CLAUSE_BREAK, trie_pattern

# Words that end a noun phrase read after a figure.
_STOP_CHARS = "在将已向被把对于与的等绕以(（)）《"
_STOP_WORDS = (
    "入选", "落户", "建立", "建设", "实现", "推出", "推动", "推进", "获评", "获", "落地", "完成",
    "成为", "覆盖", "进行", "开展", "参与", "发布", "入驻", "形成", "开通", "投资", "布局", "带动",
    "提供", "持续", "加快", "全覆盖", "目前", "联合", "实施", "一次", "达到", "达", "超过", "突破",
    "降至", "降到", "降为", "升至", "升到", "增至", "增加到", "增长到", "提高到", "下降到", "减少到",
    "精简到", "压缩到", "扩大到", "缩小到", "减至", "缩减到", "上升到", "提升到", "发展到", "调整到",
)
_AFTER_STOP_WORDS = f"[{re.escape(_STOP_CHARS)}]|{trie_pattern(_STOP_WORDS)}"
_AFTER_STOP = re.compile(_AFTER_STOP_WORDS)
# What `noun_after` reads, matched in the block text right after a figure instead of in a
# copy of the rest of its clause: the leading 的 and quotes, then (group 1) everything up to a
# word of _AFTER_STOP or a clause break (see context._noun_after). Characters that start
# neither are taken by the run of the first alternative, without trying the words.
_PLAIN = re.escape("".join(sorted(set(_STOP_CHARS) | {w[0] for w in _STOP_WORDS} | set("，,；;：:。！？!?、—…”"))))
NOUN_AFTER = re.compile(
    rf"(?:[的“\"' ]|”(?!“))*+((?:[^{_PLAIN}]++|(?!{_AFTER_STOP_WORDS}){NOT_CLAUSE_BREAK})*+)"
)
_LEAD = (
    "其中", "此外", "同时", "另外", "而且", "并且", "截至目前", "目前", "如今", "当前", "眼下",
    "现在", "今年以来", "今年", "去年", "前年", "明年", "近年来", "以来", "来", "起", "内", "的",
    "在", "截至", "计划", "预计", "共同", "还", "也", "已经", "已", "并", "而", "且", "将其", "就",
    "同样是", "先后", "创下", "以", "比上年", "比去年", "较上年", "较去年", "比上年同期", "比去年同期", "较上年同期", "较去年同期",
    "同比", "环比", "实际", "上年同期", "去年同期", "比年初", "较年初", "比上月", "比现在", "比上年末", "比去年底",
)
_TRAIL = (
    "同比增长", "同比提高", "同比下降", "同比增加", "同比", "增长", "增加", "下降", "减少", "降低",
    "提高", "提升", "上升", "推高", "达到", "突破", "高达", "提至", "拓展至", "扩容至", "已经",
    "已", "达", "为", "到", "至", "从", "就有", "的", "共", "累计", "分别", "将", "了", "超", "近",
    "总计", "合计", "共计", "最终实现", "实现", "完成", "喜获", "获", "提供", "年产", "建成", "发放",
    "新增", "引进", "培育", "孵化", "积累", "开通", "联通", "覆盖", "落地", "推出", "拥有", "包括",
    "建设", "每年", "预计", "约为", "占", "还", "进入", "最大", "最多", "最高", "来", "现有",
    "增产", "减产", "增收", "减收", "稳定在", "保持在", "控制在", "维持在",
)
_EDGE = "[ \u3000·…—-]*"
# Word lists as regex tries (longest word first, as a length-sorted alternation would).
_LEAD_RE = re.compile(f"{_EDGE}(?:(?:{trie_pattern(_LEAD)}){_EDGE})+")
_LEAD_FIRST = frozenset(w[0] for w in _LEAD) | frozenset(" \u3000·…—-")
# Trailing words are stripped by matching their reversal at the start of the reversed phrase:
# one anchored match instead of a search that tries every position.
_TRAIL_REVERSED = re.compile(f"{_EDGE}(?:(?:{trie_pattern([w[::-1] for w in _TRAIL])}){_EDGE})+")
_TRAIL_LAST = frozenset(w[-1] for w in _TRAIL) | frozenset(" \u3000·…—-")
# A clause ending in one of these names a measured quantity: 强度, 营业收入, 自发电率 …
METRIC_NOUNS = (
    "量", "率", "额", "值", "数", "规模", "收入", "投入", "增速", "比重", "占比", "强度", "产值", "营收",
    "利润", "总值", "总量", "人数", "指数", "面积", "深度", "高度", "长度", "年龄", "价格", "成本", "产量",
    "产能", "资产", "资本", "投资", "贷款", "出口", "进口", "消费", "金额", "经费", "支出", "税收", "排名",
    "比例", "份额", "速度", "效率", "时长", "目标", "资助", "奖励", "增资", "收益", "营业额", "产出",
)
# 将厂区的自发电率推高到: the object of 将/把 is what is measured (not 将达到: future tense).
_OBJECT_SPLIT = re.compile(r".*(?:将|把|让|使)(?!达|超|突破|增|提|成为|实现|在|于|为)")
_METRIC_LAST = frozenset(noun[-1] for noun in METRIC_NOUNS)
_PUNCT_EDGES = " \u3000·…—-"
_QUOTES = "“”‘’\"'「」『』"
MAX_METRIC = 32
# A phrase `clean` leaves as it is (most of them): no bracket or double quote anywhere, and
# nothing at either end that it strips. One match instead of the steps below.
_UNBALANCED = "()“”（"
_EDGE_STRIPPED = "".join(sorted(_LEAD_FIRST | _TRAIL_LAST | set(_PUNCT_EDGES + _QUOTES + _UNBALANCED)))
# (The run is possessive and the last character checked behind it: a phrase that fails is
# not tried again at every shorter length.)
_CLEAN_ALREADY = re.compile(
    f"[^{re.escape(_EDGE_STRIPPED)}](?:[^{re.escape(_UNBALANCED)}]*+(?<=[^{re.escape(_EDGE_STRIPPED)}]))?"
).fullmatch


def clean(phrase: str) -> str:
    """Strip connectives and time words at the start, linking verbs at the end."""
    if not phrase or _CLEAN_ALREADY(phrase):
        return phrase
    return _clean(phrase)


def _clean(phrase: str) -> str:
    if "()" in phrase or "（）" in phrase:
        phrase = phrase.replace("()", "").replace("（）", "")
    if phrase and phrase[0] in _LEAD_FIRST:
        lead = _LEAD_RE.match(phrase)
        if lead:
            phrase = phrase[lead.end():]
    if phrase and phrase[-1] in _TRAIL_LAST:
        trail = _TRAIL_REVERSED.match(phrase[::-1])
        if trail:
            phrase = phrase[:len(phrase) - trail.end()]
    if "“" in phrase or "”" in phrase:
        if phrase.count("“") != phrase.count("”"):
            phrase = phrase.replace("“", "").replace("”", "")
    if "(" in phrase or ")" in phrase:
        if phrase.count("(") != phrase.count(")"):
            phrase = phrase.replace("(", "").replace(")", "")
    return phrase.strip(_PUNCT_EDGES + _QUOTES) if len(phrase) <= 2 else phrase.strip(_PUNCT_EDGES)


def noun_after(text: str) -> tuple[str, str]:
    """(the noun phrase at the start of `text`, the verb phrase when it starts with a verb)."""
    stripped = text.lstrip("的“”\"' ")
    stop = _AFTER_STOP.search(stripped)
    if stop is None:
        noun = stripped
    elif stop.start() == 0:
        return "", clean(stripped[:MAX_METRIC])
    else:
        noun = stripped[: stop.start()]
    return clean_noun(noun), ""


def clean_noun(noun: str) -> str:
    """A noun phrase read after a figure: without a trailing 和/及/与/或/、, cleaned."""
    noun = noun.rstrip("和及与或、")
    return noun if not noun or _CLEAN_ALREADY(noun) else _clean(noun)


_COUNTED = frozenset({"count", "ordinal"})


def quantity_metric(before: str, after: str, kind: str, rest_of_clause: str = "") -> str | None:
    """The metric of a quantity from the clause text before and after it (None: inherit)."""
    if kind == "duration":
        # 连续3年入选…, 不到三天就发放…, 以一个半小时绕地球一周: the span of what.
        phrase = clean(_measured_object(before) + rest_of_clause)
        return phrase[:MAX_METRIC] if len(phrase) >= 2 else None
    noun, verb_phrase = noun_after(after) if after else ("", "")
    return metric_of(before, noun, verb_phrase, kind)


def _measured_object(before: str) -> str:
    """将厂区的自发电率推高到: the object of 将/把 is what is measured."""
    match = _OBJECT_SPLIT.match(before)
    if match and len(before) - match.end() >= 2:
        return before[match.end():]
    return before


# The characters the words before a figure can end with and still name a measured quantity
# once cleaned (`clean` changes the end of a phrase only at these). Words ending otherwise do
# not: then a noun read after the figure, if any, is its metric (see metric_of).
MEASURED_MAY_END = _METRIC_LAST | _TRAIL_LAST | frozenset(_PUNCT_EDGES + _QUOTES + "()（）")


def metric_of(before: str, noun: str, verb_phrase: str, kind: str) -> str | None:
    """The metric of a quantity other than a duration, from the clause text before it and
    what `noun_after` reads after it (None: inherit)."""
    if "将" in before or "把" in before or "让" in before or "使" in before:
        before = _measured_object(before)
    head = before if not before or _CLEAN_ALREADY(before) else _clean(before)
    if len(head) < 2:
        head = ""
        measured = False
    else:
        if len(head) > MAX_METRIC:
            head = head[-MAX_METRIC:]      # the head noun of a long phrase is at its end
        measured = head[-1] in _METRIC_LAST and head.endswith(METRIC_NOUNS)
    if kind in _COUNTED:
        if noun and not measured:
            return noun
        if head and (measured or len(head) >= 4):
            return head
        return verb_phrase or head or None
    if measured:
        return head
    return noun or head or verb_phrase or None
