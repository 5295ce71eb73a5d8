"""Full screens of the app: the panes' (main_screen) and the corpus views (concordance, dispersion,
collocates, terms, all figures)."""
