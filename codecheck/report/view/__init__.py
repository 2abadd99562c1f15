"""What the scorecard says, worked out once for every format that shows it: pure data, no markup.

The summary (grade, coverage, legal errors by jurisdiction, what would raise
the grade, what was not assessed), the grades explained in words, the
findings grouped by rule, and the excerpts of YAML they are about.
"""
