"""The read-only dashboard page (issue 22 item 3): Jinja2 templates and the assets it serves itself."""
