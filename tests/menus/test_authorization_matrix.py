"""CONV-40/CONV-45: every entry point of issue 6 × every actor column, with real database rows.

Columns: A admin · SA client super admin · OP client operator · DD directorate dashboard user ·
DU other dashboard user · P registered personnel · U unknown.
"""

from __future__ import annotations

import pytest

from tests.amplify.seed import add_client, add_post, add_user
from tests.clock import earlier_today
from tests.menus.conftest import ADMIN, execute

ACTORS = {
    "A": ADMIN,
    "SA": "6281100000005",
    "OP": "6281100000004",
    "DD": "6281100000006",
    "DU": "6281100000007",
    "P": "6281100000003",
    "U": "6281100000009",
}
GROUP = "120363000000000001@g.us"
CSV = b"nrp,nama\n81120999,Baru\n"


async def seed(db):
    await add_client(db, "RES_A", "POLRES ALPHA")
    await add_client(db, "DITBINMAS", "DIT BINMAS", client_type="direktorat")
    await execute(
        db,
        "UPDATE clients SET client_operator = :op, client_super = :sa WHERE client_id = 'RES_A'",
        op=ACTORS["OP"],
        sa=ACTORS["SA"],
    )
    await add_user(db, "81120346", "RES_A", whatsapp=ACTORS["P"], nama="ANI")
    await add_post(db, "TaskOne1", "RES_A", at=earlier_today(10))
    for role, phone in (("ditbinmas", ACTORS["DD"]), ("viewer", ACTORS["DU"])):
        await execute(db, "INSERT INTO roles (role_name) VALUES (:r) ON CONFLICT DO NOTHING", r=role)
        await execute(
            db,
            "INSERT INTO dashboard_user (username, password_hash, role_id, status, whatsapp) "
            "SELECT :u, 'x', role_id, TRUE, :w FROM roles WHERE role_name = :r",
            u=f"dash_{role}",
            w=phone,
            r=role,
        )


def opened(marker: str):
    return lambda r: marker in r.text


def code(expected: str):
    return lambda r: r.code == expected


def silent(r) -> bool:
    return r.messages == []


REGISTRATION = opened("🔐 *Registrasi Akun*")
MATRIX = {
    # entry: (message, group?, document?) → expectation per column
    "userrequest": (
        ("userrequest", None, None),
        {"A": REGISTRATION, "SA": REGISTRATION, "OP": REGISTRATION, "DD": REGISTRATION, "DU": REGISTRATION,
         "P": opened("👤 *Identitas Anda*"), "U": REGISTRATION},
    ),
    "oprrequest": (
        ("oprrequest", None, None),
        {"A": opened("Pilih client (tipe Org)"), "SA": opened("MENU OPERATOR CICERO"), "OP": opened("MENU OPERATOR CICERO"),
         "DD": code("deny_operator_menu"), "DU": code("deny_operator_menu"), "P": code("deny_operator_menu"),
         "U": code("deny_operator_menu")},
    ),
    "clientrequest": (
        ("clientrequest", None, None),
        {"A": opened("MENU CLIENT CICERO"), **{k: code("deny_admin") for k in ("SA", "OP", "DD", "DU", "P", "U")}},
    ),
    "admin_command": (
        ("clientinfo#", None, None),
        {"A": opened("*Daftar Client*"), **{k: code("deny_admin") for k in ("SA", "OP", "DD", "DU", "P", "U")}},
    ),
    "thisgroup": (
        ("thisgroup#RES_A", GROUP, None),
        {"A": code("group_registered"), **{k: silent for k in ("SA", "OP", "DD", "DU", "P", "U")}},
    ),
    "importuser": (
        ("importuser#RES_A", None, ("p.csv", CSV)),
        {"A": code("import_preview"), "SA": code("import_preview"), "OP": code("import_preview"),
         **{k: code("deny_admin") for k in ("DD", "DU", "P", "U")}},
    ),
    "notifwa": (
        ("notifwa#on", None, None),
        {"P": code("notifwa_set"), **{k: code("registration_hint") for k in ("A", "SA", "OP", "DD", "DU", "U")}},
    ),
    "link_report": (
        ("https://x.com/ani/status/1790000000000000001", None, None),
        {"P": code("link_recorded"), **{k: code("not_registered") for k in ("A", "SA", "OP", "DD", "DU", "U")}},
    ),
}  # fmt: skip


@pytest.mark.parametrize("entry", sorted(MATRIX))
@pytest.mark.parametrize("column", list(ACTORS))
async def test_matrix_conv_40(chat, db, entry, column):
    await seed(db)
    (text, group, document), expected = MATRIX[entry]
    reply = await chat.send(ACTORS[column], text, group=group, document=document)
    assert expected[column](reply), (entry, column, reply.code, reply.text[:300])
