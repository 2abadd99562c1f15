"""Small builders shared by the tests."""

from __future__ import annotations

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
