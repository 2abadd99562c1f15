"""Scorecards read back: what an earlier run (or another repository's run) recorded.

Takes a scorecard's JSON (a file from an earlier audit, a CI artefact of
another repository) and returns a `Record`; compares two records
(`History`: how the grades moved, which findings are new, resolved or still
open and since when) and aggregates many (`Portfolio`). Every input is
untrusted: size-bounded, schema-checked, and never executed. It may import
the foundation and documents (the safe file reader and schema checker) only.
"""
