"""`codecheck init DIR`: a commented starter policy set, one file per kind, that lints clean.

The templates in codecheck/starter/ are read and written with ruamel.yaml's
round-trip mode, so their comments survive while init fills in today's
review date and the jurisdictions asked for. The JSON Schemas go into
`schemas/` beside them, and each starter file's first line points an editor
with yaml-language-server at the combined one (docs/editors.md). Nothing is
ever overwritten: if any target file exists, init writes nothing.
"""

from __future__ import annotations

import datetime
import io
import os
from importlib import resources

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedSeq

from codecheck.cli.output import write_output
from codecheck.documents.kinds import COMBINED_FILE, KINDS, exported
from codecheck.documents.values import today
from codecheck.errors import UsageError

SCHEMA_FOLDER = "schemas"
MODELINE = f"# yaml-language-server: $schema={SCHEMA_FOLDER}/{COMBINED_FILE}\n"
"""Relative to the file it is in: yaml-language-server (VS Code, Neovim, ...) finds the schema beside it."""


def starter(kind: str, jurisdictions: list[str]) -> str:
    """The starter document of `kind`, reviewed today, sold in `jurisdictions`."""
    yaml = YAML()
    yaml.preserve_quotes = True
    yaml.width = 4096
    template = (resources.files("codecheck") / "starter" / f"{kind}.yaml").read_text(encoding="utf-8")
    document = yaml.load(template)
    codes = CommentedSeq(jurisdictions)
    codes.fa.set_flow_style()
    document["jurisdictions"] = codes
    document["governance"]["last_reviewed"] = datetime.date.fromisoformat(today())
    if "last_updated" in document.get("notice", {}):  # a new notice, not the template's date (CC0418)
        document["notice"]["last_updated"] = datetime.date.fromisoformat(today())
    out = io.StringIO()
    yaml.dump(document, out)
    return MODELINE + out.getvalue()


def init(folder: str, jurisdictions: list[str]) -> list[str]:
    """Write the starter set and its schemas into `folder` (created if needed); the paths written."""
    schemas = os.path.join(folder, SCHEMA_FOLDER)
    contents = {os.path.join(folder, f"{kind}.yaml"): starter(kind, jurisdictions) for kind in KINDS}
    contents.update({os.path.join(schemas, name): text for name, text in exported().items()})
    existing = [t for t in contents if os.path.lexists(t)]
    if existing:
        raise UsageError(f"{existing[0]} already exists; codecheck init never overwrites a file")
    os.makedirs(schemas, exist_ok=True)
    for target, content in contents.items():
        write_output(content, target)  # atomically, with the mode the umask gives
    return list(contents)
