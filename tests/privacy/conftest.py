import pytest

from tests.privacy.world import plant


@pytest.fixture
def world(cast):
    return plant(cast)
