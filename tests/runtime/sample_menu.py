"""A tiny menu used only by tests to prove the framework (issue 3 item 4)."""

from __future__ import annotations

from menus.framework import REGISTRY, Menu, Reply, StepContext, actor_is, ask, group, option, submenu, yes_no

MENU = Menu(
    "sampelmenu",
    label="Menu Sampel",
    triggers=("sampelmenu",),
    capability="oprrequest",
    entry=None,
    home_item="Menu Sampel (sampelmenu)",
    home_order=90,
)


@MENU.step
async def ask_name(ctx: StepContext, text: str) -> Reply:
    name = " ".join(text.split())
    if len(name) < 2 or not any(c.isalpha() for c in name):
        return ctx.reprompt("Nama minimal 2 karakter dan memuat huruf.")
    ctx.data["name"] = name.upper()
    return Reply.nothing().ask(confirm_name, f"Simpan nama *{name.upper()}*? (ya/tidak)")


@MENU.step(choice=True)
async def confirm_name(ctx: StepContext, text: str) -> Reply:
    answer = yes_no(text)
    if answer is None:
        return ctx.reprompt("Jawab *ya* atau *tidak*.", code="invalid_choice")
    if not answer:
        return Reply.text("Nama tidak disimpan.").then_menu()
    await ctx.uow.execute("SELECT 1")  # the step's unit of work is available
    return Reply.text(f"✅ Nama {ctx.data['name']} disimpan.").then_menu()


async def boom(ctx: StepContext) -> Reply:
    raise RuntimeError("sample failure")


async def report(ctx: StepContext) -> Reply:
    return Reply.text("Laporan sampel").and_document("sampel.txt", b"isi laporan", caption="Lampiran")


async def slow(ctx: StepContext) -> Reply:
    async def job(jctx: StepContext) -> Reply:
        return Reply.text("Hasil proses panjang.").then_menu()

    return Reply.nothing().background("Memproses data sampel…", job)


async def show_secret(ctx: StepContext) -> Reply:
    return Reply.text("Rahasia admin.").then_menu()


SUB = MENU.level(
    "sub",
    title="Menu Sub Sampel",
    top=False,
    items=(option("Isi nama", ask(ask_name, "Kirim nama Anda.")),),
)

MAIN = MENU.level(
    "main",
    title="MENU SAMPEL",
    items=(
        group(
            "📋 *Data*",
            option("Isi nama", ask(ask_name, "Kirim nama Anda.")),
            option("Submenu", submenu("sub")),
            option("Khusus admin", show_secret, visible=actor_is("A")),
            option("Laporan", report),
        ),
        group("⚙️ *Lain*", option("Gagal", boom), option("Proses panjang", slow)),
    ),
)


@MENU.start
async def start(ctx: StepContext) -> Reply:
    return Reply.nothing().show(MAIN)


def register() -> Menu:
    return REGISTRY.add_menu(MENU)
