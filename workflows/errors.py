"""Domain errors of the workflow. The API maps each to a problem+json type and status."""

from __future__ import annotations

from typing import Any


class WorkflowError(Exception):
    """Base class; ``code`` is a stable machine key, ``message`` is German for people."""

    code = "workflow-error"

    def __init__(self, message: str, **extra: Any) -> None:
        super().__init__(message)
        self.message = message
        self.extra = extra


class UnknownTransition(WorkflowError):
    code = "unknown-transition"


class TransitionNotAllowedInState(WorkflowError):
    """The case is in a state the transition does not start from (409)."""

    code = "transition-not-allowed"


class Forbidden(WorkflowError):
    """The actor may not do this on this case (403)."""

    code = "forbidden"


class GuardFailed(WorkflowError):
    """A business rule blocks the transition (409), e.g. budget exhausted, plan incomplete."""

    code = "guard-failed"


class InvalidPayload(WorkflowError):
    """The transition's data is invalid (400); ``errors`` maps field → messages."""

    code = "invalid-payload"

    def __init__(self, message: str, errors: dict[str, list[str]]) -> None:
        super().__init__(message, errors=errors)
        self.errors = errors


class StaleCase(WorkflowError):
    """Someone else changed the case since it was read (409): reload and try again."""

    code = "stale-case"
