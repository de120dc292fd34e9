import os
from pathlib import Path

import pytest
from hypothesis import settings

# In CI the property tests run the same examples every time: a new crash is found locally,
# not as a random red build. Locally they explore new examples on each run.
settings.register_profile("ci", derandomize=True, database=None)
if os.environ.get("CI"):
    settings.load_profile("ci")

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
SAMPLE_STEM = "leics-cfs-scrutiny-2025-01-21"


@pytest.fixture(scope="session")
def sample_md() -> str:
    return str(FIXTURES / f"{SAMPLE_STEM}.md")


@pytest.fixture(scope="session")
def sample_pdf() -> str:
    return str(FIXTURES / f"{SAMPLE_STEM}.pdf")


@pytest.fixture(scope="session")
def sample_docx() -> str:
    return str(FIXTURES / f"{SAMPLE_STEM}.docx")


_PACKS: dict = {}


def _cached_pack(path: str):
    from auditor.pipeline import load_pack

    if path not in _PACKS:
        _PACKS[path] = load_pack(path)
    return _PACKS[path]


@pytest.fixture(scope="session")
def pack_md(sample_md):
    """The sample pack (Markdown form), parsed once per test session. Do not mutate."""
    return _cached_pack(sample_md)


@pytest.fixture(scope="session")
def pack_pdf(sample_pdf):
    return _cached_pack(sample_pdf)


@pytest.fixture(scope="session")
def pack_docx(sample_docx):
    return _cached_pack(sample_docx)


def run_rules(pack, select: list[str], options: dict | None = None):
    """Findings of the shipped rules matching `select` (ids or prefixes) on a parsed pack."""
    from auditor.checks import run_checks
    from auditor.rules import load_rules, select_rules

    return run_checks(pack, select_rules(load_rules(), select), options or {})


def pack_from_markdown(text: str, source: str = "test.md"):
    """A pack parsed from Markdown text written in a test."""
    from auditor.ingest.markdown import parse_markdown
    from auditor.structure.segment import segment

    return segment(parse_markdown(text, source))
