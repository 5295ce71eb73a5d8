"""Corpus views built on exact matching: concordance (KWIC), dispersion, collocates, word
lists and key terms. No UI code here; the command line and the app both draw from these.

    found = find_occurrences(engine, "天开园")   every occurrence, in reading order
    Concordance(found, width=20, sort="right")  KWIC lines: R1…, L1…, position, article
    dispersion(found, "article")                counts, per-10k frequency, relative positions
    collocates(found, window=5, measure="ll")   words near the occurrences, MI / log-likelihood
    word_list(texts, tables), key_terms(…)      frequencies; keyness against the rest of the corpus

The app and the command line import these names from `tanwen.search` (its public face).
"""
