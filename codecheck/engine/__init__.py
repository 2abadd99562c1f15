"""Stage 3, engine: the rulebook and the sound Documents -> an Outcome per rule and subject, and the Findings.

Rule files are compiled once (rulebook.py, conditions.py, selectors.py) into
the typed trees of codecheck/language.py and evaluated over the policy set
(evaluate.py, failures.py, operators.py), in one process or several
(parallel.py). It imports documents/ and the foundation, never settings,
grading, gate, report or cli.
"""
