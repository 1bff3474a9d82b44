"""The ``check`` command: the CI gate, with ``--fix`` and baselines."""

import os
import sys
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from factcheck.commands.common import (
    console,
    expected_failures,
    load,
    note,
    progress,
    report_failures,
    write_output,
)
from factcheck.commands.options import (
    Color,
    ColorOpt,
    LedgerOpt,
    PathsArg,
    quietable,
    usage,
)

if TYPE_CHECKING:
    from collections.abc import Callable

    from factcheck.checks.gate import CheckResult
    from factcheck.ledger.models import Ledger
    from factcheck.scale.pool import Failure


class CheckFormat(str, Enum):
    TEXT = "text"
    JSON = "json"
    GITHUB = "github"
    SARIF = "sarif"
    MARKDOWN = "markdown"


@quietable
def check(
    paths: PathsArg = None,
    ledger: LedgerOpt = None,
    format_: Annotated[
        CheckFormat | None,
        typer.Option(
            "--format",
            "-f",
            help="text, json, github (default under GitHub Actions), sarif or markdown.",
            show_default=False,
        ),
    ] = None,
    strict: Annotated[bool, typer.Option("--strict", help="Warnings fail the run too.")] = False,
    output_file: Annotated[
        Path | None,
        typer.Option("--output", "-o", dir_okay=False, help="Write the report here, not stdout."),
    ] = None,
    color: ColorOpt = Color.AUTO,
    fix: Annotated[
        bool, typer.Option("--fix", help="Rewrite lost quotes to the article's new text.")
    ] = False,
    fix_threshold: Annotated[
        float,
        typer.Option("--fix-threshold", min=0, max=100, help="Least score --fix accepts (0-100)."),
    ] = 90.0,
    baseline: Annotated[
        Path | None,
        typer.Option("--baseline", dir_okay=False, help="Fail only on findings not in this file."),
    ] = None,
    write_baseline: Annotated[
        Path | None,
        typer.Option(
            "--write-baseline",
            dir_okay=False,
            help="Record today's findings here and exit 0 (--baseline FILE then fails only on "
            "new ones).",
        ),
    ] = None,
    require_archive: Annotated[
        bool,
        typer.Option(
            "--require-archive", help="Turn on no-archive: every source with a url needs archive:."
        ),
    ] = False,
    sarif_root: Annotated[
        Path | None,
        typer.Option(
            "--sarif-root",
            file_okay=False,
            help="SARIF: file paths relative to this folder (%SRCROOT%) [default: the root of "
            "the git repository holding the ledger, else the current folder].",
            show_default=False,
        ),
    ] = None,
) -> None:
    """The CI gate: every claim sourced, every quote in the article, every source complete.

    Exit 0 when clean (or once --write-baseline has recorded the findings), 1 on errors (or
    warnings with --strict), 2 when the ledger cannot be read.
    """
    with expected_failures():
        if format_ is None:
            in_actions = os.environ.get("GITHUB_ACTIONS") == "true"
            format_ = CheckFormat.GITHUB if in_actions else CheckFormat.TEXT
        from factcheck.formats import findings
        from factcheck.ledger.discover import resolve_paths
        from factcheck.scale.pool import check_ledgers

        if sarif_root is not None and format_ is not CheckFormat.SARIF:
            usage("--sarif-root is for --format sarif")
        targets = resolve_paths(paths, ledger)
        failures: list[Failure] = []
        if fix or baseline is not None or write_baseline is not None:
            if len(targets) != 1:
                usage("--fix and baselines work on one ledger at a time")
            from factcheck.checks.gate import check_ledger

            loaded = load(targets[0])
            if fix:
                loaded = _fix_quotes(loaded, fix_threshold)
            checked = check_ledger(loaded, require_archive=require_archive)
            result = _baselines(checked, baseline, write_baseline)
        elif require_archive:  # not the cached results: those hold the default rules only
            from factcheck.checks.gate import check_ledger
            from factcheck.scale.pool import load_ledgers, merge_results

            ledgers, failures = load_ledgers(targets)
            report_failures(failures, any_loaded=bool(ledgers))
            result = merge_results([check_ledger(x, require_archive=True) for x in ledgers])
        else:
            with progress("checking ledgers", color) as advance:
                result, failures = check_ledgers(targets, advance)
            report_failures(failures, any_loaded=bool(result.ledgers))
        code = 2 if failures else result.exit_code(strict=strict)
        if write_baseline is not None:
            code = 0  # the findings are recorded: accepting them is what was asked
        renderers: dict[CheckFormat, Callable[[CheckResult], str]] = {
            CheckFormat.TEXT: findings.check_text,
            CheckFormat.JSON: lambda r: findings.check_json(r, strict=strict),
            CheckFormat.GITHUB: findings.check_github,
            CheckFormat.SARIF: lambda r: findings.check_sarif(
                r,
                findings.SarifRun(
                    root=_sarif_root(sarif_root, targets),
                    cwd=Path.cwd(),
                    exit_code=code,
                    unreadable=tuple((f.path, f.message) for f in failures),
                ),
            ),
            CheckFormat.MARKDOWN: lambda r: findings.check_markdown(
                r, strict=strict, unreadable=[(f.path, f.message) for f in failures]
            ),
        }
        if output_file is None and format_ is CheckFormat.TEXT and sys.stdout.isatty():
            if result.findings:
                from factcheck.formats.terminal.views import findings_text

                console(color).print(findings_text(result.findings), end="")
        else:
            write_output(renderers[format_](result), output_file)
        note(findings.summary(result))
        if failures:
            total = len(failures) + len(result.ledgers)
            note(f"{len(failures)} of {total} ledgers could not be read.")
    if code:
        raise typer.Exit(code)


def _sarif_root(given: Path | None, targets: "list[Path]") -> Path:
    """Where SARIF roots its paths: the folder given, else the git work tree holding the first
    ledger (GitHub code scanning maps paths from the repository root), else the current folder."""
    import subprocess

    if given is not None:
        return Path(os.path.abspath(given))
    start = targets[0].parent if targets and targets[0].is_file() else Path.cwd()
    if targets and targets[0].is_dir():
        start = targets[0]
    try:
        top = subprocess.run(
            ["git", "rev-parse", "--show-toplevel"],
            cwd=start,
            capture_output=True,
            text=True,
            check=False,
        )
    except OSError:
        return Path.cwd()
    found = top.stdout.strip()
    return Path(os.path.abspath(found)) if top.returncode == 0 and found else Path.cwd()


def _fix_quotes(loaded: "Ledger", threshold: float) -> "Ledger":
    """``--fix``: rewrite the lost quotes that re-anchor safely, say what changed, reload."""
    from factcheck.editing.edits import fix_quotes
    from factcheck.text.inert import one_line

    report = fix_quotes(loaded, threshold)
    for f in report.fixes:
        a = f.match.anchor
        note(
            f"fixed quote of '{f.claim_id}' (score {f.match.score:g}, article {a.line}:{a.col}): "
            f"{one_line(f.old)!r} -> {one_line(f.match.text)!r}"
        )
    if report.fixes:
        note(f"{len(report.fixes)} quote(s) rewritten in {loaded.claims_path.name}")
        return load(loaded.claims_path)
    if not report.orphans:
        note("no lost quotes to fix")
    return loaded


def _baselines(
    result: "CheckResult", baseline: Path | None, write_to: Path | None
) -> "CheckResult":
    """``--write-baseline`` records ``result``; ``--baseline`` keeps only its new findings."""
    from factcheck.checks.baseline import apply_baseline, load_baseline, write_baseline

    if write_to is not None:
        write_baseline(result, write_to)
        note(f"baseline of {len(result.findings)} finding(s) written to {write_to}")
    if baseline is None:
        return result
    outcome = apply_baseline(result, load_baseline(baseline))
    note(f"{outcome.known} known finding(s) accepted by {baseline}")
    if outcome.gone:
        entries = "entry is" if len(outcome.gone) == 1 else "entries are"
        note(
            f"{len(outcome.gone)} baseline {entries} fixed now; "
            "write the baseline again to tighten it"
        )
    return outcome.result
