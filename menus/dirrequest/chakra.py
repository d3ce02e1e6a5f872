"""The `chakranarayana` view: a renumbered subset of `dirrequest` fixed on DITINTELKAM (DIR-60, P2).

The options run exactly as in `dirrequest` (same handlers, same action runner); only the numbering,
the two groups and the 46 variant that detects the platform per link differ. Steps are registered
under this menu with the same names, so the shared option handlers land on them.
"""

from __future__ import annotations

from menus.dirrequest import choices, posts
from menus.dirrequest.base import denied, still_allowed
from menus.dirrequest.choices import PERSONNEL_CATEGORY, choose
from menus.dirrequest.posts import AUTO_PROMPT, ask_delete
from menus.dirrequest.run import run
from menus.framework import REGISTRY
from menus.framework.context import StepContext
from menus.framework.menu import Menu, Option, option, submenu
from menus.framework.reply import Reply
from menus.framework.vocabulary import keycap

CLIENT = "DITINTELKAM"
INACTIVE = "❌ Client DITINTELKAM tidak aktif atau tidak ditemukan untuk menu chakranarayana."

CHAKRA = REGISTRY.add_menu(
    Menu(
        "chakranarayana",
        label="Menu Chakranarayana",
        triggers=("chakranarayana",),
        capability="dirrequest",
        entry="chakranarayana",
        restart_on_trigger=False,
    )
)
for _step in (
    choices.choose_rekap_personil_category,
    posts.delete_task_post,
    posts.delete_task_post_confirm,
):
    CHAKRA.step(_step.handler, choice=_step.choice, name=_step.name)
input_post_manual = CHAKRA.step(posts.input_post_manual, name="input_post_manual")


async def ask_auto(ctx: StepContext) -> Reply:
    if not still_allowed(ctx):
        return denied()
    return Reply.nothing().ask(input_post_manual, AUTO_PROMPT)


def _render_submenu(ctx: StepContext, entries: list[tuple[int, Option] | str]) -> str:
    lines = ["*Menu Chakranarayana*"]
    lines += [e if isinstance(e, str) else f"{keycap(e[0])} {e[1].label}" for e in entries]
    lines += ["", "Balas dengan *angka* pilihan, atau ketik *batal* untuk keluar."]
    return "\n".join(lines)


def _render_group(title: str):  # noqa: ANN202 - a Level renderer
    def render(ctx: StepContext, entries: list[tuple[int, Option] | str]) -> str:
        lines = [
            f"*Menu Chakranarayana - {title}*",
            "Nomor menu di bawah ini diurutkan ulang khusus untuk menu ini.",
        ]
        lines += [e if isinstance(e, str) else f"{keycap(e[0])} {e[1].label}" for e in entries]
        lines += [
            "",
            "Balas dengan *angka* menu, *back* untuk kembali ke submenu, atau *batal* untuk keluar.",
        ]
        return "\n".join(lines)

    return render


INVALID_ITEM = "❌ Pilihan menu tidak valid. Ketik angka sesuai daftar."

DIREKTORAT = CHAKRA.level(
    "chakra_direktorat",
    title="Menu Chakranarayana - Direktorat",
    items=(
        option("Rekap data personil", choose(PERSONNEL_CATEGORY), key="3"),
        option("Absensi like Direktorat/Bidang Simple", run(6), key="6"),
        option("Absensi komentar Direktorat/Bidang Simple", run(9), key="9"),
        option("Input post manual (IG/TikTok)", ask_auto, key="46"),
        option("Fetch likes IG manual (hari ini)", run(50), key="50"),
        option("Fetch komentar TikTok manual (hari ini)", run(51), key="51"),
        option("Hapus post tugas (auto IG/TikTok)", ask_delete, key="53"),
    ),
    top=False,
    invalid_hint=INVALID_ITEM,
    render=_render_group("Direktorat"),
)
JAJARAN = CHAKRA.level(
    "chakra_jajaran",
    title="Menu Chakranarayana - Jajaran",
    items=(
        option("Rekap Kelengkapan data Personil Satker", run(1), key="1"),
        option("Absensi Instagram Jajaran", run(48), key="48"),
        option("Absensi TikTok Jajaran", run(49), key="49"),
    ),
    top=False,
    invalid_hint=INVALID_ITEM,
    render=_render_group("Jajaran"),
)
SUBMENU = CHAKRA.level(
    "chakra_main",
    title="Menu Chakranarayana",
    items=(option("Direktorat", submenu("chakra_direktorat")), option("Jajaran", submenu("chakra_jajaran"))),
    invalid_hint="❌ Pilihan submenu tidak valid.",
    render=_render_submenu,
)


@CHAKRA.start
async def start(ctx: StepContext) -> Reply:
    """DIR-60.1: the router authorised the actor for DITINTELKAM; the client must exist and be active."""
    if ctx.is_group:
        return Reply.nothing(code="ignored_group")
    row = (
        await ctx.uow.execute(
            "SELECT client_id, nama FROM clients WHERE upper(btrim(client_id)) = :c AND client_status IS TRUE"
            " AND lower(btrim(coalesce(client_type, ''))) = 'direktorat'",
            {"c": CLIENT},
        )
    ).first()
    if row is None:
        return Reply.text(INACTIVE, code="client_inactive")
    ctx.data.update(client_id=CLIENT, client_nama=(row.nama or "").strip() or CLIENT, offered=[CLIENT])
    return Reply.nothing().show(SUBMENU)
