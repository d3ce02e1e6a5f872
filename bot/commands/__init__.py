"""One module per `cicero` subcommand; each exposes `register(subparsers)`.

Adding a command = adding its module name to COMMANDS.
"""

COMMANDS: list[str] = ["api", "chat", "db", "demo", "doctor", "fetch", "import_users", "jobs", "report", "run", "worker"]
