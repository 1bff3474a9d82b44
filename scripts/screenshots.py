#!/usr/bin/env python3
"""Regenerate the README screenshots from the shipped ledger, with the tool itself.

    .venv/bin/python scripts/screenshots.py            # writes docs/img/*.png
    .venv/bin/python scripts/screenshots.py report     # only the report's (or: annotate)

1. `factcheck report --html` on the shipped ledger, photographed by headless Chromium: the top
   of the page at desktop width ("What we found", report.png); a claim's panel at tablet width,
   where it is a bottom sheet over the page (opened with #show=<a disputed claim>; #show does not
   scroll, as headless screenshots of a scrolled page come out blank; report-panel.png); and the
   top at phone width (report-phone.png).
2. `factcheck annotate --color always` at 100 columns; one section of its output and the legend
   are replayed into Rich's recording console, saved as SVG, and photographed by Chromium.

Needs Chromium (Debian: apt-get install -y chromium) or $FACTCHECK_CHROMIUM. Nothing is fetched
from the network: the report forbids it by its CSP, and the web-font rule that Rich puts in its
SVG is removed before the SVG is opened.
"""

from __future__ import annotations

import io
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from rich.console import Console  # noqa: TID251 - a dev script, not the package
from rich.text import Text  # noqa: TID251

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "docs" / "img"
FOCUS_CLAIM = "econ-bok-gdp-minus-4-9"  # disputed, a figure, three sources
SECTION = "Crumbling Inside"
SECTION_LINES = 26
LEGEND_LINES = 8
ANSI = re.compile(r"\x1b\[[0-9;]*m")


def chromium() -> str:
    for name in (os.environ.get("FACTCHECK_CHROMIUM"), "chromium", "chromium-browser"):
        if name and shutil.which(name):
            return str(shutil.which(name))
    sys.exit("Chromium not found: apt-get install -y chromium, or set FACTCHECK_CHROMIUM")


def shoot(url: str, png: Path, width: int, height: int, profile: Path) -> None:
    subprocess.run(
        [
            chromium(),
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--hide-scrollbars",
            "--force-device-scale-factor=1",
            f"--user-data-dir={profile}",
            f"--window-size={width},{height}",
            f"--screenshot={png}",
            url,
        ],
        check=True,
        capture_output=True,
        timeout=120,
    )
    print(f"wrote {png.relative_to(ROOT)} ({width}x{height})")


def factcheck(*args: str, env: dict[str, str] | None = None) -> str:
    done = subprocess.run(
        [sys.executable, "-m", "factcheck", *args, "--ledger", str(ROOT)],
        check=True,
        capture_output=True,
        text=True,
        env={**os.environ, **(env or {})},
    )
    return done.stdout


def terminal_excerpt(ansi: str) -> str:
    """The lines of one section of the annotated article, then the legend (its list of numbered
    claims cut after a few lines)."""
    lines = ansi.splitlines()
    plain = [ANSI.sub("", line) for line in lines]
    start = plain.index(SECTION)
    legend = next(i for i, line in enumerate(plain) if line.startswith("legend:"))
    tail = lines[legend:]
    if len(tail) > LEGEND_LINES + 1:
        tail = [*tail[:LEGEND_LINES], "  …"]
    return "\n".join([*lines[start : start + SECTION_LINES], "…", "", *tail])


def main() -> None:
    wanted = set(sys.argv[1:]) or {"report", "annotate"}
    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        if "report" in wanted:
            report = tmp / "report.html"
            factcheck("report", "--html", str(report))
            shoot(report.as_uri(), OUT / "report.png", 1280, 900, tmp / "p1")
            panel = f"{report.as_uri()}#show={FOCUS_CLAIM}"
            shoot(panel, OUT / "report-panel.png", 820, 1000, tmp / "p4")
            shoot(report.as_uri(), OUT / "report-phone.png", 500, 1000, tmp / "p2")
    if "annotate" in wanted:
        annotate_shot(OUT / "annotate.png")
        annotate_shot(OUT / "annotate-notes.png", "--notes", "--status", "disputed")


def annotate_shot(png: Path, *args: str) -> None:
    """`factcheck annotate --color always ARGS` at 100 columns, one section and the legend, as
    an image: e.g. ``--notes --status disputed``."""
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        ansi = factcheck("annotate", "--color", "always", *args, env={"COLUMNS": "100"})
        console = Console(record=True, width=100, force_terminal=True, file=io.StringIO())
        console.print(Text.from_ansi(terminal_excerpt(ansi)))
        svg = console.export_svg(title=" ".join(["factcheck annotate", *args]))
        svg = re.sub(r"@font-face\s*\{.*?\}", "", svg, flags=re.S)  # no web font fetch
        view = re.search(r'viewBox="0 0 ([\d.]+) ([\d.]+)"', svg)
        assert view, "no viewBox in Rich's SVG"
        width, height = (round(float(v)) for v in view.groups())
        page = tmp / "annotate.html"
        page.write_text(
            "<!doctype html><meta charset=utf-8><style>body{margin:0;background:#fff}"
            f"svg{{display:block;width:{width}px;height:{height}px}}</style>{svg}",
            encoding="utf-8",
        )
        shoot(page.as_uri(), png, width, height, tmp / "profile")


if __name__ == "__main__":
    main()
