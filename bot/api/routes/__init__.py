"""Thin route modules: parse, authorise, call `core`, shape the response (API-1)."""
