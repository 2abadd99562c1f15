"""Small builders shared by the tests."""

from __future__ import annotations

import signal
import subprocess
import sys
import sysconfig
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from codecheck.documents.parse import parse
from codecheck.model import Document


def documents(text: str, file: str = "f.yaml") -> tuple[Document, ...]:
    docs, problems = parse(text, file)
    assert problems == []
    return tuple(docs)


def write(path: Path, content: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(content, encoding="utf-8")
    return path


def fresh_python(folder: Path) -> Path:
    """The bin folder of a new virtual environment that sees the test environment's packages but has no codecheck
    command: pip installs into it offline (PIP_NO_INDEX), as the GitHub Action and the Dockerfile install."""
    subprocess.run([sys.executable, "-m", "venv", str(folder)], check=True, capture_output=True)
    python = folder / "bin" / "python"
    purelib = subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"], check=True, capture_output=True, text=True
    ).stdout.strip()
    (Path(purelib) / "test-environment.pth").write_text(sysconfig.get_paths()["purelib"] + "\n", encoding="utf-8")
    return folder / "bin"


OFFLINE_PIP = {"PIP_NO_INDEX": "1", "PIP_NO_BUILD_ISOLATION": "0"}
"""pip with no package index, building with the hatchling it sees (PIP_NO_BUILD_ISOLATION=0 is pip's --no-build-isolation)."""


PRICING = """\
codecheck: 1
kind: pricing
id: pricing-main
plans:
  - id: basic
    name: Basic
    price: {amount: 9.99, currency: EUR}
    signup:
      channels: [online]
      steps: 2
"""

CANCELLATION = """\
codecheck: 1
kind: cancellation
id: cancel-main
covers: [pricing-main]
channels: [online, email]
steps: 2
"""


def run_cli(monkeypatch, capsys, *args: str) -> tuple[int, str, str]:
    """Run codecheck's real entry point in-process: exit status, standard output, standard error."""
    import sys

    import pytest

    from codecheck.cli import main

    monkeypatch.setattr(sys, "argv", ["codecheck", *args])
    with pytest.raises(SystemExit) as done:
        main()
    out, err = capsys.readouterr()
    return int(done.value.code or 0), out, err


class Hang(BaseException):
    """Raised by `deadline`; a BaseException so that the CLI's error boundary cannot swallow it."""


@contextmanager
def deadline(seconds: float) -> Iterator[None]:
    """Fail (rather than hang) when the block takes longer than `seconds`; blocking system calls are interrupted too."""

    def alarm(signum: int, frame: object) -> None:
        raise Hang(f"no answer within {seconds} seconds")

    previous = signal.signal(signal.SIGALRM, alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def harder_to_leave(root: Path) -> Path:
    """`root`/base: the customer-first example; `root`/repo (a repository: it holds .git) has it in policies/,
    cancelling in three steps instead of two and only through an agent. Returns the repository."""
    import copy

    import yaml

    from codecheck.documents.load import load

    example = Path(__file__).resolve().parents[1] / "examples" / "customer-first"
    data = {Path(d.file).stem: d.data for d in load([str(example)]).documents}
    changed = copy.deepcopy(data)
    changed["cancellation"].update(steps=3, requires_agent=True)
    (root / "repo" / ".git").mkdir(parents=True)
    for folder, version in ((root / "base", data), (root / "repo" / "policies", changed)):
        for kind, document in version.items():
            write(folder / f"{kind}.yaml", yaml.safe_dump(document, sort_keys=False, allow_unicode=True))
    return root / "repo"
