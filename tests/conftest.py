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


# Property tests: repeatable in CI (derandomized), wider when asked:
#   HYPOTHESIS_PROFILE=explore make test
try:
    import os

    from hypothesis import HealthCheck, settings

    settings.register_profile("ci", derandomize=True, deadline=None, max_examples=60,
                              suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
    settings.register_profile("explore", deadline=None, max_examples=2000,
                              suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
    settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))
except ImportError:  # pragma: no cover - hypothesis is a test dependency
    pass
