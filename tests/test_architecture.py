"""The layout is the architecture: each stage imports only the stages before it, and no module imports itself back.

load -> validate -> evaluate -> grade -> report, wired in pipeline.py and driven
by the CLI. A lower stage importing a higher one, or any import circle, fails here.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "codecheck"

GROUPS = {
    "foundation": ("codecheck", "codecheck.errors", "codecheck.model", "codecheck.language", "codecheck.tenets", "codecheck.profile", "codecheck.progress", "codecheck.inputs"),
    "documents": ("codecheck.documents",),
    "settings": ("codecheck.settings",),
    "engine": ("codecheck.engine",),
    "grading": ("codecheck.grading",),
    "gate": ("codecheck.gate",),
    "records": ("codecheck.records",),
    "pipeline": ("codecheck.pipeline", "codecheck.provenance", "codecheck.recording", "codecheck.warm"),
    "report": ("codecheck.report",),
    "lsp": ("codecheck.lsp",),
    "cli": ("codecheck.cli", "codecheck.__main__"),
}
MAY_IMPORT = {
    "foundation": {"foundation"},
    "documents": {"foundation", "documents"},
    "settings": {"foundation", "documents", "settings"},
    "engine": {"foundation", "documents", "engine"},
    "grading": {"foundation", "grading"},
    "gate": {"foundation", "documents", "settings", "engine", "gate"},
    "records": {"foundation", "documents", "records"},
    "pipeline": {"foundation", "documents", "settings", "engine", "grading", "gate", "records", "pipeline"},
    "report": {"foundation", "documents", "settings", "engine", "grading", "gate", "records", "pipeline", "report"},
    "lsp": {"foundation", "documents", "settings", "engine", "grading", "gate", "records", "pipeline", "report", "lsp"},
    "cli": set(GROUPS),
}


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def group_of(module: str) -> str:
    """The group of the longest prefix that names `module` (codecheck itself is the foundation)."""
    best, chosen = -1, ""
    for group, prefixes in GROUPS.items():
        for prefix in prefixes:
            if (module == prefix or module.startswith(prefix + ".")) and len(prefix) > best:
                best, chosen = len(prefix), group
    return chosen


def imports_of(module: str) -> set[str]:
    """Every codecheck module `module` imports, at any depth of the file (lazy imports too)."""
    tree = ast.parse(MODULES[module].read_text(encoding="utf-8"))
    found: set[str] = set()
    package = module if MODULES[module].name == "__init__.py" else module.rpartition(".")[0]
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names if alias.name.split(".")[0] == "codecheck")
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                base = ".".join(package.split(".")[: len(package.split(".")) - node.level + 1] + ([base] if base else []))
            if base.split(".")[0] != "codecheck":
                continue
            for alias in node.names:
                submodule = f"{base}.{alias.name}"
                found.add(submodule if submodule in MODULES else base)
    found.discard(module)
    return found


def test_every_module_belongs_to_a_stage() -> None:
    assert all(group_of(module) for module in MODULES), [m for m in MODULES if not group_of(m)]


@pytest.mark.parametrize("module", sorted(MODULES))
def test_a_module_imports_only_its_own_stage_and_the_ones_before_it(module: str) -> None:
    group = group_of(module)
    wrong = {imported: group_of(imported) for imported in imports_of(module) if group_of(imported) not in MAY_IMPORT[group]}
    assert not wrong, f"{module} ({group}) imports {wrong}"


def test_no_module_imports_itself_back_through_others() -> None:
    graph = {module: imports_of(module) & MODULES.keys() for module in MODULES}
    state: dict[str, int] = {}
    circles: list[list[str]] = []

    def visit(module: str, trail: list[str]) -> None:
        state[module] = 1
        for imported in sorted(graph[module]):
            if state.get(imported) == 1:
                circles.append(trail[trail.index(imported) :] + [imported] if imported in trail else [module, imported])
            elif imported not in state:
                visit(imported, [*trail, imported])
        state[module] = 2

    for module in sorted(graph):
        if module not in state:
            visit(module, [module])
    # the package itself imports nothing, and __init__ of a stage may re-export its own modules
    circles = [c for c in circles if not (len(c) == 3 and c[0] == c[2] and c[1].startswith(c[0] + "."))]
    assert not circles, circles


@pytest.mark.parametrize("group", [g for g in GROUPS if g not in ("foundation", "pipeline")])
def test_each_stage_package_says_what_it_takes_returns_and_must_not_import(group: str) -> None:
    (package,) = [p for p in GROUPS[group] if MODULES[p].name == "__init__.py"]
    docstring = ast.get_docstring(ast.parse(MODULES[package].read_text(encoding="utf-8")))
    assert docstring and len(docstring.split(".")) >= 3, package
    assert "import" in docstring, package


def test_every_module_imports_on_its_own_in_a_fresh_interpreter() -> None:
    """No module depends on another having been imported first (the circles this layout removed did)."""
    import subprocess
    import sys

    names = [m for m in MODULES if m != "codecheck.__main__"]
    script = "import importlib, sys\nfor name in sys.argv[1:]:\n    importlib.import_module(name)\n"
    for name in names:  # one interpreter per module: each must import with nothing before it
        done = subprocess.run([sys.executable, "-c", script, name], capture_output=True, text=True, timeout=60)
        assert done.returncode == 0, (name, done.stderr)
