"""Entry, client selection and the main menu of `dirrequest` (DIR-0.2 .. DIR-0.11).

The main menu is ONE declarative table (`OPTIONS`): fixed numbers, labels, group headers and the
handler of every option 1..53 in display order. Its text is rendered to the letter of DIR-0.8.
"""

from __future__ import annotations

from menus.dirrequest.base import MENU, NO_CLIENT, client_nama, offered_clients
from menus.dirrequest.choices import (
    KASAT_IG_PERIOD,
    KASAT_IG_XLS_PERIOD,
    KASAT_TT_PERIOD,
    KASAT_TT_XLS_PERIOD,
    KASATKER_PERIOD,
    PERSONNEL_CATEGORY,
    RANKING_PERIOD,
    choose,
)
from menus.dirrequest.posts import ask_delete, ask_manual
from menus.dirrequest.run import run
from menus.dirrequest.satbinmas import IG_RECAP, TT_RECAP, ask_metadata, choose_recap
from menus.framework.context import StepContext
from menus.framework.menu import Option, blank, group, option
from menus.framework.reply import Reply
from menus.framework.vocabulary import keycap, parse_number


def _o(number: int, label: str, handler=None) -> Option:  # noqa: ANN001 - OptionHandler
    return option(label, handler or run(number), number=number, key=str(number))


OPTIONS = (
    group(
        "📊 *Rekap Data*",
        _o(1, "Rekap Kelengkapan data Personil Satker."),
        _o(2, "Ringkasan pengisian data personel"),
        _o(3, "Rekap data personil", choose(PERSONNEL_CATEGORY)),
        _o(4, "Rekap Matriks Update Satker"),
    ),
    group(
        "📅 *Absensi*",
        _o(5, "Absensi like Direktorat/Bidang"),
        _o(6, "Absensi like Direktorat/Bidang Simple"),
        _o(7, "Absensi like Instagram"),
        _o(8, "Absensi komentar TikTok"),
        _o(9, "Absensi komentar Direktorat/Bidang Simple"),
        _o(10, "Absensi komentar Direktorat/Bidang"),
        _o(11, "Absensi user web dashboard Direktorat/Bidang"),
        _o(48, "Absensi Instagram Jajaran"),
        _o(49, "Absensi TikTok Jajaran"),
    ),
    group(
        "📥 *Pengambilan Data*",
        _o(12, "Ambil konten & like Instagram"),
        _o(13, "Ambil like Instagram saja"),
        _o(14, "Ambil konten & komentar TikTok"),
        _o(15, "Ambil komentar TikTok saja"),
        _o(16, "Ambil semua sosmed & buat tugas"),
        blank(),
        _o(46, "Input IG post manual", ask_manual("instagram")),
        _o(47, "Input TikTok post manual", ask_manual("tiktok")),
        _o(50, "Fetch likes IG manual (hari ini)"),
        _o(51, "Fetch komentar TikTok manual (hari ini)"),
        _o(52, "Fetch komentar IG manual (hari ini)"),
        _o(53, "Hapus post tugas (auto IG/TikTok)", ask_delete),
    ),
    group(
        "📝 *Laporan*",
        _o(17, "Laporan harian Instagram Direktorat/Bidang"),
        _o(18, "Laporan harian TikTok Direktorat/Bidang"),
        _o(19, "Rekap like Instagram (Excel)"),
        _o(20, "Rekap komentar TikTok (Excel)"),
        _o(21, "Rekap gabungan semua sosmed"),
        _o(22, "Rekap ranking engagement jajaran", choose(RANKING_PERIOD)),
    ),
    group(
        "📆 *Laporan Mingguan*",
        _o(23, "Rekap file Instagram mingguan"),
        _o(24, "Rekap file Tiktok mingguan"),
        _o(25, "TikTok Top and Bottom (Top 5 & Bottom 5)"),
        _o(26, "Instagram Top and Bottom (Top 5 & Bottom 5)"),
    ),
    group(
        "🗓️ *Laporan Bulanan*",
        _o(27, "Rekap file Instagram bulanan"),
        _o(28, "Rekap like Instagram per konten (Excel)"),
        _o(29, "Rekap komentar TikTok per konten (Excel)"),
    ),
    group("📦 *Rekap All Data*", _o(42, "Instagram all data"), _o(43, "TikTok all data")),
    group(
        "🛡️ *Monitoring Kasatker*",
        _o(30, "Laporan Kasatker", choose(KASATKER_PERIOD)),
        _o(31, "Top ranking like/komentar personel"),
        _o(32, "Top ranking like/komentar polres tertinggi"),
        _o(33, "Absensi Kasatker"),
        _o(34, "Absensi likes Instagram Kasat Binmas", choose(KASAT_IG_PERIOD)),
        _o(35, "Absensi komentar TikTok Kasat Binmas", choose(KASAT_TT_PERIOD)),
        _o(44, "Rekap likes Instagram Kasat Binmas (Excel)", choose(KASAT_IG_XLS_PERIOD)),
        _o(45, "Rekap komentar TikTok Kasat Binmas (Excel)", choose(KASAT_TT_XLS_PERIOD)),
    ),
    group(
        "📡 *Monitoring Satbinmas Official*",
        _o(36, "Ambil metadata harian IG Satbinmas Official", ask_metadata),
        _o(37, "Ambil konten harian IG Satbinmas Official (semua akun ORG)"),
        _o(38, "Sinkronisasi secUid TikTok Satbinmas Official"),
        _o(39, "Ambil konten harian TikTok Satbinmas Official (semua akun ORG)"),
        _o(40, "Rekap Instagram Satbinmas Official", choose_recap(IG_RECAP)),
        _o(41, "Rekap TikTok Satbinmas Official", choose_recap(TT_RECAP)),
    ),
)

TOP = "┏━━━━━━━━━━━━ *MENU DIRREQUEST* ━━━━━━━━━━━━"
BOTTOM = "┗" + "━" * 37 + "┛"
FOOTER = "Ketik *angka* menu atau *batal* untuk keluar."
BACK_LINE = "Ketik *0* untuk kembali ke daftar client."
INVALID_MENU = "Pilihan tidak valid. Ketik angka menu (1–53), atau *menu* untuk melihat daftar."  # DIR-0.9


def render_main(ctx: StepContext, entries: list[tuple[int, Option] | str]) -> str:
    """DIR-0.8 to the letter; the `0` line only when more than one client was offered."""
    lines = [f"Client: *{client_nama(ctx)}*", TOP]
    lines += [e if isinstance(e, str) else f"{keycap(e[0])} {e[1].label}" for e in entries]
    lines += ["", BOTTOM, FOOTER]
    if len(ctx.data.get("offered") or []) > 1:
        lines.append(BACK_LINE)
    return "\n".join(lines)


MAIN = MENU.level(
    "main",
    title="MENU DIRREQUEST",
    items=OPTIONS,
    numbering="fixed",
    invalid_hint=INVALID_MENU,
    render=render_main,
)


# --- entry and client selection (DIR-0.3 .. DIR-0.5) ---------------------------------------------


def _client_prompt(ctx: StepContext) -> str:
    lines = ["Pilih *Client ID* Direktorat aktif sebelum membuka menu dirrequest:"]
    for i, c in enumerate(ctx.data["offered_clients"], 1):
        nama = f" - {c['nama']}" if c["nama"] else ""
        lines.append(f"{keycap(i)} {c['client_id']}{nama}")
    lines += ["", "Balas dengan *angka* atau *Client ID*, atau ketik *batal* untuk keluar."]
    return "\n".join(lines)


def _select(ctx: StepContext, client: dict) -> Reply:
    ctx.data["client_id"] = client["client_id"]
    ctx.data["client_nama"] = client["nama"] or client["client_id"]
    return Reply.nothing().show(MAIN)


@MENU.step(choice=True, level=True, name="choose_client")
async def choose_client(ctx: StepContext, text: str) -> Reply:
    offered = ctx.data.get("offered_clients") or []
    n = parse_number(text)
    wanted = text.strip().upper()
    for i, c in enumerate(offered, 1):
        if n == i or c["client_id"] == wanted:
            return _select(ctx, c)
    return ctx.reprompt("❌ Pilihan client tidak valid. Silakan pilih sesuai daftar.", code="invalid_choice")


@MENU.start
async def start(ctx: StepContext) -> Reply:
    """The router authorised the actor (deny_dirrequest otherwise); offer the clients in scope."""
    if ctx.is_group:
        return Reply.nothing(code="ignored_group")  # DIR-0.2: private chats only
    clients = offered_clients(ctx)
    if not clients:
        return Reply.text(NO_CLIENT, code="no_client")  # DIR-0.4: no session
    offered = [{"client_id": c.client_id.strip().upper(), "nama": (c.nama or "").strip()} for c in clients]
    ctx.data["offered"] = [c["client_id"] for c in offered]
    ctx.data["offered_clients"] = offered
    ctx.data["actor_kind"] = "/".join(sorted(ctx.actor.kinds))
    if len(offered) == 1:
        return _select(ctx, offered[0])
    return Reply.nothing().ask(choose_client, _client_prompt(ctx))
