"""API-11 field rules (pure functions shared by the sidecar, the menus and the importers)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from core.accounts import fields
from core.accounts.errors import FieldError


def test_api11_nrp_rules() -> None:
    assert fields.lookup_nrp(" 7 701-2345 ") == "77012345"
    assert fields.lookup_nrp(77012345) == "77012345"
    assert fields.new_nrp("NRP 770.123") == "770123"
    with pytest.raises(FieldError, match="6-18 digit"):
        fields.new_nrp("12345")


@given(st.text(max_size=40))
def test_api11_normalisers_never_crash_on_free_text(text: str) -> None:
    assert fields.lookup_nrp(text).isdigit() or fields.lookup_nrp(text) == ""
    result = fields.email_or_none(text)
    assert result is None or (result == result.lower() and "@" in result)
    for call in (
        lambda: fields.phone(text),
        lambda: fields.phone_list(text, "client_operator"),
        lambda: fields.group_list(text),
        lambda: fields.handle(text, "instagram"),
        lambda: fields.handle(text, "tiktok"),
        lambda: fields.text_field(text, "nama"),
        lambda: fields.boolean(text, "status"),
        lambda: fields.client_id(text),
    ):
        try:
            call()
        except FieldError as exc:
            assert exc.message and exc.reason == "validation_error"


def test_api11_email() -> None:
    assert fields.email(" Nama.Saya@Contoh.CO.ID ") == "nama.saya@contoh.co.id"
    for bad in (
        "nama@",
        "nama@localhost",
        "nama@10.0.0.1",
        "nåma@contoh.com",
        "a@b@c.com",
        "a..b@contoh.com",
    ):
        assert fields.email_or_none(bad) is None, bad


def test_api11_phone_and_lists() -> None:
    assert fields.phone("0812-1111-2222") == "6281211112222"
    assert fields.phone("+62 857 0000 3333") == "6285700003333"
    assert fields.phone("") == "" and fields.phone(None) == ""
    with pytest.raises(FieldError, match="Nomor telepon tidak valid"):
        fields.phone("12345")
    assert (
        fields.phone_list("0812 1111 2222; 081211112222\n+62 857 0000 3333", "x")
        == "6281211112222, 6285700003333"
    )
    with pytest.raises(FieldError, match="Nomor WhatsApp tidak valid: 12"):
        fields.phone_list("081211112222, 12", "client_operator")


def test_api11_group_ids() -> None:
    assert fields.group_list("120363012345678901, 6281234567890-1500000000@g.us") == (
        "120363012345678901@g.us, 6281234567890-1500000000@g.us"
    )
    assert fields.group_list("https://chat.whatsapp.com/120363012345678901") == "120363012345678901@g.us"
    for bad in ("https://chat.whatsapp.com/AbCdEfGh", "6281234567890@s.whatsapp.net"):
        with pytest.raises(FieldError, match="client_group tidak valid"):
            fields.group_list(bad)


def test_api11_handles_and_reserved() -> None:
    assert fields.handle("https://www.instagram.com/Polres.Contoh/?hl=id", "instagram") == "polres.contoh"
    assert fields.handle("@Satu.Dua", "tiktok") == "satu.dua"
    assert fields.handle("https://m.tiktok.com/@Satu.Dua", "tiktok") == "satu.dua"
    with pytest.raises(FieldError, match="Format username Instagram"):
        fields.handle("https://www.instagram.com/p/ABCdef123/", "instagram")
    with pytest.raises(FieldError, match="Format username TikTok"):
        fields.handle("https://www.tiktok.com/@a/video/1234567890123456789", "tiktok")
    with pytest.raises(FieldError, match="username instagram tidak valid"):
        fields.handle("@Admin", "instagram")


def test_api11_text_boolean_client_id() -> None:
    assert fields.text_field("  budi  ", "nama") == "BUDI"
    with pytest.raises(FieldError, match="nama maksimal 100 karakter"):
        fields.text_field("x" * 101, "nama")
    assert fields.text_field("x", "title", 1) == "X"
    assert [fields.boolean(v, "f") for v in (True, "YA", "aktif", 1, "off", "Nonaktif", 0)] == [
        True, True, True, True, False, False, False,
    ]  # fmt: skip
    assert fields.client_id(" polres_x-1 ") == "POLRES_X-1"
    with pytest.raises(FieldError, match="client_id tidak valid"):
        fields.client_id("polres x")
