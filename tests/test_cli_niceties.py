"""What users expect of a command line of this kind: the version with the ledger format, help
examples that run, syntax errors shown where the mistake starts, a hint towards `init`."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import typer

from factcheck import __version__
from factcheck.cli import app
from factcheck.ledger.vocab import FORMAT_VERSION
from tests.cli_runner import run
from tests.factory import ROOT, SHIPPED_LEDGER, write_ledger


def test_version_names_the_ledger_format() -> None:
    code, out, err = run("--version")
    assert code == 0 and err == ""
    assert out == f"factcheck {__version__} (ledger format {FORMAT_VERSION})\n"


def test_no_ledger_found_points_at_init(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    code, out, err = run("list")
    assert code == 2 and out == ""
    assert "error: no claims.yaml in" in err and "factcheck init" in err
    code, _, err = run("list", ledger=tmp_path / "nowhere")
    assert code == 2 and "no ledger at" in err and "factcheck init" in err


# Help examples name claims that exist -------------------------------------------------------------

EXAMPLE = re.compile(r"factcheck (show|cite|rate) ([a-z0-9][a-z0-9-]*)")


def shipped_ids() -> set[str]:
    code, out, _ = run("list", "--format", "plain", ledger=SHIPPED_LEDGER)
    assert code == 0
    return {line.split("\t")[0] for line in out.splitlines()}


def help_texts() -> dict[str, str]:
    """Every command's --help, lines joined (so a wrapped example reads as one)."""
    group = typer.main.get_command(app)
    names = [*group.commands, "source add"]  # type: ignore[attr-defined]
    return {name: " ".join(run(*name.split(), "--help").stdout.split()) for name in names}


def test_help_and_readme_examples_name_existing_claims() -> None:
    ids = shipped_ids()
    texts = {f"{name} --help": text for name, text in help_texts().items()}
    texts["README.md"] = " ".join((ROOT / "README.md").read_text("utf-8").split())
    found = [(where, m) for where, text in texts.items() for m in EXAMPLE.finditer(text)]
    # show, cite and rate each have an example in their help
    assert {m.group(1) for where, m in found if where != "README.md"} == {"show", "cite", "rate"}
    assert [(where, m.group(0)) for where, m in found if m.group(2) not in ids] == []


# YAML syntax errors point where the mistake is ---------------------------------------------------

HEAD = "format: 1\narticle: article\nclaims:\n"


@pytest.mark.parametrize(
    ("body", "where", "message"),
    [
        (  # an unclosed quote: PyYAML finds out only at the end of the file; shown at its start
            '  - id: a\n    kind: fact\n    quote: "The BOK reported\n    claim: x\n  - id: b\n',
            (6, 12),
            "found unexpected end of stream at line 9, column 1, "
            "while scanning a quoted scalar that starts here",
        ),
        (  # an unclosed flow mapping: shown at its '{'
            "  - {id: a, kind: fact, quote: GDP\n  - id: b\n",
            (4, 5),
            "did not find expected ',' or '}' at line 5, column 7, "
            "while parsing a flow mapping that starts here",
        ),
        (  # a key indented one space too few: shown on that line, the list's start named
            "  - id: a\n    kind: fact\n   quote: GDP\n",
            (6, 4),
            "did not find expected '-' indicator, "
            "while parsing a block collection that starts at line 4, column 3",
        ),
    ],
    ids=["unclosed-quote", "unclosed-flow-mapping", "bad-indentation"],
)
def test_syntax_error_points_where_the_mistake_is(
    tmp_path: Path, body: str, where: tuple[int, int], message: str
) -> None:
    path = write_ledger(tmp_path, claims_text=HEAD + body)
    for command in ("check", "list"):
        code, out, err = run(command, ledger=path)
        assert code == 2 and out == ""
        line, col = where
        assert err == (
            f"{path}:{line}:{col}: error: YAML syntax error: {message} "
            "(hint: fix the YAML; `yamllint` shows more detail)\n"
        )


# --format offers what the command accepts ---------------------------------------------------------


def test_show_help_offers_only_the_formats_show_writes(ledger: Path) -> None:
    code, out, _ = run("show", "--help")
    assert code == 0 and "--format <auto|table|plain|json>" in out
    assert "jsonl" not in out and "csv" not in out
    code, out, err = run("show", "gdp-contraction", "--format", "csv", ledger=ledger)
    assert code == 2 and out == ""
    assert "'csv' is not one of 'auto', 'table', 'plain', 'json'" in err
    code, out, _ = run("show", "gdp-contraction", "--format", "auto", ledger=ledger)
    assert code == 0 and out.startswith("id: gdp-contraction\n")  # auto: plain in a pipe
    code, out, _ = run("show", "gdp-contraction", "--json", ledger=ledger)
    assert code == 0 and '"id": "gdp-contraction"' in out
    # the commands that write every format still offer them all
    code, out, _ = run("list", "--help")
    assert "--format <auto|table|plain|json|jsonl|csv>" in out


# Shell completion ---------------------------------------------------------------------------------


PROGRAM = str(Path(sys.executable).with_name("factcheck"))  # the console script a shell runs


def complete(words: str, cwd: Path, shell: str = "bash") -> list[str]:
    """What factcheck offers at the end of ``words`` when the shell asks (the program itself,
    run as bash or zsh run it from the script --show-completion prints)."""
    env = {**os.environ, "_FACTCHECK_COMPLETE": f"complete_{shell}"}
    env |= {"COMP_WORDS": words, "COMP_CWORD": str(len(words.split(" ")) - 1)}
    env["_TYPER_COMPLETE_ARGS"] = words
    done = subprocess.run(
        [PROGRAM],
        env=env,
        cwd=cwd,
        capture_output=True,
        text=True,
        check=True,
    )
    assert done.stderr == ""
    return done.stdout.split()


def test_completion_offers_commands_options_and_claim_ids(ledger: Path) -> None:
    folder = ledger.parent
    assert complete("factcheck sh", folder) == ["show"]
    assert "--format" in complete("factcheck list --", folder)
    for command in ("show", "cite", "rate"):
        assert complete(f"factcheck {command} gdp", folder) == ["gdp-contraction"]
    assert set(complete("factcheck show ", folder)) == {
        "gdp-contraction",
        "food-shortage",
        "talks-resume",
    }
    # --ledger given before the id is the ledger completed from
    assert complete(f"factcheck show --ledger {folder} gdp", folder.parent) == ["gdp-contraction"]
    assert "gdp-contraction" in " ".join(complete("factcheck show gdp", folder, shell="zsh"))
    # no ledger: nothing to offer, and nothing said
    assert complete("factcheck show gdp", folder.parent) == []


def test_show_completion_prints_the_script() -> None:
    env = {"_TYPER_COMPLETE_TEST_DISABLE_SHELL_DETECTION": "1"}
    done = subprocess.run(
        [PROGRAM, "--show-completion", "bash"],
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        check=True,
    )
    assert "complete -o default -F _factcheck_completion factcheck" in done.stdout
    assert "_FACTCHECK_COMPLETE=complete_bash" in done.stdout


# --quiet ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "argv",
    [
        ["list"],
        ["list", "--format", "table"],
        ["search", "no such words at all"],
        ["stats"],
        ["annotate"],
    ],
    ids=" ".join,
)
def test_quiet_keeps_the_data_and_drops_the_talk(argv: list[str], ledger: Path) -> None:
    code, out, err = run(*argv, ledger=ledger)
    assert code == 0
    assert err != "" or argv == ["stats"]  # stats talks only of invalid entries
    for flag in ("--quiet", "-q"):
        assert run(*argv, flag, ledger=ledger) == (code, out, "")


def test_quiet_keeps_warnings_and_errors(tmp_path: Path) -> None:
    from tests.test_invalid_entries import with_invalid

    path = with_invalid(tmp_path / "l")
    code, out, err = run("list", "-q", ledger=path)
    assert code == 0 and out.count("\n") == 3
    assert len(err.splitlines()) == 1 and "warning: claim 'no-kind'" in err  # no summary line
    code, out, err = run("list", "-q", ledger=tmp_path / "none")
    assert code == 2 and "error: no ledger at" in err


def test_check_quiet_prints_findings_without_the_summary(tmp_path: Path) -> None:
    path = write_ledger(tmp_path)
    text = path.read_text("utf-8").replace("kind: prediction", "kind: fact", 1)
    assert text != path.read_text("utf-8")
    path.write_text(text, "utf-8")
    code, out, err = run("check", ledger=path)
    assert code == 1 and "[unsourced]" in out and "Found 1 error" in err
    assert run("check", "--quiet", ledger=path) == (code, out, "")
    base = tmp_path / "base.json"
    assert run("check", "-q", "--write-baseline", str(base), ledger=path) == (0, out, "")
    assert base.is_file()


# Progress on a terminal only ----------------------------------------------------------------------

PROGRESS_RUN = (
    "import sys\n"
    "from factcheck.commands import common\n"
    "from factcheck.cli import main\n"
    "common.PROGRESS_AFTER = float(sys.argv[1])  # 0: every run counts as long\n"
    "sys.argv = ['factcheck', *sys.argv[2:]]\n"
    "main()\n"
)


def many_ledgers(root: Path, count: int = 5) -> Path:
    for i in range(count):
        write_ledger(root / f"l{i}")
    return root


def run_on_stderr_pty(argv: list[str], cwd: Path, after: float = 0.0) -> tuple[int, str, str]:
    """``factcheck ARGV`` with stderr on a pseudo-terminal: its exit code, its stdout and what
    the terminal got."""
    import pty

    main_fd, child_fd = pty.openpty()
    with subprocess.Popen(
        [sys.executable, "-c", PROGRESS_RUN, str(after), *argv],
        cwd=cwd,
        stdout=subprocess.PIPE,
        stderr=child_fd,
        env={**os.environ, "FACTCHECK_NO_CACHE": "1", "TERM": "xterm", "COLUMNS": "80"},
    ) as child:
        os.close(child_fd)
        seen = b""
        while True:
            try:
                chunk = os.read(main_fd, 65536)
            except OSError:  # the child closed the terminal
                break
            if not chunk:
                break
            seen += chunk
        out = child.stdout.read().decode() if child.stdout else ""
        code = child.wait()
    os.close(main_fd)
    return code, out, seen.decode("utf-8", "replace")


@pytest.mark.parametrize(
    ("argv", "label"),
    [(["check", "."], "checking ledgers"), (["list", "--json", "."], "reading ledgers")],
)
def test_many_ledgers_show_progress_on_a_terminal_only(
    argv: list[str], label: str, tmp_path: Path
) -> None:
    root = many_ledgers(tmp_path / "tree")
    code, out, terminal = run_on_stderr_pty(argv, root)
    assert code == 0 and label in terminal
    # work done within a second draws nothing
    assert run_on_stderr_pty(argv, root, after=60.0)[2].count(label) == 0
    # the same run in a pipe: no bar, only what a run without one says
    piped = subprocess.run(
        [sys.executable, "-c", PROGRESS_RUN, "0", *argv],
        cwd=root,
        capture_output=True,
        text=True,
        env={**os.environ, "FACTCHECK_NO_CACHE": "1"},
        check=True,
    )
    assert piped.stdout == out
    assert label not in piped.stderr and "\x1b" not in piped.stderr and "\r" not in piped.stderr
    assert piped.stderr in ("", "All checks passed: 15 claims, 15 sources in 5 ledgers.\n")


def test_no_progress_in_a_pipe_even_for_long_work(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from factcheck.commands import common

    monkeypatch.setattr(common, "PROGRESS_AFTER", 0.0)
    root = many_ledgers(tmp_path / "tree")
    code, _, err = run("check", str(root))
    assert code == 0 and err.splitlines() == [
        "All checks passed: 15 claims, 15 sources in 5 ledgers."
    ]
    code, _, err = run("stats", str(root), "--format", "plain")
    assert code == 0 and err == ""
