"""A plain clone passes `make test`: nothing the build or the tests run reads a path outside the repository.

Two checks. Statically, no tracked build file, script or test names a relative path that climbs out of the
repository (resolved from the file's folder and from the root, where make and the scripts run) or the old
sibling folder `shared/`. Dynamically, a clone in an empty temporary folder has every fixture folder the tests
and fuzz seeds read, with the counts the suites expect.
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CHECKED_SUFFIXES = {".swift", ".py", ".sh", ".mk", ".toml", ".cfg", ".ini"}
CHECKED_NAMES = {"Makefile", "Package.swift", "run"}
# A relative path that starts by climbing: ../x, ../../x, inside a string or a make/shell word.
CLIMB = re.compile(r"(?<![\w.])((?:\.\./)+)([\w.*$(){}-]+)")


def tracked_files() -> list[Path]:
    names = subprocess.run(["git", "ls-files"], cwd=ROOT, capture_output=True, text=True, check=True).stdout.split()
    return [ROOT / n for n in names if Path(n).suffix in CHECKED_SUFFIXES or Path(n).name in CHECKED_NAMES]


def escapes(base: Path, climb: str) -> bool:
    depth = climb.count("../")
    try:
        base.resolve().relative_to(ROOT)
    except ValueError:
        return True
    return depth > len(base.resolve().relative_to(ROOT).parts)


def test_no_build_file_script_or_test_reads_outside_the_repository():
    offenders = []
    for path in tracked_files():
        if path == Path(__file__).resolve():
            continue
        for number, line in enumerate(path.read_text(errors="replace").splitlines(), 1):
            climbs_out = any(escapes(path.parent, climb) and escapes(ROOT, climb) for climb, _ in CLIMB.findall(line))
            if climbs_out or "shared/testdata" in line:
                offenders.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()}")
    assert not offenders, "paths outside the repository:\n" + "\n".join(offenders)


def test_the_checker_catches_a_path_outside():
    # The old layout's paths, as they stood, are caught: the check above can fail.
    assert escapes(ROOT / "Tests/DynamoDBTests", "../../../")
    assert escapes(ROOT, "../")
    assert not escapes(ROOT / "Tests/DynamoDBTests", "../")


def test_a_clone_with_no_siblings_has_every_fixture(tmp_path):
    clone = tmp_path / "alone" / "clone"
    clone.parent.mkdir()
    subprocess.run(["git", "clone", "-q", "--no-hardlinks", str(ROOT), str(clone)], check=True)
    assert sorted(p.name for p in clone.parent.iterdir()) == ["clone"]
    fixtures = clone / "Tests/Fixtures"
    events = sorted(p.name for p in (fixtures / "events").glob("*.json"))
    assert len([e for e in events if "request" in e]) >= 8, events
    assert (fixtures / "events/LICENSE-aws-lambda-go").is_file()
    sigv4 = sorted((fixtures / "sigv4").rglob("*.req"))
    assert len(sigv4) == 34  # what SigV4SuiteTests.suiteIsPresentAndComplete expects
    assert (fixtures / "sigv4/LICENSE").is_file() and (fixtures / "sigv4/NOTICE").is_file()
    # The fuzz targets' seed folders, as make expands them in the clone, all exist there.
    for target in ("json", "event", "sigv4"):
        out = subprocess.run(["make", "-s", "-C", str(clone), "--eval", f"print-seeds: ; @echo $(FUZZ_SEEDS_{target})",
                              "print-seeds"], capture_output=True, text=True, check=True).stdout.split()
        assert out, target
        for folder in out:
            assert (clone / folder).is_dir(), (target, folder)
