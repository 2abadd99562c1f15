"""Stage 5, gate: what fails a run or a pull request. Suppressions, baselines, diffs and the pre-commit hook.

It takes checked Reports and Documents and returns them marked (suppressed,
baselined) or compared (a Diff of customer-adverse changes and of new and
resolved findings). It may import documents, settings and engine; never
pipeline, report or cli.
"""
