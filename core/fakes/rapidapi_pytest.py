"""pytest fixtures for the fake RapidAPI server, registered for every test by `tests/conftest.py`.

    async def test_something(fake_rapidapi, social_clients, db):
        fake_rapidapi.instagram.add_post("polres_a", "DAbc123xyz", taken_at=now)
        settings = fake_rapidapi.settings()          # Settings pointed at the fake, delays 0
        ...                                          # or use `social_clients` (built from it)

`fake_rapidapi`: one server per test session, data and faults reset before each test.
`social_clients`: `SocialClients` built from `fake_rapidapi.settings()` (closed after the test).
For a subprocess (`cicero fetch`), merge `fake_rapidapi.env()` into its environment.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator

import pytest

from core.fakes.rapidapi import FakeRapidApi
from core.social.clients import SocialClients, open_social_clients


@pytest.fixture(scope="session")
def rapidapi_server() -> Iterator[FakeRapidApi]:
    fake = FakeRapidApi().start()
    yield fake
    fake.stop()


@pytest.fixture
def fake_rapidapi(rapidapi_server: FakeRapidApi) -> FakeRapidApi:
    rapidapi_server.reset()
    return rapidapi_server


@pytest.fixture
async def social_clients(fake_rapidapi: FakeRapidApi) -> AsyncIterator[SocialClients]:
    clients = open_social_clients(fake_rapidapi.settings())
    yield clients
    await clients.aclose()
