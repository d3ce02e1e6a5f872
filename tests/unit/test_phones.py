"""Phone numbers and JIDs: one normaliser (DLV-20..DLV-24, API-11, CONV-9, CONV-30, JOB-102)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from core.phones import (
    FieldKind,
    RecipientError,
    invalid_phones,
    is_group_jid,
    is_lid_jid,
    jid_to_phone,
    join_phone_list,
    lid_digits,
    mask_phone,
    mask_phones,
    normalize_phone,
    normalize_recipient,
    parse_phone,
    parse_phone_list,
    parse_recipient,
    parse_recipients,
    phone_to_jid,
    split_multi,
)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("0812-1111-2222", "6281211112222"),  # DLV-21 examples
        ("+62 857 0000 3333", "6285700003333"),
        ("85711114444", "6285711114444"),
        ("6281211112222", "6281211112222"),
        ("0062 812 1111 2222", "6281211112222"),
        ("+1 415 555 0100", "14155550100"),  # a leading + keeps a foreign country code
        ("6281211112222@c.us", "6281211112222"),  # legacy suffix
        ("6281211112222@s.whatsapp.net", "6281211112222"),
        ("6281211112222:17@s.whatsapp.net", "6281211112222"),  # device suffix
        ("081211112222@c.us", "6281211112222"),  # legacy typed value with suffix (DB migration)
        (6281211112222, "6281211112222"),
    ],
)
def test_valid_numbers_get_the_storage_form(raw: object, expected: str) -> None:
    assert normalize_phone(raw) == expected


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        ("", "empty"),
        ("   ", "empty"),
        ("12345", "bad_length"),
        ("0812 1111 2222 3333 44", "bad_length"),
        ("120363012345678901@g.us", "not_a_person"),
        ("123456789012345@lid", "not_a_person"),  # LID digits are never a phone (CONV-9)
        ("status@broadcast", "unsupported_domain"),
        ("abc@s.whatsapp.net", "bad_jid"),
    ],
)
def test_invalid_numbers_are_refused_with_a_reason(raw: str, reason: str) -> None:
    assert normalize_phone(raw) is None
    with pytest.raises(RecipientError) as err:
        parse_phone(raw)
    assert err.value.reason == reason


def test_none_is_no_number() -> None:
    assert normalize_phone(None) is None


@given(st.from_regex(r"8[0-9]{8,11}", fullmatch=True))
def test_local_international_and_formatted_forms_agree(rest: str) -> None:
    expected = "62" + rest
    dashed = "0" + "-".join(rest[i : i + 4] for i in range(0, len(rest), 4))
    for form in (
        "0" + rest,
        "62" + rest,
        "+62 " + rest,
        dashed,
        rest,
        f"62{rest}@c.us",
        f"62{rest}:3@s.whatsapp.net",
    ):
        assert normalize_phone(form) == expected


@given(st.text(max_size=40))
def test_any_text_gives_none_or_digits_and_is_idempotent(raw: str) -> None:
    phone = normalize_phone(raw)
    if phone is not None:
        # 10–15 digits for typed numbers (DLV-21); a WhatsApp user id may have 8 (DLV-22).
        assert phone.isdigit() and (10 if "@" not in raw else 8) <= len(phone) <= 15
        assert normalize_phone(phone) == phone
        assert jid_to_phone(phone_to_jid(phone)) == phone


def test_jid_user_parts_are_international_already() -> None:
    """DLV-22: a JID's digits are kept as given (8–15), no 62 prefix is added."""
    assert normalize_phone("14155550100@s.whatsapp.net") == "14155550100"
    assert normalize_phone("6512345678@c.us") == "6512345678"
    assert normalize_phone("1234567@s.whatsapp.net") is None


def test_jids() -> None:
    assert phone_to_jid("081211112222") == "6281211112222@s.whatsapp.net"
    assert is_group_jid("120363012345678901@g.us") and not is_group_jid("6281211112222@s.whatsapp.net")
    assert is_lid_jid("123456789012345@lid") and lid_digits("123456789012345:4@lid") == "123456789012345"
    assert jid_to_phone("6281211112222@c.us") == "6281211112222"
    assert jid_to_phone("123456789012345@lid") is None
    assert jid_to_phone("120363012345678901@g.us") is None
    assert lid_digits("6281211112222@s.whatsapp.net") is None


@pytest.mark.parametrize(
    ("raw", "kind", "expected"),
    [
        ("0812-1111-2222", "person", "6281211112222@s.whatsapp.net"),
        ("6281211112222@c.us", "mixed", "6281211112222@s.whatsapp.net"),  # written back as s.whatsapp.net
        ("123456789012345@lid", "mixed", "123456789012345@lid"),
        ("120363012345678901@G.US", "group", "120363012345678901@g.us"),
        ("6281234567890-1500000000@g.us", "group", "6281234567890-1500000000@g.us"),
        ("120363012345678901", "group", "120363012345678901@g.us"),  # *fixed*: not a person
        ("6281234567890-1500000000", "group", "6281234567890-1500000000@g.us"),
        ("120363012345678901", "mixed", "120363012345678901@g.us"),  # 16–22 digits: group
        ("081211112222", "mixed", "6281211112222@s.whatsapp.net"),
        ("https://chat.whatsapp.com/120363012345678901", "group", "120363012345678901@g.us"),
        ("chat.whatsapp.com/invite/120363012345678901?x=1", "mixed", "120363012345678901@g.us"),
    ],
)
def test_recipients_by_field_kind(raw: str, kind: str, expected: str) -> None:
    """DLV-20, DLV-22, DLV-23."""
    assert parse_recipient(raw, kind) == expected
    assert normalize_recipient(raw, kind) == expected


@pytest.mark.parametrize(
    ("raw", "kind", "reason"),
    [
        ("120363012345678901@g.us", "person", "not_a_person"),
        ("6281211112222@s.whatsapp.net", "group", "not_a_group"),
        ("123456789012345@lid", "group", "not_a_group"),
        ("https://chat.whatsapp.com/AbCdEfGhIjK", "group", "invite_link"),  # *fixed*: never sendable
        ("12345@g.us", "group", "bad_group_id"),
        ("0812-1111-2222", "group", "bad_group_id"),
        ("120363012345678901@newsletter", "mixed", "unsupported_domain"),
        ("status@broadcast", "mixed", "unsupported_domain"),
        ("", "mixed", "empty"),
    ],
)
def test_unusable_recipients_are_rejected_with_the_reason(raw: str, kind: str, reason: str) -> None:
    with pytest.raises(RecipientError) as err:
        parse_recipient(raw, kind)
    assert err.value.reason == reason
    assert normalize_recipient(raw, kind) is None


def test_multi_value_fields_split_on_commas_semicolons_and_line_breaks() -> None:
    """DLV-24: spaces stay inside one value; empties dropped; duplicates keep the first."""
    raw = "0812 1111 2222, 6281211112222;\r\n+62 857 0000 3333\r;;\n12345"
    assert split_multi(raw) == ["0812 1111 2222", "6281211112222", "+62 857 0000 3333", "12345"]
    assert parse_phone_list(raw) == ["6281211112222", "6285700003333"]
    assert invalid_phones(raw) == ["12345"]
    assert join_phone_list(parse_phone_list(raw)) == "6281211112222, 6285700003333"
    good, bad = parse_recipients("120363012345678901@g.us, 0812-1111-2222", FieldKind.GROUP)
    assert good == ["120363012345678901@g.us"] and [e.reason for e in bad] == ["bad_group_id"]
    assert parse_phone_list(None) == [] and split_multi("") == []


@given(
    st.lists(st.from_regex(r"08[0-9]{9,11}", fullmatch=True), max_size=6),
    st.sampled_from([",", ";", "\n", "\r\n"]),
)
def test_phone_lists_keep_order_and_drop_duplicates(numbers: list[str], sep: str) -> None:
    result = parse_phone_list(sep.join(numbers))
    expected: list[str] = []
    for n in numbers:
        if "62" + n[1:] not in expected:
            expected.append("62" + n[1:])
    assert result == expected


def test_masking_keeps_first_five_and_last_three_digits() -> None:
    """JOB-102."""
    assert mask_phone("6281211112222") == "62812*****222"
    assert mask_phones("from 6281211112222@s.whatsapp.net and 081211112222") == (
        "from 62812*****222@s.whatsapp.net and 08121****222"
    )
    # Not phone numbers: a TikTok video id and a short number stay readable.
    assert mask_phones("video 7301234567890123456 nrp 77012345") == "video 7301234567890123456 nrp 77012345"


def test_errors_never_show_the_full_number() -> None:
    err = RecipientError("bad_length", "6281211112222333")
    assert "6281211112222333" not in str(err)
