import pytest

from tests.statistics.generate import generate


@pytest.fixture
def generated(essen, coordinator):
    """40 generated cases over the lifecycle (the coordinator of district IV exists too)."""
    return generate()
