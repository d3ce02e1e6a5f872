from __future__ import annotations

import pytest

from tests.reports.seed import Seed


@pytest.fixture
async def seed(db):
    return Seed(db)
