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


def test_every_shipped_data_file_is_in_the_package_data():
    """A file under rules/ that no package-data pattern names is missing from an installed wheel."""
    patterns = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]["package-data"][
        "auditor.rules_data"]
    shipped = [p.relative_to(ROOT / "rules") for p in (ROOT / "rules").rglob("*.yaml")]
    missing = [str(p) for p in shipped if not any(_glob_matches(p, pattern) for pattern in patterns)]
    assert shipped and not missing, f"add to package-data: {missing}"


def test_the_shipped_vocabulary_is_found():
    from auditor.vocab import month_names, number_words

    assert number_words()["twenty-one"] == 21 and month_names()[0] == "january"


def _glob_matches(path: Path, pattern: str) -> bool:
    """As package-data globs match: part by part ('*.yaml' does not reach into 'vocab/')."""
    from fnmatch import fnmatch

    parts = pattern.split("/")
    return len(parts) == len(path.parts) and all(fnmatch(p, q) for p, q in zip(path.parts, parts))
