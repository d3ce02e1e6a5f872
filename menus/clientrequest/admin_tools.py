"""clientrequest → `4️⃣ Administratif` P2 items (CONV-159): `Hapus WA Admin` and `Download Docs`.

Hapus WA Admin: a personnel record bound to an admin's number makes that admin look like a
member in every menu (CONV-30 resolves the number to the personnel first), so after `ya` the
`whatsapp` of every such record is cleared, one audit row per record. Download Docs: the operator
guides under `docs/` bundled into one Markdown document.
"""

from __future__ import annotations

from pathlib import Path

from core.accounts.audit import diff, write_audit
from core.phones import normalize_phone
from menus.clientrequest.menu import MENU, admin, guarded, still_admin
from menus.framework import Reply, StepContext, yes_no

DOCS_DIR = Path(__file__).resolve().parents[2] / "docs"
# The operator part of docs/index.md, in its order: what someone running a unit's desk reads.
OPERATOR_DOCS = (
    "operations.md",
    "configuration.md",
    "schedule.md",
    "menus/userrequest.md",
    "menus/oprrequest.md",
    "menus/dirrequest.md",
    "menus/clientrequest.md",
    "menus/commands.md",
    "menus/link-reports.md",
    "reports.md",
)
DOCS_FILE_NAME = "Panduan-Operator-Cicero.md"


async def _bound_to_admins(ctx: StepContext) -> list[tuple[str, str]]:
    """(user_id, stored whatsapp) of personnel whose number, normalised, is an admin number."""
    admins = set(ctx.settings.admin_phones())
    if not admins:
        return []
    # Pre-filter on the last 9 digits in SQL (index-free but cheap), decide with the one normaliser.
    tails = sorted({a[-9:] for a in admins})
    rows = await ctx.uow.execute(
        """SELECT user_id, whatsapp FROM "user"
            WHERE COALESCE(whatsapp, '') <> ''
              AND RIGHT(regexp_replace(whatsapp, '[^0-9]', '', 'g'), 9) = ANY(:tails)
            ORDER BY user_id""",
        {"tails": tails},
    )
    return [(r.user_id, r.whatsapp) for r in rows if normalize_phone(r.whatsapp) in admins]


async def clear_admin_wa_start(ctx: StepContext) -> Reply:
    bound = await _bound_to_admins(ctx)
    if not bound:
        return Reply.text("ℹ️ Tidak ada personel yang memakai nomor WhatsApp admin.", code="empty").then_menu()
    ids = ", ".join(user_id for user_id, _ in bound[:10]) + (" …" if len(bound) > 10 else "")
    return Reply.nothing().ask(
        clear_admin_wa_confirm,
        f"⚠️ {len(bound)} personel memakai nomor WhatsApp admin ({ids}).\n"
        "Balas *ya* untuk mengosongkan nomor WhatsApp mereka, *tidak* untuk batal.",
    )


@MENU.step(choice=True)
async def clear_admin_wa_confirm(ctx: StepContext, text: str) -> Reply:
    if not still_admin(ctx):
        return Reply.text("❌ Anda tidak memiliki akses ke menu ini.", code="deny_admin")
    answer = yes_no(text)
    if answer is None:
        return ctx.reprompt("Balas *ya* atau *tidak*.", code="invalid_choice")
    if not answer:
        return Reply.text("Dibatalkan. Tidak ada nomor yang diubah.", code="canceled").then_menu()
    bound = await _bound_to_admins(ctx)  # afresh: the list may have changed since the question
    for user_id, whatsapp in bound:
        await ctx.uow.execute(
            'UPDATE "user" SET whatsapp = NULL, updated_at = NOW() WHERE user_id = :u', {"u": user_id}
        )
        await write_audit(
            ctx.uow,
            admin(ctx),
            "user.update",
            "user",
            user_id,
            diff({"whatsapp": whatsapp}, {"whatsapp": None}),
        )
    return Reply.text(
        f"✅ Nomor WhatsApp admin dihapus dari {len(bound)} personel.", code="admin_wa_cleared"
    ).then_menu()


def operator_guide() -> bytes | None:
    """docs/ operator guides as one Markdown file, or None when the docs are not installed."""
    parts = [
        (DOCS_DIR / name).read_text(encoding="utf-8") for name in OPERATOR_DOCS if (DOCS_DIR / name).is_file()
    ]
    if not parts:
        return None
    return "\n\n---\n\n".join(p.strip() for p in parts).encode("utf-8") + b"\n"


async def download_docs(ctx: StepContext) -> Reply:
    content = operator_guide()
    if content is None:
        return Reply.text("❌ Dokumentasi operator tidak ditemukan di server.", code="not_found").then_menu()
    return Reply.document(
        DOCS_FILE_NAME,
        content,
        mimetype="text/markdown",
        caption="📘 Panduan operator Cicero (menu, laporan, jadwal, konfigurasi).",
        code="docs_sent",
    ).then_menu()


CLEAR_ADMIN_WA = guarded(clear_admin_wa_start)
DOWNLOAD_DOCS = guarded(download_docs)
