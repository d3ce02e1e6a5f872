"""Conversation fixtures for `dashrequest` (CONV-170) and `wabot` (CONV-175): the real router of
tests/dirrequest over the test database, Redis and the fake RapidAPI server."""

from tests.dirrequest.conftest import chat, dir_settings, seeded  # noqa: F401 - pytest fixtures
