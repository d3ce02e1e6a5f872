"""Cicero process edges: transports, router, outbox sender, HTTP sidecar, scheduler, CLI."""
