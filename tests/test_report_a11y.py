"""The HTML report passes axe-core's accessibility rules (WCAG 2.1 A and AA, and best practice)
in headless Chromium, offline.

axe-core (Deque, MPL-2.0) is vendored in ``tests/vendor/axe.min.js`` from the npm registry; it is
test-only and never ships in the package. The test writes a copy of the report with axe and a
few lines that run it and put the violations into the DOM (the copy drops the page's CSP, which
would rightly refuse the added scripts), and reads them back with ``--dump-dom``. Checked: colour
contrast, labels, landmarks, heading order, names of focusable controls, ARIA use, and the rest
of axe's rule set, on the page as it opens, with a claim's panel open, and at phone width.
"""

from __future__ import annotations

import html
import json
import re
from pathlib import Path
from typing import Any

import pytest

from tests.chromium import find_chromium, run_chromium
from tests.cli_runner import run
from tests.demo_ledger import write_ledger
from tests.factory import SHIPPED_LEDGER

AXE = Path(__file__).parent / "vendor" / "axe.min.js"
CHROMIUM = find_chromium()
pytestmark = pytest.mark.skipif(
    CHROMIUM is None, reason="Chromium not found: install Debian's `chromium` to run axe-core"
)
RUNNER = """
axe.run(document, {runOnly: {type: "tag",
  values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]}})
.then(function (r) {
  var pre = document.createElement("pre");
  pre.id = "axe-result";
  pre.textContent = JSON.stringify({
    passes: r.passes.map(function (p) { return p.id; }),
    violations: r.violations.map(function (v) {
      return {id: v.id, impact: v.impact, help: v.help,
        nodes: v.nodes.slice(0, 5).map(function (n) { return n.target.join(" "); })};
    })
  });
  document.body.appendChild(pre);
});
"""


def axe_on(tmp_path: Path, ledger: Path, hash_: str = "", width: int = 1280) -> dict[str, Any]:
    assert CHROMIUM is not None
    report = tmp_path / "report.html"
    result = run("report", "--html", str(report), "-l", str(ledger))
    assert result.code == 0, result.stderr
    page = report.read_text(encoding="utf-8")
    page = re.sub(r'<meta http-equiv="Content-Security-Policy"[^>]*>', "", page, count=1)
    axe = AXE.read_text(encoding="utf-8")
    page = page.replace("</body>", f"<script>{axe}</script><script>{RUNNER}</script></body>")
    probe = tmp_path / f"a11y-{width}.html"
    probe.write_text(page, encoding="utf-8")
    dom = run_chromium(
        CHROMIUM,
        tmp_path / f"profile-{width}",
        "--virtual-time-budget=60000",
        "--dump-dom",
        probe.as_uri() + hash_,
        width=width,
    )
    found = re.search(r'<pre id="axe-result">(.*?)</pre>', dom, re.S)
    assert found, "axe-core wrote no result: " + dom[-300:]
    got: dict[str, Any] = json.loads(html.unescape(found.group(1)))
    return got


def fixture_ledger(tmp_path: Path) -> Path:
    write_ledger(tmp_path / "ledger")
    return tmp_path / "ledger"


@pytest.mark.parametrize(
    ("hash_", "width"),
    [("", 1280), ("#show=output-fell", 1280), ("#show=headline", 500)],
    ids=["as-opened", "panel-open", "phone-panel-open"],
)
def test_report_has_no_axe_violations(tmp_path: Path, hash_: str, width: int) -> None:
    got = axe_on(tmp_path, fixture_ledger(tmp_path), hash_, width)
    assert got["violations"] == []
    # the rules that matter most here did run and pass
    for rule in ("color-contrast", "label", "heading-order", "landmark-one-main", "region"):
        assert rule in got["passes"], rule


@pytest.mark.skipif(not SHIPPED_LEDGER.is_file(), reason="the shipped ledger is not here")
def test_shipped_report_has_no_axe_violations(tmp_path: Path) -> None:
    got = axe_on(tmp_path, SHIPPED_LEDGER, "#show=econ-bok-gdp-minus-4-9")
    assert got["violations"] == []
