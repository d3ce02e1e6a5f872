"""Issue [ops] item 2: the configuration reference is kept in sync with .env.example by this test."""

from tests.ops.config_doc import DOC, ENV_EXAMPLE, render


def test_configuration_reference_matches_env_example() -> None:
    expected = render(ENV_EXAMPLE.read_text(encoding="utf-8"))
    assert DOC.read_text(encoding="utf-8") == expected, "run: .venv/bin/python tests/ops/config_doc.py"
