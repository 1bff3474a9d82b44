"""The package's one exception type: an expected failure the user can fix."""

from __future__ import annotations

import contextlib
from pathlib import Path


class FactcheckError(Exception):
    """A ledger that cannot be read or a request that cannot be met.

    The CLI prints it as one line, ``path:line:col: message``, followed by what to do, and exits 2.
    """

    def __init__(
        self,
        message: str,
        *,
        path: Path | str | None = None,
        line: int | None = None,
        col: int | None = None,
        hint: str | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.path = Path(path) if path is not None else None
        self.line = line
        self.col = col
        self.hint = hint

    def location(self) -> str:
        """``path:line:col`` (as much of it as is known), or an empty string."""
        if self.path is None:
            return ""
        path = self.path
        if path.is_absolute():  # shown relative to the current folder when below it
            with contextlib.suppress(ValueError):
                path = path.relative_to(Path.cwd())
        parts = [str(path)]
        if self.line is not None:
            parts.append(str(self.line))
            if self.col is not None:
                parts.append(str(self.col))
        return ":".join(parts)

    def __str__(self) -> str:
        where = self.location()
        text = f"{where}: {self.message}" if where else self.message
        return f"{text} ({self.hint})" if self.hint else text
