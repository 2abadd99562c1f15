"""How fast `codecheck lsp` answers an edit in a 200-file policy set, against `codecheck lint` of the same set.

    python bench/lsp.py                  # 200 files, 40 edits
    python bench/lsp.py --files 1000 --edits 20

An editor (pytest-lsp's client, the one tests/lsp/ uses) starts `codecheck lsp`,
opens one document of a generated policy set (bench/corpus.py, in a `policies/`
folder so the whole set is one policy set) and edits it, each edit adding or
removing a suppression that names an unknown rule, so every edit changes that
document's diagnostics and is answered. The latency of an edit is from sending
didChange to receiving the document's publishDiagnostics: the server's pause
for the author to stop typing (DEBOUNCE) plus a check of the whole set, every
cross-document rule included. The baselines are measured in the same run, on
the same files: a fresh `codecheck lint` process (what checking on save would
cost), and the same check in-process with nothing kept (no parse reused).
Nothing here asserts a time.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import run  # noqa: E402  (the corpus, the machine description and the CPU counter of bench/run.py)
from lsprotocol import types  # noqa: E402
from pytest_lsp import client_capabilities, make_test_lsp_client  # noqa: E402

from codecheck.lsp.server import DEBOUNCE  # noqa: E402
from codecheck.lsp.workspace import Workspace  # noqa: E402

QUIET_SHARE = 0.2
"""Below this share of one core used by other processes, the machine counts as quiet."""


def wait_for_quiet(limit: float) -> None:
    """Wait up to `limit` seconds for the rest of the machine to use less than QUIET_SHARE of a core.

    Each measurement here is the best of several runs, so a run next to a burst of other work is
    one to avoid, where bench/run.py instead pairs every run with its baseline.
    """
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        before = run.busy_seconds()
        time.sleep(0.5)
        if run.busy_seconds() - before < QUIET_SHARE * 0.5:
            return


MARK = '# codecheck: ignore[CC9999] reason="bench"\n'
"""A suppression naming no rule: a finding of its own (CC0020), so that each edit changes the diagnostics."""


async def edit_latencies(document: Path, edits: int) -> tuple[float, list[float]]:
    """Seconds to the first diagnostics after opening `document`, then after each of `edits` edits."""
    client = make_test_lsp_client()
    await client.start_io(sys.executable, "-m", "codecheck", "lsp")
    params = types.InitializeParams(capabilities=client_capabilities("visual-studio-code"), root_uri=document.parent.as_uri())
    await client.initialize_session(params)
    uri, text = document.as_uri(), document.read_text(encoding="utf-8")

    async def answered(flagged: bool) -> None:
        while not (uri in client.diagnostics and any(d.code == "CC0020" for d in client.diagnostics[uri]) == flagged):
            await client.wait_for_notification(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)

    start = time.perf_counter()
    client.text_document_did_open(types.DidOpenTextDocumentParams(types.TextDocumentItem(uri, "yaml", 1, text)))
    await asyncio.wait_for(answered(False), 120)
    first = time.perf_counter() - start
    latencies = []
    for version in range(2, edits + 2):
        flagged = version % 2 == 0
        change = types.TextDocumentContentChangeWholeDocument(text=(MARK if flagged else "") + text)
        wait_for_quiet(5)
        start = time.perf_counter()
        client.text_document_did_change(
            types.DidChangeTextDocumentParams(types.VersionedTextDocumentIdentifier(version=version, uri=uri), [change])
        )
        await asyncio.wait_for(answered(flagged), 120)
        latencies.append(time.perf_counter() - start)
    await client.shutdown_session()
    await client.stop()
    return first, latencies


def in_process(root: Path, document: Path, repeats: int) -> tuple[float, float]:
    """Best seconds of one check of the set: with nothing kept (a new Workspace), and after a one-file edit."""
    text = document.read_text(encoding="utf-8")
    cold, warm = [], []
    kept = Workspace()
    kept.check(str(root))
    for n in range(repeats):
        wait_for_quiet(5)
        start = time.perf_counter()
        Workspace().check(str(root))
        cold.append(time.perf_counter() - start)
        kept.open[str(document)] = (MARK if n % 2 == 0 else "") + text
        wait_for_quiet(5)
        start = time.perf_counter()
        kept.check(str(root))
        warm.append(time.perf_counter() - start)
    return min(cold), min(warm)


def lint_process(root: Path, repeats: int) -> float:
    """Best wall seconds of `codecheck lint` on the set, as a new process with no cache."""
    times = []
    for _ in range(repeats):
        wait_for_quiet(5)
        start = time.perf_counter()
        # --no-cache: a re-run of an unchanged set would otherwise be answered from the cache
        subprocess.run([sys.executable, "-m", "codecheck", "lint", str(root), "-q", "--no-cache"], stdout=subprocess.DEVNULL, check=False)
        times.append(time.perf_counter() - start)
    return min(times)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=200, help="documents (one file each) in the policy set")
    parser.add_argument("--edits", type=int, default=40)
    parser.add_argument("--repeats", type=int, default=5, help="runs of each baseline; the best is kept")
    args = parser.parse_args(argv)
    root = Path(run.ensure_corpus(f"lsp-{args.files}", args.files, repo=True)) / "policies"
    document = sorted(root.rglob("cancellation.yaml"))[0]
    files = sum(1 for _ in root.rglob("*.yaml"))
    first, latencies = asyncio.run(edit_latencies(document, args.edits))
    cold, warm = in_process(root, document, args.repeats)
    lint = lint_process(root, args.repeats)
    median, worst = statistics.median(latencies), max(latencies)
    p90 = sorted(latencies)[int(0.9 * (len(latencies) - 1))]
    print("\n".join(run.machine() + [f"commit: {run.git_state()}", f"load average: {run.load_average()}"]))
    print(f"policy set: {files} files ({root}); {len(latencies)} edits of {document.relative_to(root)}")
    print(f"{'measurement':58} {'seconds':>8} {'x lint':>7}")
    rows = [
        ("codecheck lint of the set, new process (baseline)", lint),
        ("check of the set in-process, nothing kept (baseline)", cold),
        ("check of the set in-process after a one-file edit", warm),
        ("lsp: open a document -> first diagnostics", first),
        ("lsp: edit -> diagnostics, median", median),
        ("lsp: edit -> diagnostics, 90th percentile", p90),
        ("lsp: edit -> diagnostics, slowest", worst),
        (f"lsp: edit -> diagnostics, median, less the {DEBOUNCE} s pause", median - DEBOUNCE),
    ]
    for label, seconds in rows:
        print(f"{label:58} {seconds:8.3f} {seconds / lint:7.2f}")
    print(f"parse reuse: a check after a one-file edit takes {warm / cold:.2f} of a check with nothing kept")
    return 0


if __name__ == "__main__":
    sys.exit(main())
