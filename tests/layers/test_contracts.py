"""The layer contracts (pyproject.toml) hold, and each one bites: an import that breaks it
makes lint-imports fail."""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("haat", "accounts", "vendors", "orders", "bench", "tests")
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")


def _lint(tree: Path) -> subprocess.CompletedProcess:
    return subprocess.run(  # noqa: S603 - our own lint-imports, fixed arguments
        [str(LINT_IMPORTS), "--no-cache"], cwd=tree, capture_output=True, text=True, timeout=120
    )


@pytest.fixture(scope="module")
def tree(tmp_path_factory):
    """A copy of the source tree that a test may add a forbidden import to."""
    copy = tmp_path_factory.mktemp("tree")
    for name in PACKAGES:
        shutil.copytree(
            ROOT / name, copy / name, ignore=shutil.ignore_patterns("__pycache__", "*.pyc")
        )
    shutil.copy(ROOT / "pyproject.toml", copy / "pyproject.toml")
    return copy


def test_the_tree_keeps_every_contract():
    result = _lint(ROOT)
    assert result.returncode == 0, result.stdout


@pytest.mark.parametrize(
    ("module", "line", "contract"),
    [
        ("haat/core/cache.py", "import accounts.models", "Apps in one direction"),
        ("accounts/models.py", "import vendors.models", "Apps in one direction"),
        ("haat/selectors.py", "import vendors.models", "Apps in one direction"),
        ("vendors/views/catalogue.py", "import orders.selectors", "Apps in one direction"),
        ("orders/services/cart.py", "import haat.services", "Apps in one direction"),
        ("haat/services.py", "import bench.data", "never imports the benchmark"),
        ("vendors/models.py", "import tests.factories", "never imports the benchmark"),
    ],
)
def test_an_import_against_the_layers_breaks_the_build(tree, module, line, contract):
    # Given the tree with one import that goes the wrong way
    path = tree / module
    original = path.read_text()
    path.write_text(f"{line}  # noqa\n{original}")
    try:
        # When the contracts are checked
        result = _lint(tree)
    finally:
        path.write_text(original)
    # Then lint-imports fails and names the broken contract
    assert result.returncode != 0
    assert contract in result.stdout
    assert "BROKEN" in result.stdout
