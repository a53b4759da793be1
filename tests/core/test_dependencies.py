"""The application runs on its own dependencies: `make run` and production install only
pyproject.toml's `dependencies`, not the test extras, so a module of the application that imports
a test-only package (pypdf was one) breaks the application while every test passes."""

import ast
import importlib.metadata as metadata
import re
import sys
import tomllib
from pathlib import Path

from packaging.requirements import Requirement

ROOT = Path(__file__).resolve().parents[2]
APPLICATION = ["config", "core", "incidents", "workflows", "benchmarks"]


def canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def installed_closure(requirements: list[str]) -> set[str]:
    """The distributions `requirements` install: each one, with its extras, and what they need."""
    seen: set[str] = set()
    pending = [Requirement(text) for text in requirements]
    while pending:
        requirement = pending.pop()
        name = canonical(requirement.name)
        key = name + "[" + ",".join(sorted(requirement.extras)) + "]"
        if key in seen:
            continue
        seen.add(key)
        for text in metadata.requires(requirement.name) or []:
            needed = Requirement(text)
            if needed.marker is None or any(
                    needed.marker.evaluate({"extra": extra})
                    for extra in requirement.extras or {""}):
                pending.append(needed)
    return {key.split("[")[0] for key in seen}


def imported_top_level_modules() -> dict[str, str]:
    """Every top-level module the application imports, with one file that imports it."""
    found = {}
    for package in APPLICATION:
        for path in (ROOT / package).rglob("*.py"):
            for node in ast.walk(ast.parse(path.read_text(), str(path))):
                if isinstance(node, ast.Import):
                    names = [alias.name for alias in node.names]
                elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                    names = [node.module]
                else:
                    continue
                for name in names:
                    found.setdefault(name.split(".")[0], str(path.relative_to(ROOT)))
    return found


def test_the_application_imports_only_what_its_own_dependencies_install():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    allowed = installed_closure(project["dependencies"])
    distributions = metadata.packages_distributions()
    missing = {}
    for module, path in imported_top_level_modules().items():
        if module in sys.stdlib_module_names or (ROOT / module).is_dir():
            continue
        owners = {canonical(name) for name in distributions.get(module, [])}
        if not owners & allowed:
            missing[module] = path
    assert missing == {}, f"imported but not installed by pyproject's dependencies: {missing}"

