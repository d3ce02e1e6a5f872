"""clientrequest → `3️⃣ Transfer & Laporan` (CONV-155) and `4️⃣ Administratif` (CONV-158/159)."""

from __future__ import annotations

from core.email.messages import text_mail
from core.email.outbox import enqueue_email
from core.imports.users import ImportRefused
from core.phones import normalize_phone, phone_to_jid
from core.reports.ordering import division_sort_key
from menus.clientrequest.account_recaps import login_web, official_accounts
from menus.clientrequest.admin_tools import CLEAR_ADMIN_WA, DOWNLOAD_DOCS
from menus.clientrequest.complaint import parse as parse_complaint
from menus.clientrequest.imports import decide, read_source, start_preview
from menus.clientrequest.menu import AFTER_PICK, MENU, guarded, picker, still_admin
from menus.framework import REGISTRY, Reply, StepContext, group, option
from menus.framework.menu import ask
from menus.userrequest import rules
from menus.userrequest.blocks import load_user


async def _after_import_pick(ctx: StepContext) -> Reply:
    return Reply.nothing().ask(
        import_source,
        f"Kirim *link Google Sheet* (akses: siapa saja yang memiliki link) atau *dokumen CSV/XLSX* berisi data "
        f"personel untuk client *{ctx.client_id}*.\nKolom wajib: NRP/user_id dan nama.\nKetik *back* untuk kembali.",
    )


AFTER_PICK["import"] = _after_import_pick


@MENU.step
async def import_source(ctx: StepContext, text: str) -> Reply:
    if not still_admin(ctx):
        return Reply.text("❌ Anda tidak memiliki akses ke menu ini.", code="deny_admin")
    try:
        table = await read_source(ctx, text)
    except ImportRefused as exc:
        return ctx.reprompt(exc.message)
    return await start_preview(ctx, ctx.client_id or "", table, import_confirm)


@MENU.step(choice=True)
async def import_confirm(ctx: StepContext, text: str) -> Reply:
    reply = await decide(ctx, text)
    if reply is None:
        return ctx.reprompt("Balas *ya*, *pindahkan*, atau *batal*.", code="invalid_choice")
    return reply.show(TRANSFER)


# --- Response Komplain (CONV-155): pasted complaint handled by §15 with admin scope --------------


def _complaint_handler():
    # menus.complaints registers it with the other structured handlers (load_menus loads both).
    return next(h for h in REGISTRY.structured if h.name == "complaint")


async def _complaint_start(ctx: StepContext) -> Reply:
    return Reply.nothing().ask(complaint_text, "Tempel pesan komplain (diawali *Pesan Komplain*).")


@MENU.step
async def complaint_text(ctx: StepContext, text: str) -> Reply:
    reply = await _complaint_handler().handle(ctx, text)
    checked = Reply(messages=reply.messages, code=reply.code)
    parsed = parse_complaint(text)
    if reply.code != "complaint_checked" or parsed is None:
        return checked.then_menu()
    ctx.data["complaint_nrp"] = rules.parse_nrp(parsed.fields["nrp"])  # valid: the check found the person
    return checked.ask(
        complaint_follow_up,
        "Ketik pesan tindak lanjut untuk personel ini (dikirim ke nomor WhatsApp-nya, atau email bila tidak ada), "
        "atau *back* untuk kembali.",
    )


@MENU.step
async def complaint_follow_up(ctx: StepContext, text: str) -> Reply:
    """CONV-155 P2: the admin's own follow-up to the person: WhatsApp, else e-mail, else refused."""
    if not still_admin(ctx):
        return Reply.text("❌ Anda tidak memiliki akses ke menu ini.", code="deny_admin")
    message = text.strip()
    if len(message) < 3:
        return ctx.reprompt("Pesan terlalu pendek. Ketik pesan tindak lanjut, atau *back* untuk kembali.")
    user = await load_user(ctx.uow, ctx.data.get("complaint_nrp", ""))
    if user is None:
        return Reply.text("❌ Personel tidak ditemukan.", code="not_found").show(TRANSFER)
    name = user.get("nama") or user["user_id"]
    bound = normalize_phone(user.get("whatsapp"))
    if bound is not None:
        return (
            Reply.text(f"✅ Pesan tindak lanjut dikirim ke WhatsApp {name}.", code="follow_up_sent")
            .and_text(f"📨 *Tindak Lanjut Komplain dari Admin*\n{message}", to=phone_to_jid(bound))
            .show(TRANSFER)
        )
    email = (user.get("email") or "").strip()
    if email:
        mail = text_mail(f"Tindak Lanjut Laporan Cicero - {name}", message + "\n")
        key = f"complaint-follow-up:{ctx.session}:{ctx.message_id or '-'}"
        await enqueue_email(ctx.uow, email, mail, origin="complaint", idempotency_key=key)
        return Reply.text(f"✅ Pesan tindak lanjut dikirim ke email {name}.", code="follow_up_sent").show(
            TRANSFER
        )
    return Reply.text(
        f"❌ {name} tidak punya nomor WhatsApp maupun email terdaftar; pesan tidak dapat dikirim.",
        code="no_channel",
    ).show(TRANSFER)


# --- Exception Info (CONV-158) --------------------------------------------------------------------


async def _exception_info(ctx: StepContext) -> Reply:
    rows = await ctx.uow.execute(
        """SELECT user_id, COALESCE(nama, '') AS nama, COALESCE(title, '') AS title,
                  COALESCE(NULLIF(UPPER(TRIM(divisi)), ''), '-') AS divisi
             FROM "user" WHERE UPPER(client_id) = UPPER(:c) AND exception IS TRUE ORDER BY nama, user_id""",
        {"c": ctx.client_id or ""},
    )
    people = [dict(r._mapping) for r in rows]
    lines = ["*Daftar User Exception*", f"Client: {ctx.client_id}"]
    if not people:
        lines.append("Tidak ada personel exception.")
    for div in sorted({p["divisi"] for p in people}, key=lambda d: (division_sort_key(d), d)):
        lines += ["", f"*{div}*"]
        lines += [f"{p['title']} {p['nama']} ({p['user_id']})".strip() for p in people if p["divisi"] == div]
    return Reply.text("\n".join(lines), code="exception_info").show(ADMIN)


AFTER_PICK["exception_info"] = _exception_info


async def _login_web(ctx: StepContext) -> Reply:
    return (await login_web(ctx)).show(TRANSFER)


AFTER_PICK["login_web"] = _login_web

TRANSFER_USER = MENU.level(
    "transfer_user",
    title="Transfer User",
    top=False,
    items=(
        group(
            None,
            option("Dari Folder user_data", picker("all", "folder"), key="folder"),
            option("Dari Google Sheet", picker("all", "import"), key="sheet"),
            option("Dari File (CSV/XLSX)", picker("all", "import"), key="file"),
        ),
    ),
)

TRANSFER = MENU.level(
    "transfer",
    title="Transfer & Laporan",
    top=False,
    items=(
        group(
            None,
            option("Transfer User", guarded(lambda ctx: _show(ctx, "transfer_user")), key="transfer"),
            option("Absensi Login Web", picker("all", "login_web"), key="login"),
            option("Response Komplain", guarded(_complaint_start), key="complaint"),
            option("Absensi Official Account", guarded(official_accounts), key="official"),
        ),
    ),
)

ADMIN = MENU.level(
    "admin",
    title="Administratif",
    top=False,
    items=(
        group(
            None,
            option("Exception Info", picker("all", "exception_info"), key="exception"),
            option("Hapus WA Admin", CLEAR_ADMIN_WA, key="clear_admin_wa"),
            option("Download Docs", DOWNLOAD_DOCS, key="docs"),
        ),
    ),
)


async def _show(ctx: StepContext, level: str) -> Reply:
    return Reply.nothing().show(MENU.levels[level])


__all__ = ["ADMIN", "TRANSFER", "TRANSFER_USER", "ask"]
