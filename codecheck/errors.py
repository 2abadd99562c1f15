"""The errors that stop a run, and the exit codes they map to.

Stop vs report: a problem in a policy document is a finding and the run goes
on; a problem with what the user asked for (a missing path, a bad option, a
broken rule pack or config) stops the run with EXIT_USAGE.
"""

from __future__ import annotations

EXIT_OK = 0
EXIT_FINDINGS = 1
EXIT_USAGE = 2


class UsageError(Exception):
    """The command cannot run as asked; the message says why, in one line."""
