"""What a warm search process holds, query by query: which index files' pages each query of
the search bench's mix brings into the process, and what stays.

    TANWEN_CACHE_DIR=… python -m bench.search_memory CORPUS [--queries FILE]

On an index already built (no rebuild). One process opens the index and runs the mix
once, printing after each query what the process's resident memory grew by, per kind of
mapping (from /proc/self/smaps: the document tables `.tws`, the character postings `.twg`,
the word postings `.tww`, other files such as libraries, and anonymous memory); then runs
it again (as `bench.search_bench`'s query process does: a warm-up pass, then the timed one)
and prints what is resident at the end and the peak (VmHWM: `ru_maxrss` would carry over
the peak of the process that started this one). Linux only.
"""

from __future__ import annotations

import argparse
import os
import sys

KINDS = (".tws", ".twg", ".tww")


def resident_mb() -> dict[str, float]:
    """The process's resident memory by kind of mapping, in MB."""
    found: dict[str, int] = {}
    kind = "anonymous"
    with open("/proc/self/smaps") as handle:
        for line in handle:
            fields = line.split()
            if "-" in fields[0] and not fields[0].endswith(":"):    # a mapping's first line
                name = fields[5] if len(fields) > 5 else ""
                extension = os.path.splitext(name)[1]
                kind = extension if extension in KINDS else (
                    "other files" if name.startswith("/") else "anonymous")
            elif fields[0] == "Rss:":
                found[kind] = found.get(kind, 0) + int(fields[1])
    return {key: kb / 1024 for key, kb in found.items()}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("corpus", help="the corpus folder whose index is in TANWEN_CACHE_DIR")
    parser.add_argument("--queries", help="a JSON file of the mix (as the picker prints it)")
    args = parser.parse_args(argv)
    from bench.query_times import pick

    queries = pick(args.corpus, args.queries)
    from tanwen.search.engine import SearchEngine

    engine = SearchEngine(path=args.corpus)
    if not engine.open_existing_index():
        print("no index for this corpus in TANWEN_CACHE_DIR", file=sys.stderr)
        return 1
    columns = (*KINDS, "other files", "anonymous")
    before = resident_mb()
    print(f"{'MB':18}" + "".join(f"{kind:>12}" for kind in columns))
    print(f"{'opened':18}" + "".join(f"{before.get(kind, 0):12.1f}" for kind in columns))
    for _, query, _ in queries:
        engine.search(query, limit=20)
        now = resident_mb()
        grown = [now.get(kind, 0) - before.get(kind, 0) for kind in columns]
        print(f"{query[:16]:18}" + "".join(f"{mb:+12.1f}" for mb in grown))
        before = now
    for _, query, _ in queries:
        engine.search(query, limit=20)
    end = resident_mb()
    print(f"{'after two passes':18}" + "".join(f"{end.get(kind, 0):12.1f}" for kind in columns))
    with open("/proc/self/status") as status:
        peak = next(int(line.split()[1]) for line in status if line.startswith("VmHWM:")) / 1024
    print(f"resident {sum(end.values()):.1f} MB, peak {peak:.1f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
