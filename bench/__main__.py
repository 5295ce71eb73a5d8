"""All benchmarks: search (build, size, latency, memory, baselines), loading, figures, app start-up.

    make bench                          # built-in, 1 MB and 10 MB corpora
    python -m bench --large             # and the 100 MB corpus (made once: a few minutes)

Generated corpora are written to bench/out/ (see bench/corpora.py). The machine should be
otherwise idle: every number is wall-clock time.
"""

from __future__ import annotations

import argparse
import platform
import subprocess
import sys

from bench import (figures_bench, folder_bench, load_bench, search_bench, start_bench, tui_bench,
                   ui_thread_bench, views_bench)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--large", action="store_true", help="add the 100 MB corpus")
    parser.add_argument("--runs", type=int, default=5, help="app start-up runs per case")
    args = parser.parse_args()
    load = subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip()
    print(f"tanwen benchmarks · Python {platform.python_version()} · {platform.machine()} · {load}\n")
    sizes = "builtin,1,10" + (",100" if args.large else "")
    print("## Search\n")
    search_bench.main(["--sizes", sizes])
    print("\n## Loading\n")
    load_bench.main([])
    print("\n## A folder of 7,000 small files: load, first build, cold search beside rg\n")
    folder_bench.main(["--runs", str(args.runs)])
    print("\n## Figures\n")
    figures_bench.main()
    print("\n## Corpus views\n")
    views_bench.main(["--sizes", "builtin,10" + (",100" if args.large else "")])
    print("\n## App start-up\n")
    tui_bench.main(["--runs", str(args.runs), "--sizes", "10"] + (["100"] if args.large else []))
    print("\n## UI-thread time per search\n")
    ui_thread_bench.main(["--sizes", "10"])
    print("\n## Cold start in a real terminal (tmux), beside a bare Textual app\n")
    start_bench.main(["--runs", str(args.runs)])
    return 0


if __name__ == "__main__":
    sys.exit(main())
