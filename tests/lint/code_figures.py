"""Figures of the product code for reviews of its shape (issue #20's before/after):

    python -m tests.lint.code_figures [ROOT]

modules and their lines, functions over 30 lines, the most complex functions (McCabe, via
ruff), ``Any`` in annotations and direct ORM calls (``.objects.``) in view modules. Counts
``api/``, ``backend/`` and ``workflows/`` without migrations.
"""

from __future__ import annotations

import ast
import json
import re
import subprocess
import sys
from pathlib import Path

PRODUCT = ("api", "backend", "workflows")


def _modules(root: Path) -> list[Path]:
    return [
        path
        for folder in PRODUCT
        for path in sorted((root / folder).rglob("*.py"))
        if "migrations" not in path.parts
    ]


def _complexities(root: Path) -> list[tuple[int, str]]:
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "ruff",
            "check",
            "--isolated",
            "--select",
            "C901",
            "--config",
            "lint.mccabe.max-complexity=0",
            "--output-format",
            "json",
            *PRODUCT,
        ],
        cwd=root,
        capture_output=True,
        text=True,
        check=False,
    )
    found = []
    for item in json.loads(result.stdout or "[]"):
        if "/migrations/" in item["filename"]:
            continue
        match = re.search(r"`(.+)` is too complex \((\d+) > 0\)", item["message"])
        if match:
            found.append((int(match.group(2)), match.group(1)))
    return sorted(found, reverse=True)


def figures(root: Path) -> dict[str, object]:
    modules = _modules(root)
    sizes = sorted(
        (
            (len(p.read_text(encoding="utf-8").splitlines()), p.relative_to(root).as_posix())
            for p in modules
        ),
        reverse=True,
    )
    long_functions, any_count, view_orm = 0, 0, 0
    for path in modules:
        text = path.read_text(encoding="utf-8")
        any_count += len(re.findall(r"\bAny\b", text))
        if "views" in path.parts or path.name == "views.py":
            view_orm += text.count(".objects.")
        for node in ast.walk(ast.parse(text)):
            if not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                continue
            if (node.end_lineno or node.lineno) - node.lineno + 1 > 30:
                long_functions += 1
    complexity = _complexities(root)
    return {
        "modules": len(modules),
        "lines": sum(size for size, _ in sizes),
        "largest modules": sizes[:3],
        "modules over 400 lines": sum(1 for size, _ in sizes if size > 400),
        "functions over 30 lines": long_functions,
        "most complex functions": complexity[:3],
        "functions over complexity 11": sum(1 for c, _ in complexity if c > 11),
        "`Any` occurrences": any_count,
        "`.objects.` in view modules": view_orm,
    }


def main() -> None:
    root = Path(sys.argv[1]).resolve() if len(sys.argv) > 1 else Path.cwd()
    for name, value in figures(root).items():
        print(f"{name}: {value}")


if __name__ == "__main__":
    main()
