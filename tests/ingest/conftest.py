"""Fixtures for ingestion tests: `deps` (real database, Redis and the fake RapidAPI server)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import pytest

from core.db import Database
from core.fakes.rapidapi import FakeRapidApi
from core.ingest import IngestDeps
from tests.ingest.ingest_helpers import deps_for


@pytest.fixture
async def deps(db: Database, redis: Any, fake_rapidapi: FakeRapidApi) -> AsyncIterator[IngestDeps]:
    async with deps_for(db, redis, fake_rapidapi.settings()) as d:
        yield d
