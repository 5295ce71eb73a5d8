"""Full screens of the app: the corpus views (concordance, dispersion, collocates, terms, all figures)."""
