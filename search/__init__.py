"""The search engine: index, analyzer, queries, highlighting. No UI code here.

This is the package's public face: the app and the command line import only these names.
They load on first use, so importing the package costs nothing until a search is made.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from tanwen.corpus.lazy_exports import lazy_exports

_PUBLIC = {
    "SearchEngine": "tanwen.search.engine",
    "SearchResults": "tanwen.search.results",
    "Hit": "tanwen.search.results",
    "Query": "tanwen.search.query",
    "QuerySyntaxError": "tanwen.search.query",
    "parse_query": "tanwen.search.query",
    "IndexBusy": "tanwen.search.index_store",
    "IndexUnavailable": "tanwen.search.index_store",
    "IndexUnwritable": "tanwen.search.index_store",
    "DiskFull": "tanwen.search.index_store",
    "IndexReport": "tanwen.search.index_store",
    "warm_up": "tanwen.search.analyzer",
    # Corpus views (see tanwen.search.views)
    "find_occurrences": "tanwen.search.views.occurrences",
    "Concordance": "tanwen.search.views.concordance",
    "KwicLine": "tanwen.search.views.concordance",
    "aligned": "tanwen.search.views.concordance",
    "dispersion": "tanwen.search.views.dispersion",
    "dispersion_bar": "tanwen.search.views.dispersion",
    "collocates": "tanwen.search.views.collocates",
    "word_list": "tanwen.search.views.terms",
    "key_terms": "tanwen.search.views.terms",
    "tag_of": "tanwen.search.views.words",
}

__all__ = sorted(_PUBLIC)

if TYPE_CHECKING:
    from tanwen.search.analyzer import warm_up
    from tanwen.search.engine import SearchEngine
    from tanwen.search.index_store import (DiskFull, IndexBusy, IndexReport, IndexUnavailable,
                                           IndexUnwritable)
    from tanwen.search.query import Query, QuerySyntaxError, parse_query
    from tanwen.search.results import Hit, SearchResults
    from tanwen.search.views.collocates import collocates
    from tanwen.search.views.concordance import Concordance, KwicLine, aligned
    from tanwen.search.views.dispersion import dispersion, dispersion_bar
    from tanwen.search.views.occurrences import find_occurrences
    from tanwen.search.views.terms import key_terms, word_list
    from tanwen.search.views.words import tag_of


__getattr__ = lazy_exports(globals(), _PUBLIC)
