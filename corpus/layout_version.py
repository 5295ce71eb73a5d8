"""The version of the layout rules, apart from them: the index checks it on every search,
and importing `corpus.layout` (markdown-it and all) for one constant would cost more than
the search."""

# Bumped whenever a change in `corpus.layout` gives some file different blocks: indexes made
# before it hold blocks that no longer exist.
LAYOUT_VERSION = "5"
