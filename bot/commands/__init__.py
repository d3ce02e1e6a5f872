"""One module per `cicero` subcommand; each exposes `register(subparsers)`.

Adding a command = adding its module name to COMMANDS.
"""

COMMANDS: list[str] = [
    "api",
    "chat",
    "db",
    "demo",
    "doctor",
    "fetch",
    "health",
    "import_users",
    "jobs",
    "outbox",
    "report",
    "run",
    "wa",
    "worker",
]
