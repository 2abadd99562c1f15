"""Stage 4, grading: Outcomes -> a Scorecard, a score and letter per tenet and overall (docs/scoring.md).

It is pure arithmetic over outcomes and imports only the foundation (model,
tenets), never the engine that produced them or the reports that show them.
"""
