"""Corpus views built on exact matching: concordance (KWIC), dispersion, collocates, word
lists and key terms. No UI code here; the command line and the app both draw from these.

    occurrences.find(engine, "天开园")      every occurrence, in reading order
    concordance.lines(found, width=20)      KWIC lines, sortable by R1…, L1…, position, article
    dispersion.by_article(engine, found)     counts, per-10k frequency, relative positions
    collocates.collocates(engine, found)     words near the occurrences, with MI / log-likelihood
    terms.word_list(…), terms.key_terms(…)   frequencies and keyness against the rest of the corpus
"""
