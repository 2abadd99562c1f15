"""Stage 2, settings: config files and command-line overrides -> one Config, and which rules run where.

It takes a path (to find the nearest config file) and the command line's
values, and returns a frozen Config with the source of each value. It reads
files through documents/ and imports no later stage (engine, grading, gate,
report, cli).
"""
