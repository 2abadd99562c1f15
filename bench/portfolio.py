"""`codecheck portfolio` on 1,000 repositories' scorecards, against a same-run floor.

    python bench/portfolio.py              # 1,000 scorecards
    python bench/portfolio.py --count 5000

The scorecards are real: `codecheck scorecard --format json` of the three
example policy sets (customer-first: no finding; ordinary: 10; lock-in: 267),
copied round-robin under distinct titles into bench/.corpus/portfolio-N/, so a
third of them are as large as a scorecard gets on a badly written policy set.
The floor is a fresh Python process that reads and json-parses the same files,
the least any tool reading them must do. Each command runs in a new process;
the best of three runs is kept. Nothing here asserts a time.
"""

from __future__ import annotations

import argparse
import glob
import json
import os
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
EXAMPLES = ("customer-first", "ordinary", "lock-in")
FLOOR = "import json, sys\nfor name in sys.argv[1:]:\n    with open(name, encoding='utf-8') as f:\n        json.load(f)\n"


def codecheck(*args: str) -> list[str]:
    return [sys.executable, "-m", "codecheck", *args]


def corpus(count: int) -> list[str]:
    folder = os.path.join(HERE, ".corpus", f"portfolio-{count}")
    cards = sorted(glob.glob(os.path.join(folder, "*.json")))
    if len(cards) == count:
        return cards
    os.makedirs(folder, exist_ok=True)
    env = {**os.environ, "CODECHECK_TODAY": "2026-11-24"}
    originals = []
    for name in EXAMPLES:
        done = subprocess.run(
            codecheck("scorecard", os.path.join(ROOT, "examples", name), "--format", "json"), capture_output=True, text=True, env=env
        )
        originals.append(json.loads(done.stdout))
    for index in range(count):
        card = dict(originals[index % len(originals)], title=f"repository {index:05d}")
        with open(os.path.join(folder, f"repo-{index:05d}.json"), "w", encoding="utf-8") as handle:
            json.dump(card, handle)
    return sorted(glob.glob(os.path.join(folder, "*.json")))


def best_of(command: list[str], runs: int = 3) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(command, check=False, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--count", type=int, default=1000)
    count = parser.parse_args().count
    cards = corpus(count)
    megabytes = sum(os.path.getsize(c) for c in cards) / 2**20
    for card in cards:  # warm the file cache
        with open(card, "rb") as handle:
            handle.read()
    floor = best_of([sys.executable, "-c", FLOOR, *cards])
    print(f"{count} scorecards, {megabytes:.1f} MiB of JSON")
    print(f"{'floor: json.load of every file':42} {floor:7.2f} s   1.0 x")
    for fmt in ("json", "markdown", "html"):
        wall = best_of(codecheck("portfolio", *cards, "--format", fmt, "-o", os.devnull))
        print(f"{'codecheck portfolio --format ' + fmt:42} {wall:7.2f} s {wall / floor:5.1f} x")


if __name__ == "__main__":
    main()
