"""Where the shipped data lives: rules/ in a source checkout, auditor/rules_data in an installed wheel."""
from __future__ import annotations

from pathlib import Path


def shipped_rules_dir() -> Path:
    """The rules/ directory: packaged inside the wheel as auditor/rules_data, or the repo's rules/."""
    package_dir = Path(__file__).resolve().parent
    installed = package_dir / "rules_data"
    if installed.is_dir():
        return installed
    return package_dir.parent / "rules"  # a source checkout or editable install
