"""The built-in document checks: problems with a file itself rather than with a policy.

They carry ids in the CC00xx range so that, like rule findings, they can be
listed, explained, selected and counted; a broken file is reported, never fatal.
"""

from __future__ import annotations

from dataclasses import dataclass

from codecheck.model import Finding, Severity


@dataclass(frozen=True)
class Check:
    id: str
    name: str
    title: str
    fix: str

    def finding(
        self, file: str, line: int, column: int, message: str, doc_id: str | None = None, value: str = ""
    ) -> Finding:
        return Finding(self.id, Severity.ERROR, message, file, line, column, doc_id=doc_id, fix=self.fix, value=value)


YAML_SYNTAX = Check("CC0001", "yaml-syntax", "The file is not valid YAML", "Fix the YAML syntax at the position shown.")
UNREADABLE = Check(
    "CC0002",
    "unreadable-file",
    "The file cannot be read as UTF-8 text",
    "Save the file as UTF-8 text; policy files are never binary.",
)
TOO_LARGE = Check(
    "CC0003", "file-too-large", "The file is larger than codecheck reads", "Split the policy set into smaller files."
)
EMPTY = Check("CC0004", "empty-document", "The file or document is empty", "Add the policy content or delete the file.")
DUPLICATE_KEY = Check(
    "CC0005",
    "duplicate-key",
    "A key appears twice in one mapping, so one of its values would be silently lost",
    "Keep one of the two keys.",
)
UNSAFE_YAML = Check(
    "CC0006",
    "unsupported-yaml",
    "The document uses a YAML feature codecheck refuses (tags that build objects, merge keys, "
    "non-scalar keys, excessive nesting or alias expansion)",
    "Write the values out as plain YAML mappings, lists and scalars.",
)
OUTSIDE = Check(
    "CC0007",
    "outside-the-policy-set",
    "The file is a symbolic link that leads outside the folders being checked, so codecheck does not read it",
    "Copy the file into the policy folder, or point the link at a file inside it.",
)
NOT_A_POLICY = Check(
    "CC0010",
    "not-a-policy",
    "The document is not a policy document",
    "Start the document with `codecheck: 1`, `kind:` and `id:`.",
)
UNKNOWN_KIND = Check(
    "CC0011", "unknown-kind", "The document's kind is not one codecheck knows", "Use one of the kinds listed."
)
SCHEMA = Check(
    "CC0012",
    "schema-violation",
    "A value does not match the schema of its document kind",
    "Correct the value; `codecheck schema KIND` prints every field with its description.",
)
DUPLICATE_ID = Check(
    "CC0013",
    "duplicate-id",
    "Two documents in the policy set share an id",
    "Give each document a unique id.",
)
DANGLING_REFERENCE = Check(
    "CC0014",
    "dangling-reference",
    "A document refers to a document id that does not exist in the policy set",
    "Correct the id or add the missing document.",
)

BAD_SUPPRESSION = Check(
    "CC0020",
    "invalid-suppression",
    "A suppression comment cannot be used: it has no reason, names an unknown rule or cannot be read",
    'Write it as # codecheck: ignore[CC0901] reason="why" owner="who" until=YYYY-MM-DD.',
)
EXPIRED_SUPPRESSION = Check(
    "CC0021",
    "expired-suppression",
    "A suppression is past its expiry date, so the finding it silenced is back",
    "Fix the finding, or renew the suppression with a new date and reason.",
)
UNUSED_SUPPRESSION = Check(
    "CC0022",
    "unused-suppression",
    "A suppression silences no finding",
    "Remove the suppression comment.",
)

ALL: tuple[Check, ...] = (
    YAML_SYNTAX,
    UNREADABLE,
    TOO_LARGE,
    EMPTY,
    DUPLICATE_KEY,
    UNSAFE_YAML,
    OUTSIDE,
    NOT_A_POLICY,
    UNKNOWN_KIND,
    SCHEMA,
    DUPLICATE_ID,
    DANGLING_REFERENCE,
    BAD_SUPPRESSION,
    EXPIRED_SUPPRESSION,
    UNUSED_SUPPRESSION,
)
