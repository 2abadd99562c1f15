"""JSON Schema checks: a fast yes or no, and an explanation only for what fails.

jsonschema-rs answers valid or invalid about 40 times faster than jsonschema
on policy documents; jsonschema, imported only when something is invalid,
explains why in a way codecheck turns into a message. Every schema check in
codecheck (documents, rules, config, change directions) goes through here.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Callable, Iterator

if TYPE_CHECKING:
    from jsonschema import Draft202012Validator, ValidationError


class Checker:
    """One compiled schema (Draft 2020-12)."""

    def __init__(self, schema: dict[str, Any]) -> None:
        self.schema = schema
        self._fast: Callable[[Any], bool] | None = None
        self._explainer: Draft202012Validator | None = None

    def is_valid(self, instance: Any) -> bool:
        if self._fast is None:
            try:
                import jsonschema_rs
            except ImportError:  # pragma: no cover - a platform without a jsonschema-rs wheel
                self._fast = self._explain().is_valid
            else:
                self._fast = jsonschema_rs.validator_for(self.schema).is_valid
        try:
            return self._fast(instance)
        except (ValueError, OverflowError):  # jsonschema-rs 0.20 (the lowest allowed) holds no integer beyond 64 bits
            return self._explain().is_valid(instance)

    def errors(self, instance: Any) -> Iterator[ValidationError]:
        """Every violation, as jsonschema reports it; nothing when the instance is valid."""
        if self.is_valid(instance):
            return iter(())
        return self._explain().iter_errors(instance)

    def best_error(self, instance: Any) -> ValidationError | None:
        """The most relevant violation, or None."""
        if self.is_valid(instance):
            return None
        from jsonschema.exceptions import best_match

        best: ValidationError | None = best_match(self._explain().iter_errors(instance))
        return best

    def _explain(self) -> Draft202012Validator:
        if self._explainer is None:
            from jsonschema import Draft202012Validator

            self._explainer = Draft202012Validator(self.schema)
        return self._explainer
