"""pip installs this project by a name nobody else holds: ``factcheck`` on PyPI is an unrelated
QuickCheck library, so the distribution is ``factcheck-ledger`` while the command, the import
package and the tool name in outputs stay ``factcheck``; and no install line in the docs or the
action names the other project."""

from __future__ import annotations

import importlib.metadata
import re

import pytest

import factcheck
from tests.cli_runner import run
from tests.factory import ROOT

DISTRIBUTION = "factcheck-ledger"
PYPROJECT = (ROOT / "pyproject.toml").read_text(encoding="utf-8")


def _key(table: str, key: str) -> str:
    """A string value of ``pyproject.toml`` (tomllib is not in Python 3.10)."""
    body = PYPROJECT.split(f"\n[{table}]\n", 1)[1].split("\n[", 1)[0]
    found = re.search(rf'^{re.escape(key)} = "([^"]*)"$', body, re.M)
    assert found, f"{key} not in [{table}]"
    return found.group(1)


def test_pyproject_names_the_distribution_and_keeps_the_command() -> None:
    assert _key("project", "name") == DISTRIBUTION
    assert _key("project.scripts", "factcheck") == "factcheck.cli:main"
    assert _key("project", "version") == factcheck.__version__


def test_installed_metadata_is_found_under_the_new_name() -> None:
    assert importlib.metadata.version(DISTRIBUTION) == factcheck.__version__
    scripts = importlib.metadata.distribution(DISTRIBUTION).entry_points
    assert [(e.name, e.value) for e in scripts if e.group == "console_scripts"] == [
        ("factcheck", "factcheck.cli:main")
    ]


def test_the_tool_still_calls_itself_factcheck() -> None:
    result = run("--version")
    assert result.code == 0
    assert result.stdout.startswith(f"factcheck {factcheck.__version__} ")


# `pip install factcheck`, `pip install -U factcheck==1.0`: the PyPI name of another project.
BARE_NAME = re.compile(r"\bpip3?\s+install\s+(?:-\S+\s+)*[\"']?factcheck(?![\w./-])")


def _docs() -> list[tuple[str, str]]:
    paths = [ROOT / "README.md", ROOT / "CONTRIBUTING.md", ROOT / "action.yml"]
    paths += sorted((ROOT / "docs").glob("*.md"))
    return [(str(p.relative_to(ROOT)), p.read_text(encoding="utf-8")) for p in paths]


def test_the_pattern_catches_the_ambiguous_install() -> None:
    assert BARE_NAME.search("- run: pip install factcheck && factcheck check")
    assert BARE_NAME.search('pip install -U "factcheck"')
    assert not BARE_NAME.search("pip install factcheck-ledger")
    assert not BARE_NAME.search("pip install ./.factcheck")
    assert not BARE_NAME.search("pip install -e '.[test]'")


@pytest.mark.parametrize(("name", "text"), _docs(), ids=[name for name, _ in _docs()])
def test_no_install_line_names_the_other_project(name: str, text: str) -> None:
    assert not BARE_NAME.search(text), f"{name} installs PyPI's unrelated 'factcheck'"


def test_the_action_installs_its_own_checkout() -> None:
    action = (ROOT / "action.yml").read_text(encoding="utf-8")
    installs = [line.strip() for line in action.splitlines() if "pip install" in line]
    assert installs == ['run: python -m pip install "$ACTION_PATH"']
    assert "ACTION_PATH: ${{ github.action_path }}" in action


def test_the_readme_says_why_the_names_differ() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert f"`{DISTRIBUTION}`" in readme and "unrelated" in readme
