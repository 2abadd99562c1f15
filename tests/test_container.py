"""The Dockerfile builds codecheck from this checkout. Without a Docker daemon, the test does what a build would:
it sends the files .dockerignore lets through, copies what each stage copies into a folder that stands for the
stage's file system, runs the build and install commands there (pip, offline, into a fresh Python), and runs
the entry point on the examples. Where a Docker daemon answers, it also builds the image and runs it."""

from __future__ import annotations

import fnmatch
import importlib.metadata
import json
import re
import shutil
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from helpers import OFFLINE_PIP, fresh_python

ROOT = Path(__file__).resolve().parent.parent
NOT_RUN = {"useradd --create-home --uid 10001 codecheck"}
"""RUN commands the emulation must not run on this machine; each is checked by a test of its own."""


@dataclass
class Stage:
    base: str
    name: str
    instructions: list[tuple[str, str]] = field(default_factory=list)


def instructions(text: str) -> list[tuple[str, str]]:
    """(INSTRUCTION, arguments) in order, continuation lines joined, comments dropped."""
    lines = [line for line in text.splitlines() if not line.lstrip().startswith("#")]
    joined = "\n".join(lines).replace("\\\n", " ")
    found = []
    for line in joined.splitlines():
        if line.strip():
            word, _, rest = line.strip().partition(" ")
            found.append((word.upper(), " ".join(rest.split())))
    return found


def stages() -> list[Stage]:
    found: list[Stage] = []
    for word, rest in instructions((ROOT / "Dockerfile").read_text(encoding="utf-8")):
        if word == "FROM":
            base, _, name = rest.partition(" AS ")
            found.append(Stage(base, name))
        else:
            found[-1].instructions.append((word, rest))
    return found


def sent(path: str) -> bool:
    """Whether .dockerignore lets `path` (relative to the checkout) into the build context: the last pattern
    that matches the path or a folder above it decides, `!` lets it in."""
    patterns = [p for p in (ROOT / ".dockerignore").read_text(encoding="utf-8").splitlines() if p and not p.startswith("#")]
    parts = Path(path).parts
    prefixes = ["/".join(parts[: n + 1]) for n in range(len(parts))]
    verdict = True
    for pattern in patterns:
        wanted = pattern.removeprefix("!")
        if any(_matches(prefix, wanted) for prefix in prefixes):
            verdict = pattern.startswith("!")
    return verdict


def _matches(path: str, pattern: str) -> bool:
    if pattern.startswith("**/"):
        return any(fnmatch.fnmatchcase(part, pattern[3:]) for part in path.split("/"))
    return path.count("/") == pattern.count("/") and fnmatch.fnmatchcase(path, pattern)


def context(folder: Path) -> Path:
    """The build context: the checkout's files that .dockerignore sends (a folder nothing is let in from is not walked)."""
    allowed = [p.removeprefix("!") for p in (ROOT / ".dockerignore").read_text(encoding="utf-8").splitlines() if p.startswith("!")]
    tops = [p for p in ROOT.iterdir() if sent(p.name) or any(a.startswith(p.name + "/") for a in allowed)]
    for path in sorted(f for top in tops for f in ([top] if top.is_file() else top.rglob("*"))):
        relative = path.relative_to(ROOT).as_posix()
        if path.is_file() and sent(relative):
            (folder / relative).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(path, folder / relative)
    return folder


def build(tmp_path: Path, python: Path) -> Path:
    """Run each stage in a folder standing for its file system; the final stage's WORKDIR is returned."""
    sent_files = context(tmp_path / "context")
    roots: dict[str, Path] = {}
    workdir = Path("/")
    for number, stage in enumerate(stages()):
        root = tmp_path / f"stage-{number}"
        roots[stage.name or str(number)] = root
        for word, rest in stage.instructions:
            here = root / str(workdir).lstrip("/")
            if word == "WORKDIR":
                workdir = workdir / rest
                (root / str(workdir).lstrip("/")).mkdir(parents=True, exist_ok=True)
            elif word == "COPY":
                copy(rest, sent_files, roots, here)
            elif word == "RUN" and rest not in NOT_RUN:
                assert " /" not in rest, f"a RUN command the test cannot run in a folder: {rest}"
                env = {"PATH": f"{python}:/usr/bin:/bin", "HOME": str(tmp_path), **OFFLINE_PIP}
                done = subprocess.run(["sh", "-c", rest], cwd=here, env=env, capture_output=True, text=True, timeout=300)
                assert done.returncode == 0, f"RUN {rest}\n{done.stdout}{done.stderr}"
    return root / str(workdir).lstrip("/")


def copy(arguments: str, sent_files: Path, roots: dict[str, Path], here: Path) -> None:
    *sources, target = arguments.split()
    origin = sent_files
    if sources[0].startswith("--from="):
        origin = roots[sources.pop(0).removeprefix("--from=")]
    destination = here / target
    for source in sources:
        found = origin / source.lstrip("/")
        assert found.exists(), f"COPY {source}: not in the build context (.dockerignore?)"
        if found.is_dir():
            shutil.copytree(found, destination if len(sources) == 1 and not target.endswith("/") else destination / found.name)
        else:
            destination.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(found, destination / found.name if target.endswith("/") else destination)


def not_locked() -> list[str]:
    """The pins of requirements/container.lock that this test environment does not hold: the image's offline
    install can only find what is installed here, so the lowest and newest jobs, which test other versions, cannot build it."""
    pins = re.findall(r"^([A-Za-z0-9_.-]+)==(\S+)", (ROOT / "requirements" / "container.lock").read_text(encoding="utf-8"), re.M)
    return [f"{name}=={version}" for name, version in pins if _installed(name) != version]


def _installed(name: str) -> str | None:
    try:
        return importlib.metadata.version(name)
    except importlib.metadata.PackageNotFoundError:
        return None


@pytest.fixture(scope="module")
def image(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The built stand-in for the image: its Python's bin folder and its WORKDIR."""
    missing = not_locked()
    if missing:
        pytest.skip(f"this environment does not hold the image's locked versions ({', '.join(missing[:3])}...): the locked job builds it")
    python = fresh_python(tmp_path_factory.mktemp("python") / "venv")
    return python, build(tmp_path_factory.mktemp("image"), python)


def test_the_context_holds_what_the_package_needs_and_nothing_private() -> None:
    assert all(sent(p) for p in ["pyproject.toml", "README.md", "codecheck/cli/app.py", "rules/09-lock-in/CC0902.yaml"])
    assert not any(sent(p) for p in [".git/config", ".venv/bin/python", "tests/helpers.py", "codecheck/__pycache__/x.pyc"])


def test_the_image_installs_codecheck_policy_and_nothing_else_of_this_checkout(image: tuple[Path, Path]) -> None:
    python, workdir = image
    shown = subprocess.run([str(python / "python"), "-m", "pip", "show", "codecheck-policy"], capture_output=True, text=True, check=True)
    assert f"Location: {python.parent}" in shown.stdout  # installed by the Dockerfile's command, not the test environment's
    installed = subprocess.run([str(python / "codecheck"), "--version"], capture_output=True, text=True, check=True)
    assert installed.stdout.startswith("codecheck")
    assert list((workdir.parent / "install").iterdir()) == []  # the wheel and the lock are removed


def test_the_entry_point_lints_the_mounted_folder(image: tuple[Path, Path], tmp_path: Path) -> None:
    python, _ = image
    final = stages()[-1]
    entry = json.loads(dict(final.instructions)["ENTRYPOINT"]) + json.loads(dict(final.instructions)["CMD"])
    assert entry == ["codecheck", "lint", "."]
    for example, status in [("customer-first", 0), ("lock-in", 1)]:
        shutil.copytree(ROOT / "examples" / example, tmp_path / example)
        done = subprocess.run(
            [str(python / entry[0]), *entry[1:]], cwd=tmp_path / example, capture_output=True, text=True,
            env={"PATH": f"{python}:/usr/bin:/bin", "CODECHECK_TODAY": "2026-11-24"},
        )
        assert done.returncode == status, done.stdout + done.stderr


def test_it_runs_as_a_user_of_its_own_on_the_python_ci_tests() -> None:
    final = stages()[-1]
    assert final.base == "python:3.11-slim" and all(s.base == final.base for s in stages())  # container.lock is for 3.11
    users = [rest for word, rest in final.instructions if word == "USER"]
    assert users == ["codecheck"]
    assert ("RUN", "useradd --create-home --uid 10001 codecheck") in final.instructions
    assert any("--require-hashes" in rest for word, rest in final.instructions if word == "RUN")


def docker() -> bool:
    try:
        return subprocess.run(["docker", "info"], capture_output=True, timeout=20).returncode == 0
    except (OSError, subprocess.TimeoutExpired):
        return False


@pytest.mark.skipif(not docker(), reason="no Docker daemon here: the tests above check what they can without one")
def test_the_image_builds_and_lints_a_mounted_policy_set(tmp_path: Path) -> None:
    subprocess.run(["docker", "build", "-q", "-t", "codecheck-test", str(ROOT)], check=True, capture_output=True, timeout=1200)
    for example, status in [("customer-first", 0), ("lock-in", 1)]:
        mounted = f"{ROOT / 'examples' / example}:/work:ro"
        done = subprocess.run(["docker", "run", "--rm", "-e", "CODECHECK_TODAY=2026-11-24", "-v", mounted, "codecheck-test"], capture_output=True)
        assert done.returncode == status, done.stdout + done.stderr
