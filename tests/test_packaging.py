"""Packaging: every subpackage ships, and the shipped rules are found from the package."""
from pathlib import Path

try:
    import tomllib
except ImportError:  # Python 3.10
    import tomli as tomllib

from auditor.rules import load_rules

ROOT = Path(__file__).resolve().parent.parent


def test_every_subpackage_is_listed_in_pyproject():
    listed = set(tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]["packages"])
    on_disk = {".".join(p.parent.relative_to(ROOT).parts) for p in (ROOT / "auditor").rglob("__init__.py")}
    assert on_disk <= listed, f"add to [tool.setuptools] packages: {sorted(on_disk - listed)}"
    assert "auditor.rules_data" in listed


def test_rule_files_in_the_repo_all_load():
    files = sorted((ROOT / "rules").glob("*.yaml"))
    rules = load_rules()
    assert files and {Path(r.source).name for r in rules} == {f.name for f in files}
