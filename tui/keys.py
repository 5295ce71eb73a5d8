"""Every key of the app, in one table: each widget's BINDINGS, the command palette's entries
and the help screen (f1) are made from it, so a key has one name and one description.

An entry's `id` is what the user's keymap.toml remaps (`next-hit = "ctrl+n"`); the palette and
the help screen show the keys in effect after it (`keys_in_effect`).
"""

from __future__ import annotations

from dataclasses import dataclass

from textual.binding import Binding
from textual.keys import format_key


@dataclass(frozen=True)
class KeyEntry:
    id: str                 # the binding id: what a keymap.toml line names
    action: str             # the action the key runs, on the widget or screen that owns it
    keys: str               # default keys, comma-separated Textual key names ("" = palette only)
    name: str               # its name: in the footer, and in the palette unless `palette` says more
    description: str        # what it does: the help screen, the tooltip, the palette's hint
    scope: str              # where it works: a heading of the help screen
    part: str = ""          # within the scope, the widget that owns it when not the scope's main one
    palette: str | None = None          # the command palette's label; None: not in the palette
    palette_action: str | None = None   # what the palette runs on the app, when not `action`
    show: bool = True       # shown in the footer
    priority: bool = False
    key_display: str | None = None

    def binding(self) -> Binding:
        return Binding(self.keys, self.action, self.name, show=self.show, key_display=self.key_display,
                       priority=self.priority, tooltip=self.description, id=self.id)


def _hidden(id: str, action: str, keys: str, name: str, description: str, scope: str,
            part: str = "") -> KeyEntry:
    """A key that works but takes no room in the footer."""
    return KeyEntry(id, action, keys, name, description, scope, part, show=False)


EVERYWHERE = "everywhere"
CITATION = "citation"    # what `Y` copies: the figure's sentence as printed, and its source

KEYS: tuple[KeyEntry, ...] = (
    # A priority binding runs as the app reads the key, so the keys after it in the same burst
    # (`/xyz`) already go to the search box; outside the main screen or in a text field `/` is
    # just typed (the app's check_action).
    KeyEntry("search", "focus_search", "slash", "Search", "Focus the search box; results update as you type",
             EVERYWHERE, palette="Search", priority=True, key_display="/"),
    KeyEntry("next-hit", "next_hit", "n", "Next hit", "Go to the next search hit, across sections",
             EVERYWHERE, palette="Next hit"),
    KeyEntry("previous-hit", "previous_hit", "N", "Prev hit", "Go to the previous search hit, across sections",
             EVERYWHERE, palette="Previous hit"),
    KeyEntry("previous-section", "previous_section", "left_square_bracket", "Prev §",
             "Open the previous section (reading order)", EVERYWHERE, palette="Previous section", key_display="["),
    KeyEntry("next-section", "next_section", "right_square_bracket", "Next §",
             "Open the next section (reading order)", EVERYWHERE, palette="Next section", key_display="]"),
    KeyEntry("clear-search", "clear_search", "", "Clear search", "Forget the query and its highlights",
             EVERYWHERE, palette="Clear search"),
    _hidden("focus-next", "focus_next", "tab", "Next pane", "Next pane: search, tree, results, reader, figures",
            EVERYWHERE),
    _hidden("focus-previous", "focus_previous", "shift+tab", "Previous pane", "Previous pane", EVERYWHERE),
    _hidden("back", "back", "escape", "Reader", "Back to the reader", EVERYWHERE),
    KeyEntry("toggle-figures", "toggle_figures", "f", "Figures",
             "Show or hide the figures pane (on a narrow screen: go to it)", EVERYWHERE,
             palette="Toggle figures pane"),
    KeyEntry("toggle-tree", "toggle_tree", "t", "Tree",
             "Show or hide the section tree (on a narrow screen: go to it)", EVERYWHERE,
             palette="Toggle section tree"),
    KeyEntry("figures-scope", "figures_scope", "r", "Figures of results",
             "List the figures of the current section, or of every search result", EVERYWHERE,
             palette="Figures: section / search results", show=False),
    KeyEntry("help", "help", "f1,question_mark", "Help", "This list of keys", EVERYWHERE,
             palette="Help: every key", key_display="?"),
    KeyEntry("command-palette", "command_palette", "ctrl+p", "Commands",
             "Command palette: open any section, figures and pane commands", EVERYWHERE,
             show=False, priority=True),
    KeyEntry("quit", "quit", "ctrl+q", "Quit", "Quit", EVERYWHERE, priority=True),
    # The corpus views (tui/screens/opening.py opens them).
    KeyEntry("view-concordance", "concordance", "K", "Concordance",
             "Concordance (KWIC) of the query: every occurrence on a line", EVERYWHERE,
             palette="Concordance (KWIC)", show=False),
    KeyEntry("view-dispersion", "dispersion", "D", "Dispersion",
             "Dispersion plot of the query per article or section", EVERYWHERE,
             palette="Dispersion plot", show=False),
    KeyEntry("view-collocates", "collocates", "C", "Collocates",
             "Words near the query's occurrences (MI, log-likelihood)", EVERYWHERE,
             palette="Collocates", show=False),
    KeyEntry("view-terms", "terms", "W", "Terms",
             "Key terms and word list of the section in the reader (or the corpus)", EVERYWHERE,
             palette="Key terms and word list", show=False),
    KeyEntry("view-figures", "figure_table", "F", "All figures",
             "Every figure of the corpus in one table: sort, filter, group by metric", EVERYWHERE,
             palette="All figures of the corpus", show=False),

    _hidden("search.next-result", "move(1)", "down", "Next result", "Next result", "search box"),
    _hidden("search.previous-result", "move(-1)", "up", "Previous result", "Previous result", "search box"),
    _hidden("search.open", "submit", "enter", "Open",
            "Open the highlighted result (at first, the top one)", "search box"),

    _hidden("tree.down", "cursor_down", "j,down", "Down", "Down", "section tree"),
    _hidden("tree.up", "cursor_up", "k,up", "Up", "Up", "section tree"),
    _hidden("tree.parent", "cursor_parent", "shift+left", "Parent", "Cursor to parent", "section tree"),
    _hidden("tree.next-ancestor", "cursor_parent_next_sibling", "shift+right", "Next ancestor",
            "Cursor to next ancestor", "section tree"),
    _hidden("tree.previous-sibling", "cursor_previous_sibling", "shift+up", "Previous sibling",
            "Cursor to previous sibling", "section tree"),
    _hidden("tree.next-sibling", "cursor_next_sibling", "shift+down", "Next sibling",
            "Cursor to next sibling", "section tree"),
    _hidden("tree.open", "select_cursor", "enter", "Open", "Open the section", "section tree"),
    _hidden("tree.toggle", "toggle_node", "space", "Toggle", "Expand or collapse the section", "section tree"),
    _hidden("tree.toggle-all", "toggle_expand_all", "shift+space", "Toggle all", "Expand or collapse all",
            "section tree"),

    _hidden("results.down", "cursor_down", "j,down", "Down", "Down", "results"),
    _hidden("results.up", "cursor_up", "k,up", "Up", "Up", "results"),
    _hidden("results.first", "first", "home", "First", "First", "results"),
    _hidden("results.last", "last", "end", "Last", "Last", "results"),
    _hidden("results.page-down", "page_down", "pagedown", "Page down", "Page down", "results"),
    _hidden("results.page-up", "page_up", "pageup", "Page up", "Page up", "results"),
    _hidden("results.open", "select", "enter", "Open", "Open the result", "results"),

    _hidden("reader.down", "scroll_down", "j,down", "Down", "Down", "reader"),
    _hidden("reader.up", "scroll_up", "k,up", "Up", "Up", "reader"),
    _hidden("reader.page-down", "page_down", "space,pagedown", "Page down", "Page down", "reader"),
    _hidden("reader.page-up", "page_up", "b,pageup", "Page up", "Page up", "reader"),
    _hidden("reader.top", "scroll_home", "g,home", "Top", "Top", "reader"),
    _hidden("reader.bottom", "scroll_end", "G,end", "Bottom", "Bottom", "reader"),

    KeyEntry("copy-figure", "copy_value", "y", "Copy",
             "Copy the figure as it stands in the text (a caption: its text)", "figures pane",
             palette="Copy figure", palette_action="copy_figure('value')"),
    KeyEntry("copy-citation", "copy_citation", "Y", "Citation",
             "Copy the figure's citation: its sentence as printed, and its source", "figures pane",
             palette="Copy citation", palette_action="copy_figure('citation')"),
    KeyEntry("export-figures", "export", "e", "Export", "Export the figure list to a CSV or Markdown file",
             "figures pane", palette="Export figures", palette_action="export_figures"),
    _hidden("figures.previous-tab", "tab(-1)", "left,h", "Prev tab", "Figures ⇄ captions", "figures pane"),
    _hidden("figures.next-tab", "tab(1)", "right,l", "Next tab", "Figures ⇄ captions", "figures pane"),
    _hidden("figures.down", "cursor_down", "j,down", "Down", "Down", "figures pane", "list"),
    _hidden("figures.up", "cursor_up", "k,up", "Up", "Up", "figures pane", "list"),
    _hidden("figures.first", "first", "home", "First", "First", "figures pane", "list"),
    _hidden("figures.last", "last", "end", "Last", "Last", "figures pane", "list"),
    _hidden("figures.page-down", "page_down", "pagedown", "Page down", "Page down", "figures pane", "list"),
    _hidden("figures.page-up", "page_up", "pageup", "Page up", "Page up", "figures pane", "list"),
    _hidden("figures.open", "select", "enter", "Open", "Show the figure in the reader", "figures pane", "list"),

    KeyEntry("view.close", "close", "escape", "Back", "Back to the reader", "every view"),
    KeyEntry("view.query", "edit_query", "slash", "Query", "Change the view's query", "every view",
             key_display="/"),
    _hidden("view.next", "focus_next", "tab", "Next", "Next field", "every view"),
    _hidden("view.previous", "focus_previous", "shift+tab", "Previous", "Previous field", "every view"),

    KeyEntry("kwic.sort-right", "sort('right')", "r", "Sort R1", "Sort by the word to the right", "concordance"),
    KeyEntry("kwic.sort-left", "sort('left')", "l", "Sort L1", "Sort by the word to the left", "concordance"),
    KeyEntry("kwic.sort-position", "sort('position')", "p", "Sort position", "Sort in reading order",
             "concordance"),
    KeyEntry("kwic.sort-article", "sort('article')", "a", "Sort article", "Sort by article", "concordance"),
    KeyEntry("kwic.wider", "context(1)", "plus,equals_sign", "More context", "More context", "concordance",
             key_display="+"),
    KeyEntry("kwic.narrower", "context(-1)", "minus", "Less context", "Less context", "concordance",
             key_display="-"),
    _hidden("kwic.down", "cursor(1)", "j,down", "Down", "Down", "concordance", "lines"),
    _hidden("kwic.up", "cursor(-1)", "k,up", "Up", "Up", "concordance", "lines"),
    _hidden("kwic.page-down", "page(1)", "pagedown,space", "Page down", "Page down", "concordance", "lines"),
    _hidden("kwic.page-up", "page(-1)", "pageup,b", "Page up", "Page up", "concordance", "lines"),
    _hidden("kwic.first", "edge(0)", "home,g", "First", "First", "concordance", "lines"),
    _hidden("kwic.last", "edge(1)", "end,G", "Last", "Last", "concordance", "lines"),
    KeyEntry("kwic.open", "choose", "enter", "Open in reader", "Open the line in the reader", "concordance",
             "lines"),
    KeyEntry("kwic.copy", "copy", "y", "Copy line", "Copy the line with its source", "concordance", "lines"),

    KeyEntry("plot.by", "toggle_by", "s", "Articles/sections", "One row per article, or per section",
             "dispersion"),

    KeyEntry("colloc.measure", "measure", "m", "MI/LL", "Rank by MI or by log-likelihood", "collocates"),
    KeyEntry("colloc.window", "window", "w", "Window", "Words each side: 1, 2, 3, 5, 10", "collocates"),
    KeyEntry("colloc.min-freq", "min_freq", "v", "Min freq",
             "Only words seen this often near the query: 1, 2, 3, 5, 10", "collocates"),

    KeyEntry("terms.key", "toggle_key", "k", "Key terms/words",
             "Key terms (against the rest of the corpus) or the word list", "terms"),
    KeyEntry("terms.scope", "toggle_corpus", "c", "Section/corpus",
             "Words of the section in the reader, or of the whole corpus", "terms"),
    KeyEntry("terms.pos", "toggle_pos", "p", "POS", "Show each word's part of speech", "terms"),

    KeyEntry("table.sort", "sort", "s", "Sort", "Sort by reading order, value, kind, metric, period, article",
             "figures of the corpus"),
    KeyEntry("table.group", "group", "g", "Group by metric", "Group by metric", "figures of the corpus"),
    KeyEntry("table.copy", "copy('value')", "y", "Copy", "Copy the figure", "figures of the corpus"),
    KeyEntry("table.copy-citation", "copy('citation')", "Y", "Citation",
             "Copy the figure's citation: its sentence as printed, and its source", "figures of the corpus"),
    KeyEntry("table.export", "export", "e", "Export", "Write the table to CSV, Markdown or JSON",
             "figures of the corpus"),

    KeyEntry("help.close", "dismiss", "escape,q,f1,question_mark", "Close", "Close", "help"),
    _hidden("help.down", "scroll(1)", "j,down", "Down", "Down", "help"),
    _hidden("help.up", "scroll(-1)", "k,up", "Up", "Up", "help"),

    KeyEntry("export.cancel", "cancel", "escape", "Cancel", "Cancel", "export dialog"),
    # The app's tab cycles its panes; inside the dialog it moves between the fields.
    _hidden("export.next-field", "move_focus(1)", "tab", "Next field", "Next field", "export dialog"),
    _hidden("export.previous-field", "move_focus(-1)", "shift+tab", "Previous field", "Previous field",
            "export dialog"),
)

BY_ID = {entry.id: entry for entry in KEYS}


def bindings(scope: str, part: str = "") -> list[Binding]:
    """The BINDINGS of the widget or screen that owns `scope`'s keys (or its `part`)."""
    return [entry.binding() for entry in KEYS if entry.scope == scope and entry.part == part and entry.keys]


def keys_in_effect(entry: KeyEntry, keymap: dict[str, str]) -> list[str]:
    """The entry's keys after the user's keymap, as Textual names them."""
    keys = keymap.get(entry.id, entry.keys)
    return [key.strip() for key in keys.split(",") if key.strip()]


def key_label(key: str) -> str:
    """A key as a person types it in keymap.toml: `ctrl+n`, `shift+tab`; lone keys as symbols (`?`, `↓`)."""
    *modifiers, name = key.split("+")
    return "+".join([*modifiers, format_key(name)])


def keys_label(entry: KeyEntry, keymap: dict[str, str]) -> str:
    return ", ".join(key_label(key) for key in keys_in_effect(entry, keymap))


def palette_entries() -> list[KeyEntry]:
    return [entry for entry in KEYS if entry.palette]


def palette_hint(entry: KeyEntry, keymap: dict[str, str]) -> str:
    """The palette's line under a command: what it does, and its keys after the keymap."""
    keys = keys_label(entry, keymap)
    return f"{entry.description} ({keys})" if keys else entry.description
