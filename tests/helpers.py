"""Small builders shared by the tests."""

from __future__ import annotations

import subprocess
import sys
import sysconfig
from pathlib import Path

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
