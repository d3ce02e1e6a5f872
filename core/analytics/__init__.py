"""Dashboard analytics (API-84, API-87, API-88): read-only figures over the report engine's data model."""
