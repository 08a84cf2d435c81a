"""Why an input could not be read.

Every parser failure a user can cause with a file ends as an `InputError` with a stable code;
the CLI turns it into a one-line message (messages.py) and exit code 2, and an audit report
turns it into an `input` finding.  Anything else escaping a parser is a bug in budgetcheck.
"""

from __future__ import annotations


class InputError(Exception):
    """A file budgetcheck cannot read, with a stable code naming the cause."""

    def __init__(self, code: str, path: str, detail: str = "") -> None:
        super().__init__(f"{code}: {path}: {detail}" if detail else f"{code}: {path}")
        self.code = code
        self.path = path
        self.detail = detail

    def __reduce__(self) -> tuple[object, ...]:
        # picklable, so a batch can send it to and from worker processes
        return (InputError, (self.code, self.path, self.detail))

    def message(self, lang: str = "zh") -> str:
        from budgetcheck.messages import input_error_message

        return input_error_message(self, lang)
