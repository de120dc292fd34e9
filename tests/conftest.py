from pathlib import Path

import pytest

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
