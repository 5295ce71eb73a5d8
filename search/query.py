"""The query language.

    新质生产力            a term: the string, anywhere (after folding: 創新 = 创新, ＡＩ = ai)
    天津 创新             space = AND
    天津 OR 北京          OR binds tighter than AND: `a b OR c` = a AND (b OR c)
    -北京, NOT 北京       without; alone, every block without it
    "天开实践 打造"       an exact string, spaces included
    tianjin, xzscl        pinyin or initials — when the letters occur nowhere literally
    pinyin:tianjin        pinyin matches as well as literal ones (also py:)
    heading:天开          blocks under a heading path containing 天开 (also section:)
    source:001            blocks of articles whose file name contains 001 (also article:)
    kind:caption          blocks of that kind

Parsing never fails: a query that does not parse (an unclosed quote, a dangling OR or NOT,
an unknown kind) is searched as one literal string, with a notice saying so.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from tanwen.corpus.block_kinds import BlockKind
from tanwen.corpus.normalize import fold

FIELD_ALIASES = {"heading": "heading", "section": "heading", "source": "source",
                 "article": "source", "kind": "kind", "pinyin": "pinyin", "py": "pinyin"}
KINDS = tuple(kind.value for kind in BlockKind)
_TOKEN = re.compile(r'"[^"]*"|"[^"]*$|\S+')


class QuerySyntaxError(ValueError):
    pass


@dataclass(frozen=True)
class Term:
    text: str                   # folded
    field: str | None = None    # None (the text), "heading", "source" or "kind"
    exact: bool = False         # quoted
    pinyin: bool = False        # also match Han text that reads as these letters

    @property
    def is_text(self) -> bool:
        return self.field is None


@dataclass
class Query:
    """AND of groups; each group is an OR of terms. `excluded` terms must not match."""

    raw: str
    groups: list[list[Term]] = field(default_factory=list)
    excluded: list[Term] = field(default_factory=list)
    notice: str | None = None

    @property
    def is_empty(self) -> bool:
        return not self.groups and not self.excluded

    @property
    def text_terms(self) -> list[Term]:
        """Positive text terms: what gets highlighted."""
        return [term for group in self.groups for term in group if term.is_text]

    def describe(self) -> str:
        parts = [" OR ".join(_show(t) for t in group) for group in self.groups]
        parts += [f"NOT {_show(t)}" for t in self.excluded]
        return " AND ".join(f"({p})" if " OR " in p else p for p in parts)


def _show(term: Term) -> str:
    text = f'"{term.text}"' if term.exact or not term.text else term.text
    if term.pinyin:
        return f"pinyin:{text}"
    return f"{term.field}:{text}" if term.field else text


def parse_query(raw: str) -> Query:
    """Parse a query; on a syntax error, fall back to the whole string as one literal term."""
    try:
        return _parse(raw)
    except QuerySyntaxError as error:
        literal = fold(raw.strip())
        query = Query(raw=raw, groups=[[Term(literal, exact=True)]] if literal else [])
        query.notice = f"{error}; searched for the literal text instead"
        return query


def _parse(raw: str) -> Query:
    query = Query(raw=raw)
    tokens = _TOKEN.findall(raw.replace("\u3000", " "))
    negate_next = False
    join_next = False
    for index, token in enumerate(tokens):
        if token == "OR":
            if not query.groups or join_next or negate_next or index == len(tokens) - 1:
                raise QuerySyntaxError("OR needs a term on each side")
            join_next = True
            continue
        if token == "NOT":
            if negate_next or join_next or index == len(tokens) - 1:
                raise QuerySyntaxError("NOT needs a term after it")
            negate_next = True
            continue
        negated = negate_next
        if token.startswith("-") and len(token) > 1 and not token.startswith("--"):
            negated, token = True, token[1:]
        term = _term(token)
        if term is None:
            negate_next = join_next = False
            continue
        if negated:
            if join_next:
                raise QuerySyntaxError("OR cannot join a negated term")
            query.excluded.append(term)
        elif join_next:
            query.groups[-1].append(term)
        else:
            query.groups.append([term])
        negate_next = join_next = False
    return query


def _term(token: str) -> Term | None:
    if token.startswith('"'):
        if len(token) < 2 or not token.endswith('"'):
            raise QuerySyntaxError("unclosed quote")
        text = fold(token[1:-1])
        return Term(text, exact=True) if text.strip() else None
    name, colon, value = token.partition(":")
    field_name = FIELD_ALIASES.get(name.lower()) if colon else None
    if field_name is None:
        return Term(fold(token))
    if value.startswith('"') and value.endswith('"') and len(value) >= 2:
        value = value[1:-1]
    if not value:
        raise QuerySyntaxError(f"{name}: needs a value")
    if field_name == "pinyin":
        return Term(fold(value), pinyin=True)
    if field_name == "kind" and value.lower() not in KINDS:
        raise QuerySyntaxError(f"unknown kind {value!r} (kinds: {', '.join(KINDS)})")
    return Term(fold(value), field=field_name)
