"""The README is a front page and docs/ holds the rest: every relative link and anchor in README.md and
docs/*.md reaches a file and a heading that exist, the front page stays short and names the two commands, and
the benchmark table in docs/benchmarks.md is exactly what `python -m tools.bench.report --doc` writes;
Package.swift's layer comment names every module the bootstrap links."""

from __future__ import annotations

import glob
import json
import os
import re
import shutil
import subprocess

from tools.bench import report

PACKAGE_ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
PAGES = ["README.md", *sorted(glob.glob("docs/*.md", root_dir=PACKAGE_ROOT))]
LINK = re.compile(r"!?\[[^\]]*\]\(([^)\s]+)\)")
FENCE = re.compile(r"^```.*?^```", re.MULTILINE | re.DOTALL)


def read(page: str) -> str:
    with open(os.path.join(PACKAGE_ROOT, page), encoding="utf-8") as file:
        return file.read()


def anchors(page: str) -> set[str]:
    """GitHub's heading ids: lower case, punctuation dropped (hyphens and underscores kept), spaces to hyphens."""
    headings = re.findall(r"^#{1,6} (.+)$", FENCE.sub("", read(page)), re.MULTILINE)
    return {re.sub(r"[^\w\- ]", "", heading.strip().lower()).replace(" ", "-") for heading in headings}


def relative_links(page: str) -> list[str]:
    return [target for target in LINK.findall(FENCE.sub("", read(page))) if not re.match(r"^[a-z]+:", target)]


def test_every_relative_link_and_anchor_resolves():
    broken = []
    for page in PAGES:
        for target in relative_links(page):
            path, _, anchor = target.partition("#")
            resolved = os.path.normpath(os.path.join(os.path.dirname(page), path)) if path else page
            if not os.path.exists(os.path.join(PACKAGE_ROOT, resolved)):
                broken.append(f"{page}: {target} (no file {resolved})")
            elif anchor and resolved.endswith(".md") and anchor not in anchors(resolved):
                broken.append(f"{page}: {target} (no heading #{anchor} in {resolved})")
    assert not broken, "\n".join(broken)


def test_every_docs_page_is_in_the_index_and_on_the_front_page():
    index, front = relative_links("docs/README.md"), relative_links("README.md")
    for page in PAGES:
        if page.startswith("docs/") and page != "docs/README.md":
            name = os.path.basename(page)
            assert name in index, f"docs/README.md does not link {name}"
            assert page in front, f"README.md does not link {page}"


def test_the_front_page_is_short_and_names_the_two_commands():
    text = read("README.md")
    assert len(text.splitlines()) <= 250
    assert "make run" in text and "make test" in text


def test_the_benchmark_table_is_what_the_report_regenerates(tmp_path):
    with open(os.path.join(PACKAGE_ROOT, "bench", "results.json"), encoding="utf-8") as file:
        results = json.load(file)
    copy = tmp_path / "docs" / "benchmarks.md"
    copy.parent.mkdir()
    shutil.copy(os.path.join(PACKAGE_ROOT, "docs", "benchmarks.md"), copy)
    (tmp_path / "bench").mkdir()
    report.update_doc(results, str(copy), chart_path=str(tmp_path / "bench" / "chart.png"))
    assert copy.read_text(encoding="utf-8") == read("docs/benchmarks.md")


def test_the_package_layer_comment_names_every_module_the_bootstrap_links():
    dump = subprocess.run(["swift", "package", "dump-package"], cwd=PACKAGE_ROOT, capture_output=True, text=True, timeout=120)
    assert dump.returncode == 0, dump.stderr
    targets = {target["name"]: target for target in json.loads(dump.stdout)["targets"]}
    linked, pending = set(), ["Bootstrap"]
    while pending:
        name = pending.pop()
        if name in linked or targets[name]["type"] == "system":
            continue
        linked.add(name)
        pending += [dependency["byName"][0] for dependency in targets[name]["dependencies"] if "byName" in dependency]
    with open(os.path.join(PACKAGE_ROOT, "Package.swift"), encoding="utf-8") as file:
        comment = " ".join(line[2:] for line in file.read().splitlines() if line.startswith("//"))
    layers = comment[comment.index("Layers"):]
    assert not [name for name in sorted(linked) if not re.search(rf"\b{name}\b", layers)]
