"""Which YAML files in a tree are policy files: a docker-compose.yaml or a CI workflow is not one.

A file found by walking a folder is a policy file when the configuration's
`paths:` globs (if any) name it, no `exclude:` glob does, and it is not
clearly something else: sound YAML that never says `codecheck:` (no header,
no suppression comment) and has no document of a policy kind. A policy that
forgot `codecheck: 1` but says `kind: pricing` still gets its schema finding,
and a broken file keeps its syntax finding. What is left out is counted once
in the report ("skipped 2 YAML files that are not policy documents"), never
an error. A file named on the command line is read as asked.
"""

from __future__ import annotations

import fnmatch
import os
import re
from dataclasses import dataclass
from typing import Iterable

from codecheck.documents.kinds import KINDS
from codecheck.model import Document, Finding

NOT_A_POLICY = "not a policy document"
EXCLUDED = "excluded by the configuration"
NOT_LISTED = "not under the configuration's `paths`"

_MENTION = re.compile(r"codecheck\s*:")


@dataclass(frozen=True)
class Choice:
    """The configuration's say on which files are policy files: globs relative to its folder."""

    root: str = "."
    paths: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()

    def excluded(self, file: str) -> str | None:
        """Why the globs leave `file` out, or None when they keep it."""
        relative = os.path.relpath(os.path.abspath(file), os.path.abspath(self.root)).replace(os.sep, "/")
        if any(fnmatch.fnmatch(relative, glob) for glob in self.exclude):
            return EXCLUDED
        if self.paths and not any(fnmatch.fnmatch(relative, glob) for glob in self.paths):
            return NOT_LISTED
        return None


def clearly_not_a_policy(text: str, documents: Iterable[Document], problems: Iterable[Finding]) -> bool:
    """A file that reads as sound YAML, never says `codecheck:` (no header, no suppression comment) and has
    no document of a policy kind: a compose file, a CI workflow. A file that does not parse is not clearly
    anything, so it keeps its findings."""
    if any(True for _ in problems) or _MENTION.search(text):
        return False
    return not any(isinstance(d.data, dict) and d.data.get("kind") in KINDS for d in documents)
