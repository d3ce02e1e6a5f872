"""Report kinds of this family register themselves in the catalogue on import."""
