"""The simulation engine is pure: it imports no Django, and running it loads none."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import voorrang.simulation

PACKAGE = Path(voorrang.simulation.__file__).parent


def test_no_module_of_the_simulation_imports_django() -> None:
    for path in PACKAGE.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                names = [node.module or ""]
            else:
                continue
            assert not any(name.split(".")[0] == "django" for name in names), path


def test_a_run_to_a_folder_loads_no_django(tmp_path) -> None:
    program = (
        "import sys\n"
        "from pathlib import Path\n"
        "from voorrang.simulation.model import load_scenario\n"
        "from voorrang.simulation.runner import run_to_folder\n"
        f"s = load_scenario({str(PACKAGE / 'scenarios' / 'zeist-lflat.toml')!r}).with_months(3)\n"
        f"run_to_folder([s], out=Path({str(tmp_path)!r}), replications=1, workers=1)\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] == 'django'))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", program], capture_output=True, text=True, check=True, timeout=120
    )
    assert result.stdout.strip() == "[]"
