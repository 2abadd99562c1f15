"""codecheck: a policy-as-code compliance linter for customer-facing practices."""

__version__ = "0.1.0"
