"""What an update of the index has to do: which files are new, changed (their content, not
only their times), kept as they were, or gone; and which kept files move into a merged
segment."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path

from tanwen.corpus.reading import SourceFile
from tanwen.search.index_files import FileState
from tanwen.search.segment_build import sha1_of


@dataclass
class Plan:
    """What an update has to do: the files to index, and those that are as they were."""

    todo: list[SourceFile] = field(default_factory=list)
    kept: dict[str, FileState] = field(default_factory=dict)
    added: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)


def plan_update(sources: list[SourceFile], ids: dict[str, str], old_files: dict[str, FileState],
                seen_ns: int) -> Plan:
    """Which files need indexing: new ones, and those whose content changed. Size and mtime
    equal to what was indexed mean unchanged, unless they are racy (see `racy`)."""
    plan = Plan()
    for source in sources:
        previous = old_files.get(source.name)
        if previous and previous.article_id == ids[source.name]:
            same_stat = (previous.size, previous.mtime_ns) == (source.size, source.mtime_ns)
            if same_stat and not racy(previous):
                plan.kept[source.name] = previous
                continue
            if _sha1_or_none(source.path) == previous.sha1:    # touched, not changed
                refreshed = replace(previous, size=source.size, mtime_ns=source.mtime_ns,
                                    seen_ns=seen_ns)
                # Remember the check only once it settles it (the file is no longer racy).
                plan.kept[source.name] = previous if same_stat and racy(refreshed) else refreshed
                continue
        (plan.changed if previous else plan.added).append(source.name)
        plan.todo.append(source)
    plan.removed = [name for name in old_files if name not in ids]
    return plan


def merge_into(plan: Plan, merging: set[str], sources: list[SourceFile]) -> int:
    """Index again, into one new segment, the unchanged files held by `merging` (the
    segments updates added): the cost is their size, not the corpus'. Returns how many."""
    by_name = {source.name: source for source in sources}
    moved = [name for name, state in plan.kept.items() if state.segment in merging]
    for name in moved:
        del plan.kept[name]
        plan.todo.append(by_name[name])
    plan.todo.sort(key=lambda source: source.name)
    return len(moved)


def racy(state: FileState) -> bool:
    """Whether a file's mtime is in the same second as (or after) the moment it was looked at
    for indexing: it may have been rewritten within that second, at the same size, with an
    mtime that does not show it (git's "racy clean" rule). Its content is checked."""
    return state.mtime_ns // 1_000_000_000 >= state.seen_ns // 1_000_000_000


def _sha1_or_none(path: Path) -> str | None:
    try:
        return sha1_of(path)
    except OSError:            # gone or unreadable: index it again, the loader says why
        return None


