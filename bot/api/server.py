"""The sidecar as a runtime component (`cicero run`, `cicero api`): uvicorn serving `create_app`
on API_HOST:PORT inside the process's event loop."""

from __future__ import annotations

import asyncio
import logging

import uvicorn
from starlette.types import ASGIApp

from bot.api.app import create_app
from core.app import AppContext

log = logging.getLogger("bot.api")


def uvicorn_config(app: ASGIApp, host: str, port: int) -> uvicorn.Config:
    """The launch options of the sidecar (`cicero run`, `cicero api`, and the tests' live server)."""
    return uvicorn.Config(
        app,
        host=host,
        port=port,
        log_config=None,  # our structured logging, one line per request (API-8)
        access_log=False,
        lifespan="on",
        # API-17: uvicorn's defaults (proxy_headers=True, forwarded_allow_ips=127.0.0.1) made any
        # X-Forwarded-For from a loopback peer the client IP. Off here; `middleware.client_ip` alone
        # reads the header, and only from TRUSTED_PROXIES.
        proxy_headers=False,
    )


class ApiServer:
    name = "api"

    def __init__(
        self,
        app: AppContext,
        host: str | None = None,
        port: int | None = None,
        *,
        runs_sessions: bool = False,
    ) -> None:
        self.ctx = app
        self.runs_sessions = runs_sessions
        self.host = host or app.settings.api_host
        self.port = port if port is not None else app.settings.port
        self.server: uvicorn.Server | None = None
        self.task: asyncio.Task[None] | None = None

    async def start(self) -> None:
        config = uvicorn_config(create_app(self.ctx, runs_sessions=self.runs_sessions), self.host, self.port)
        self.server = uvicorn.Server(config)
        self.server.install_signal_handlers = lambda: None  # type: ignore[method-assign]
        self.task = asyncio.create_task(self.server.serve())
        while not self.server.started:
            if self.task.done():
                self.task.result()  # re-raises a bind error
                raise RuntimeError("HTTP server stopped during start-up")
            await asyncio.sleep(0.05)
        log.info("api_listening", extra={"host": self.host, "port": self.port})

    async def stop(self) -> None:
        if self.server is not None and self.task is not None:
            self.server.should_exit = True
            await self.task


def component(app: AppContext) -> ApiServer:
    """`cicero run`: the sidecar next to the WhatsApp sessions of the same process (API-10 health/wa)."""
    return ApiServer(app, runs_sessions=True)
