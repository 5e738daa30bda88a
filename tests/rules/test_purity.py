"""The rules engine and the rank/label commands never load Django."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import voorrang.rules

RULES = Path(voorrang.rules.__file__).parent
EXAMPLE = (
    Path(__file__).resolve().parents[1] / "data" / "scenarios" / "rank" / "lottery_ordering.json"
)


def test_no_module_of_the_rules_imports_django() -> None:
    for path in RULES.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                names = [node.module or ""]
            else:
                continue
            assert not any(name.split(".")[0] == "django" for name in names), path


def test_rank_runs_without_loading_django() -> None:
    program = (
        "import sys, io\n"
        "from voorrang.cli import main\n"
        "real, sys.stdout = sys.stdout, io.TextIOWrapper(io.BytesIO())\n"
        f"code = main(['rank', {str(EXAMPLE)!r}])\n"
        "sys.stdout = real\n"
        "assert code == 0, code\n"
        "loaded = sorted(m for m in sys.modules if m.split('.')[0] == 'django')\n"
        "print(len(loaded))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", program], capture_output=True, text=True, check=True, timeout=60
    )
    assert result.stdout.strip() == "0"
