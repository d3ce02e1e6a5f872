"""Renders docs/configuration.md from .env.example (the single documented list of settings).

Regenerate after changing settings: `.venv/bin/python tests/ops/config_doc.py`.
"""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
ENV_EXAMPLE = ROOT / ".env.example"
DOC = ROOT / "docs" / "configuration.md"

HEADER = """# Configuration reference

Every setting is an environment variable (or a line in `.env`, which `.env.example` shows in
full). This page is generated from `.env.example`; a test keeps the two identical. Empty values
mean the default described. Secrets are never printed or logged.

"""


def render(env_example: str) -> str:
    out = [HEADER]
    comment: list[str] = []
    examples: list[str] = []

    def flush_note() -> None:
        # A comment block with indented examples documents a family of variables (per session, per job).
        if examples:
            text = " ".join(comment).replace("|", "\\|")
            shown = "<br>".join(f"`{e}`" for e in examples)
            out.append(f"| {shown} | | {text} |\n")
            comment.clear()
            examples.clear()

    for raw in env_example.splitlines():
        line = raw.strip()
        if line.startswith("# ===") and line.endswith("==="):
            comment.clear()
            out.append(
                f"\n## {line.strip('# =').strip()}\n\n| Variable | Default | Meaning |\n|---|---|---|\n"
            )
        elif raw.startswith("#   "):
            examples.append(raw[1:].strip())
        elif line.startswith("#"):
            flush_note()
            comment.append(line.lstrip("# ").strip())
        elif "=" in line and len(out) > 1:
            flush_note()
            name, _, default = line.partition("=")
            meaning = " ".join(comment).replace("|", "\\|")
            shown = f"`{default}`" if default else "(empty)"
            out.append(f"| `{name}` | {shown} | {meaning} |\n")
            comment.clear()
        elif not line:
            flush_note()
            comment.clear()
    return "".join(out).rstrip() + "\n"


if __name__ == "__main__":
    DOC.write_text(render(ENV_EXAMPLE.read_text(encoding="utf-8")), encoding="utf-8")
    print(f"wrote {DOC}")
