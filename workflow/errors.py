"""Domain errors raised by services; the API and the UI translate them (409, 403, 400)."""


class Conflict(Exception):
    """The action is not allowed in the case's current state, or a guard failed."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message
