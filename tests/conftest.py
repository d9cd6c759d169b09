from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures"


@pytest.fixture(scope="session")
def lexicons():
    from ogpparse.pipeline import lexicons_for

    return lexicons_for()


@pytest.fixture(scope="session")
def months(lexicons):
    from ogpparse.lexicon import all_months

    return all_months(lexicons)
