"""`make lint`: no product module is longer than 400 lines (house style: split a module into a
package when it grows). Migrations and tests are not counted.

    python -m tests.lint.module_sizes          # exit 1 and a list when a module is too long
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PRODUCT = ("api", "backend", "workflows")
LIMIT = 400


def too_long(root: Path = ROOT, limit: int = LIMIT) -> list[tuple[str, int]]:
    found = []
    for folder in PRODUCT:
        for path in sorted((root / folder).rglob("*.py")):
            if "migrations" in path.parts:
                continue
            lines = len(path.read_text(encoding="utf-8").splitlines())
            if lines > limit:
                found.append((path.relative_to(root).as_posix(), lines))
    return found


def main() -> int:
    found = too_long()
    for path, lines in found:
        print(f"{path}: {lines} lines (at most {LIMIT}; split it into a package)")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
