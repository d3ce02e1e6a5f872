"""The menu framework on its own (CONV-52, CONV-60..65): navigation, re-prompts, option tables."""

from __future__ import annotations

from core.actors import Actor, Personnel
from core.timewindow import now_utc
from menus.framework import (
    Menu,
    OutText,
    Reply,
    StepContext,
    control_word,
    keycap,
    option,
    parse_number,
    yes_no,
)
from menus.framework.engine import handle_input, open_menu
from menus.framework.vocabulary import Word
from tests.runtime import sample_menu

ADMIN = Actor(phone="6281100000001", is_admin=True)
PERSON = Actor(phone="6281100000002", personnel=Personnel("12345678", "BUDI", "BRIPKA", "POLRES_A", True))


class FakeUow:
    async def execute(self, *a, **k):
        return None


def ctx_for(actor: Actor) -> StepContext:
    return StepContext(
        actor=actor,
        services=None,  # type: ignore[arg-type]
        uow=FakeUow(),  # type: ignore[arg-type]
        session="main",
        chat_id=f"{actor.phone}@s.whatsapp.net",
        received_at=now_utc(),
        sender=actor.phone,
    )


def texts(outcome) -> list[str]:
    return [m.text for m in outcome.messages if isinstance(m, OutText)]


def test_vocabulary_conv52_conv63():
    assert control_word("Batal!") is Word.CLOSE
    assert control_word(" kembali. ") is Word.BACK
    assert control_word("0") is Word.BACK
    assert control_word("MENU") is Word.MENU
    assert control_word("batalkan") is None
    assert yes_no("ya benar") is True and yes_no("gak") is False
    assert yes_no("ya tidak") is None and yes_no("ya ya ya ya") is None
    assert parse_number("1️⃣2️⃣") == 12 and parse_number(" 7) ") == 7
    assert parse_number("07") is None and parse_number("1.5") is None
    assert keycap(10) == "1\ufe0f\u20e30\ufe0f\u20e3"


async def test_option_table_renumbers_hidden_items_conv61():
    out = await open_menu(sample_menu.MENU, ctx_for(PERSON))
    menu_text = texts(out)[0]
    assert "Khusus admin" not in menu_text
    assert f"{keycap(3)} Laporan" in menu_text
    out_admin = await open_menu(sample_menu.MENU, ctx_for(ADMIN))
    assert f"{keycap(3)} Khusus admin" in texts(out_admin)[0]
    # the number → option mapping is per session: 3 is "Laporan" for the person
    ctx = ctx_for(PERSON)
    res = await handle_input(sample_menu.MENU, out.session, ctx, "3")
    assert texts(res) == ["Laporan sampel"]


async def test_invalid_choice_reprompts_with_hint_and_batal_reminder_conv64():
    ctx = ctx_for(PERSON)
    out = await open_menu(sample_menu.MENU, ctx)
    state = out.session
    for attempt in range(1, 4):
        res = await handle_input(sample_menu.MENU, state, ctx_for(PERSON), "99")
        assert res.code == "invalid_choice"
        body = texts(res)[0]
        assert body.startswith("❌") and "MENU SAMPEL" in body
        assert ("batal" in body.split("\n\n")[0]) == (attempt >= 3)
        state = res.session


async def test_flow_back_and_then_menu_conv52_conv65():
    ctx = ctx_for(PERSON)
    state = (await open_menu(sample_menu.MENU, ctx)).session
    res = await handle_input(sample_menu.MENU, state, ctx_for(PERSON), "1")
    assert texts(res) == ["Kirim nama Anda."]
    res = await handle_input(sample_menu.MENU, res.session, ctx_for(PERSON), "kembali")
    assert "MENU SAMPEL" in texts(res)[0] and res.session.step == "main"
    res = await handle_input(sample_menu.MENU, res.session, ctx_for(PERSON), "1")
    res = await handle_input(sample_menu.MENU, res.session, ctx_for(PERSON), "x")
    assert texts(res)[0].startswith("❌ Nama minimal")
    res = await handle_input(sample_menu.MENU, res.session, ctx_for(PERSON), "budi santoso")
    assert "BUDI SANTOSO" in texts(res)[0]
    res = await handle_input(sample_menu.MENU, res.session, ctx_for(PERSON), "ya")
    assert texts(res)[0] == "✅ Nama BUDI SANTOSO disimpan."
    assert "MENU SAMPEL" in texts(res)[1] and res.session.step == "main"


async def test_submenu_back_and_menu_word():
    state = (await open_menu(sample_menu.MENU, ctx_for(PERSON))).session
    res = await handle_input(sample_menu.MENU, state, ctx_for(PERSON), "2")
    assert texts(res)[0].startswith("*Menu Sub Sampel*")
    res2 = await handle_input(sample_menu.MENU, res.session, ctx_for(PERSON), "1")
    assert texts(res2) == ["Kirim nama Anda."]
    # `back` from the free step returns to the submenu it belongs to, `menu` to the top table
    back = await handle_input(sample_menu.MENU, res2.session, ctx_for(PERSON), "back")
    assert texts(back)[0].startswith("*Menu Sub Sampel*")
    top = await handle_input(sample_menu.MENU, back.session, ctx_for(PERSON), "menu")
    assert "MENU SAMPEL" in texts(top)[0] and top.session.stack == []
    again = await handle_input(sample_menu.MENU, top.session, ctx_for(PERSON), "0")
    assert again.code == "top_level" and "MENU SAMPEL" in texts(again)[0]


# A client picker in front of the main table, as dirrequest and oprrequest use it (DIR-0.5, DIR-0.10).
PICKER_MENU = Menu("pickermenu", label="Menu Picker", triggers=("pickermenu",))


@PICKER_MENU.step(choice=True, level=True)
async def choose_client(ctx: StepContext, text: str) -> Reply:
    if text.strip() not in ("1", "2"):
        return ctx.reprompt("Pilihan client tidak valid.", code="invalid_choice")
    ctx.data["client_id"] = "POLRES_A" if text.strip() == "1" else "POLRES_B"
    return Reply.nothing().show(PICKED)


async def action(ctx: StepContext) -> Reply:
    return Reply.text(f"Aksi untuk {ctx.client_id}").then_menu()


PICKED = PICKER_MENU.level(
    "main",
    title="MENU PICKED",
    context_line=lambda ctx: f"Client: *{ctx.client_id}*",
    items=(option("Aksi", action),),
)


@PICKER_MENU.start
async def picker_start(ctx: StepContext) -> Reply:
    return Reply.nothing().ask(choose_client, "Pilih client:\n1. POLRES_A\n2. POLRES_B")


async def test_client_picker_back_and_then_menu_dir0_10():
    out = await open_menu(PICKER_MENU, ctx_for(ADMIN))
    assert texts(out) == ["Pilih client:\n1. POLRES_A\n2. POLRES_B"]
    res = await handle_input(PICKER_MENU, out.session, ctx_for(ADMIN), "2")
    assert "Client: *POLRES_B*" in texts(res)[0]
    res = await handle_input(PICKER_MENU, res.session, ctx_for(ADMIN), "1")
    assert texts(res)[0] == "Aksi untuk POLRES_B" and "MENU PICKED" in texts(res)[1]
    back = await handle_input(PICKER_MENU, res.session, ctx_for(ADMIN), "0")
    assert texts(back) == ["Pilih client:\n1. POLRES_A\n2. POLRES_B"] and back.session.stack == []
    top = await handle_input(PICKER_MENU, back.session, ctx_for(ADMIN), "kembali")
    assert top.code == "top_level" and "Pilih client" in texts(top)[0]
    bad = await handle_input(PICKER_MENU, top.session, ctx_for(ADMIN), "x")
    assert texts(bad)[0].startswith("❌ Pilihan client tidak valid.") and bad.session.step == "choose_client"


LONG = Menu("longmenu", label="Menu Panjang")
LONG_MAIN = LONG.level(
    "main",
    title="MENU PANJANG",
    items=tuple(option(f"Pilihan {i}", lambda ctx: _noop()) for i in range(1, 26)),
)


async def _noop() -> Reply:
    return Reply.text("ok")


@LONG.start
async def long_start(ctx: StepContext) -> Reply:
    return Reply.nothing().show(LONG_MAIN)


async def test_long_menu_first_typo_one_line_second_shows_menu_conv64():
    """CONV-64 / DIR-0.9 as changed 2026-12-07: a >20-line level is not re-sent after one typo."""
    out = await open_menu(LONG, ctx_for(PERSON))
    state = out.session
    first = await handle_input(LONG, state, ctx_for(PERSON), "halo pak")
    assert texts(first) == ["❌ Pilihan tidak dikenal. Balas angka 1–25. Ketik *menu* untuk melihat daftar."]
    second = await handle_input(LONG, first.session, ctx_for(PERSON), "99")
    body = texts(second)[0]
    assert body.startswith("❌ Pilihan tidak dikenal. Balas angka 1–25.\n\n") and "*MENU PANJANG*" in body
    ok = await handle_input(LONG, second.session, ctx_for(PERSON), "3")
    assert texts(ok) == ["ok"]
