"""A folder of many small files, as real collections of news are: loading, the first index
build, and a cold `tanwen search` beside `rg -F -c` over the same files.

    python -m bench.folder_bench                  # 7,000 files of ~4 KB, 5 runs
    python -m bench.folder_bench --files 2000 --runs 7
    python -m bench.folder_bench --installed      # cold search of a regular install too
    python -m bench.folder_bench --installed --compare OTHER/bin/tanwen   # and another build's

The folder is written once to bench/out/ (deterministic: bench/corpora.py's sentences).
Columns:
- load        `load_corpus` on the folder, in this process (every file read and laid out);
- first build `tanwen index` in a fresh process with an empty cache;
- cold search `tanwen search 中国 --limit 20` in a fresh process, the index up to date
              (one search first settles it), median of the runs;
- installed   with --installed, the same cold search by a regular install of this
              checkout (`pip install .` into a venv under bench/out/: bench/installed.py),
              beside the development venv's editable one, whose finder every process imports;
- compared    with --compare, the same cold search by another `tanwen` (another checkout's
              install, say), on the same index folder: its index must be of the same format;
- rg          `rg -F -c 中国` over the folder, median of the runs, interleaved with the
              searches so machine load affects both alike (left out if rg is not installed);
- CPU         user + system time of the same processes (steadier than wall time on a
              loaded machine).
Files are in the page cache for both: "cold" is a fresh process, not a cold disk.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

from bench.corpora import OUT, _article
from bench.timing import time_command

FILE_BYTES = 4_000
QUERY = "中国"
GOAL = 5.0          # cold search at most this many times rg's time


def generate_folder(files: int) -> Path:
    """A folder of `files` articles of about FILE_BYTES each (made once, then reused)."""
    root = OUT / f"folder-{files}x{FILE_BYTES // 1000}kb"
    done = root / ".complete"
    if done.exists():
        return root
    root.mkdir(parents=True, exist_ok=True)
    rng = random.Random(f"tanwen-folder-{files}")
    for number in range(1, files + 1):
        text = _article(rng, number, FILE_BYTES)
        # A sub-folder per thousand files, as archives are kept by month or issue.
        path = root / f"{number // 1000:02d}" / f"article-{number:05d}.md"
        path.parent.mkdir(exist_ok=True)
        path.write_text(text, encoding="utf-8")
    done.write_text(f"{files}\n")
    return root


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.folder_bench", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--files", type=int, default=7000, help="files in the folder (default: %(default)s)")
    parser.add_argument("--runs", type=int, default=5, help="cold searches and rg runs (default: %(default)s)")
    parser.add_argument("--installed", action="store_true",
                        help="time the cold search of a regular install (pip install .) too")
    parser.add_argument("--compare", metavar="TANWEN",
                        help="time the cold search of another tanwen command too, interleaved")
    args = parser.parse_args([] if argv is None else argv)

    from tanwen.corpus import load_corpus

    root = generate_folder(args.files)
    megabytes = sum(p.stat().st_size for p in root.rglob("*.md")) / 1e6
    started = time.perf_counter()
    corpus = load_corpus(root)
    load = time.perf_counter() - started
    blocks = sum(1 for _ in corpus.blocks())
    del corpus

    tanwen = str(Path(sys.executable).parent / "tanwen")
    installed = None
    if args.installed:
        from bench.installed import installed_tanwen

        installed = str(installed_tanwen())
    rg = shutil.which("rg")
    with tempfile.TemporaryDirectory(prefix="tanwen-folder-") as cache:
        env = {**os.environ, "TANWEN_CACHE_DIR": cache, "TANWEN_CORPUS": str(root)}
        build, _ = time_command([tanwen, "index"], env)
        search = [tanwen, "search", QUERY, "--limit", "20"]
        time_command(search, env)                         # settles files written in the build's second
        if installed:
            time_command([installed, *search[1:]], env)   # its first run writes its byte code
        if args.compare:
            time_command([args.compare, *search[1:]], env)
        searches, greps, regular, compared = [], [], [], []
        for _ in range(args.runs):
            searches.append(time_command(search, env))
            if installed:
                regular.append(time_command([installed, *search[1:]], env))
            if args.compare:
                compared.append(time_command([args.compare, *search[1:]], env))
            if rg:
                greps.append(time_command([rg, "-F", "-c", QUERY, str(root)]))

    print(f"Folder of {args.files:,} files, {megabytes:.1f} MB, {blocks:,} blocks · "
          f"query {QUERY} · median of {args.runs} runs")
    print(f"{'install':>9} {'load':>8} {'first build':>12} {'cold search':>12} {'rg -F -c':>9}"
          f" {'search ÷ rg':>12} {'search CPU':>11} {'rg CPU':>8}")
    rg_s, rg_cpu = (statistics.median(column) for column in zip(*greps)) if greps else (0.0, 0.0)
    rows = ([("editable", searches)] + ([("regular", regular)] if installed else [])
            + ([("compared", compared)] if args.compare else []))
    for label, runs in rows:
        search_s, search_cpu = (statistics.median(column) for column in zip(*runs))
        if greps:
            print(f"{label:>9} {load:>7.2f}s {build:>11.2f}s {search_s:>11.3f}s {rg_s:>8.3f}s"
                  f" {search_s / rg_s:>11.1f}× {search_cpu:>10.3f}s {rg_cpu:>7.3f}s")
        else:
            print(f"{label:>9} {load:>7.2f}s {build:>11.2f}s {search_s:>11.3f}s {'–':>9} {'–':>12}"
                  f" {search_cpu:>10.3f}s")
    if args.compare:
        print(f"compared: {args.compare}")
    if greps:
        label, runs = rows[1] if installed else rows[0]
        ratio = statistics.median(seconds for seconds, _ in runs) / rg_s
        print(f"goal: cold search ({label} install) ≤ {GOAL:g}× rg — "
              f"{'met' if ratio <= GOAL else 'not met'} (load average {os.getloadavg()[0]:.1f})")
    else:
        print("rg is not installed: no rg column (install ripgrep to compare)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
