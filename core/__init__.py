"""Cicero domain layer: configuration, data access, social-media clients, reports, accounts."""
