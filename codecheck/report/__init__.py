"""Stage 6, report: one pure renderer per format, each `render(thing) -> str`; writing the file is the CLI's job.

It renders a Report, an Audit (report and scorecard), a Diff or the rulebook,
and may import every stage's types, never the CLI.
"""
