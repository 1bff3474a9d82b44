"""Long views through a pager, as git does: only on an interactive terminal, only when the view
does not fit on the screen, never in a pipe. ``pager_for`` decides (pure, tested without a
terminal); ``page`` pipes the already rendered text to it."""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Mapping

DEFAULT = "less -R"
"""The pager when neither ``$FACTCHECK_PAGER`` nor ``$PAGER`` is set (-R: colours pass through)."""


def pager_for(
    *,
    stdout_tty: bool,
    stdin_tty: bool,
    lines: int,
    height: int,
    env: Mapping[str, str],
    no_pager: bool = False,
) -> str | None:
    """The pager command a view of ``lines`` lines goes through on a terminal ``height`` lines
    tall, or None to print it straight.

    None with ``--no-pager``, when stdout or stdin is not a terminal (a pipe, a file, a script),
    with ``TERM=dumb``, and when the view fits above the prompt (fewer lines than the terminal).
    The command is ``$FACTCHECK_PAGER``, else ``$PAGER``, else ``less -R``; set to nothing (or
    to ``cat``) it means no pager.
    """
    if no_pager or not (stdout_tty and stdin_tty) or env.get("TERM") == "dumb":
        return None
    if height <= 0 or lines < height:
        return None
    command = env.get("FACTCHECK_PAGER", env.get("PAGER", DEFAULT)).strip()
    return None if command in ("", "cat") else command


def page(text: str, command: str) -> bool:
    """``text`` through the pager ``command`` (split as the shell would, run without one); False
    when it cannot be started, so the caller prints the text itself. Ctrl-C belongs to the pager
    while it runs; quitting it early is not an error."""
    import shlex
    import subprocess

    try:
        argv = shlex.split(command)
    except ValueError:
        return False
    env = dict(os.environ)
    env.setdefault("LESS", "R")  # `PAGER=less` without -R would show colours as escapes
    try:
        proc = subprocess.Popen(argv, stdin=subprocess.PIPE, env=env)
    except OSError:
        return False
    assert proc.stdin is not None
    data = text.encode(sys.stdout.encoding or "utf-8", "replace")
    try:
        proc.stdin.write(data)
    except (BrokenPipeError, KeyboardInterrupt):
        pass
    finally:
        with contextlib.suppress(BrokenPipeError):
            proc.stdin.close()
    while True:
        try:
            proc.wait()
            return True
        except KeyboardInterrupt:
            continue
