"""oprrequest: Manajemen Amplifikasi (CONV-120..122) and Manajemen Engagement (CONV-125)."""

from __future__ import annotations

from core.amplify.classify import LinkKind, classify_url, extract_link_tokens
from core.amplify.tasks import TaskClient, open_tasks
from core.ingest.manual import ManualInputError, register_instagram_post
from core.manual_posts.deps import open_ingest_deps
from core.social.links import instagram_shortcode
from core.timewindow import today_wib
from menus.framework import Reply, StepContext, group, option, parse_number
from menus.framework.menu import ask
from menus.oprrequest.common import only_post_block, report_reply
from menus.oprrequest.fetching import engagement_text, fetch, posts_text, todays_instagram_links
from menus.oprrequest.menu import MENU, _context, _scope_ok, guarded, submenu

MAX_KHUSUS = 10
MODES = {1: "all", 2: "sudah", 3: "belum"}
MODE_PROMPT = "Pilih tipe absensi:\n1. Semua\n2. Sudah\n3. Belum\nBalas 1–3, *back* untuk kembali."


def _amplify_on(handler):
    async def run(ctx: StepContext) -> Reply:
        if not ctx.data.get("flags", {}).get("client_amplify_status", True):
            return Reply.text(
                "❌ Fitur amplifikasi tidak aktif untuk client ini.", code="amplify_disabled"
            ).then_menu()
        return await handler(ctx)

    return guarded(run)


# --- Tugas (CONV-121) -------------------------------------------------------------------------


async def _update_rutin(ctx: StepContext) -> Reply:
    cid = ctx.client_id or ""

    async def job(jctx: StepContext) -> Reply:
        result, error = await fetch(jctx, cid, ["instagram"], posts_only=True)
        if error or result is None:
            return Reply.text(f"❌ Fetch gagal: {error}", code="fetch_failed").then_menu()
        links = [f"{link}/" for link in await todays_instagram_links(jctx, cid)]
        return Reply.text(posts_text(result, "instagram", links), code="fetched").then_menu()

    return Reply.nothing().background("Mengambil konten Instagram terbaru...", job)


@MENU.step
async def tugasKhusus_link(ctx: StepContext, text: str) -> Reply:
    """CONV-121 item 2: one or more Instagram post links (or one bare shortcode)."""
    tokens = extract_link_tokens(text) or ([text.strip()] if len(text.split()) == 1 else [])
    codes: list[str] = []
    failures: list[tuple[str, str]] = []
    for token in tokens:
        link = classify_url(token) if "/" in token or "." in token else None
        code = (
            link.shortcode if link and link.platform == "instagram" and link.kind == LinkKind.POST else None
        )
        if link is None:
            code = instagram_shortcode(token)
        if not code:
            reason = (
                "link profil, bukan post"
                if link and link.kind == LinkKind.PROFILE
                else "bukan link post Instagram"
            )
            failures.append((token, reason))
        elif code not in codes:
            codes.append(code)
    over = codes[MAX_KHUSUS:]
    codes = codes[:MAX_KHUSUS]
    failures += [(c, "melebihi 10 link per pesan, tidak diproses") for c in over]
    if not codes:
        return ctx.reprompt(
            "Tidak ada link post Instagram yang bisa dipakai. Kirim link post/reel Instagram."
        )
    cid = ctx.client_id or ""
    received = ctx.received_at

    async def job(jctx: StepContext) -> Reply:
        done: list[str] = []
        failed = list(failures)
        async with open_ingest_deps(jctx.services) as deps:
            for code in codes:
                try:
                    await register_instagram_post(deps, cid, code, input_time=received)
                    done.append(f"https://www.instagram.com/p/{code}/")
                except ManualInputError as exc:
                    failed.append((f"https://www.instagram.com/p/{code}/", exc.message))
                    if exc.stops_everything:
                        break
        lines = [f"✅ Tugas khusus terdaftar: {len(done)}", *done]
        if failed:
            lines += ["", "❌ Gagal:", *(f"- {raw} → {why}" for raw, why in failed)]
        return Reply.text("\n".join(lines), code="khusus_registered").then_menu()

    return Reply.nothing().background(f"Mendaftarkan {len(codes)} link tugas khusus...", job)


KHUSUS_PROMPT = (
    "Kirim satu atau beberapa link post Instagram untuk tugas khusus (pisahkan dengan spasi, koma, "
    "atau baris baru). Contoh: https://www.instagram.com/p/AbC123xyz/\nKetik *back* untuk kembali."
)

TUGAS = MENU.level(
    "tugas",
    title="Menu Tugas Amplifikasi",
    top=False,
    context_line=_context,
    items=(
        group(
            None,
            option("Update tugas rutin", _amplify_on(_update_rutin), key="rutin"),
            option("Input tugas khusus", _amplify_on(ask(tugasKhusus_link, KHUSUS_PROMPT)), key="khusus"),
        ),
    ),
)


# --- Laporan (CONV-122) -------------------------------------------------------------------------


def _report(kind: str, **kw):
    async def handler(ctx: StepContext) -> Reply:
        return (await report_reply(ctx, kind, ctx.client_id or "", **kw)).then_menu()

    return _amplify_on(handler)


async def _tasks(ctx: StepContext, *, khusus: bool):
    row = (
        await ctx.uow.execute(
            "SELECT client_id, nama, COALESCE(client_type, '') AS ctype FROM clients WHERE UPPER(client_id) = UPPER(:c)",
            {"c": ctx.client_id or ""},
        )
    ).first()
    if row is None:
        return []
    tasks = await open_tasks(
        ctx.uow, [TaskClient(row.client_id, row.nama, row.ctype, True, True)], today_wib(ctx.received_at), 1
    )
    return [t for t in tasks if t.khusus] if khusus else tasks


def _post_list(khusus: bool):
    async def handler(ctx: StepContext) -> Reply:
        tasks = await _tasks(ctx, khusus=khusus)
        if not tasks:
            return Reply.text(
                f"Tidak ada konten IG untuk *{ctx.data.get('client_nama')}* hari ini.", code="empty"
            ).then_menu()
        ctx.data["posts"] = [t.shortcode for t in tasks]
        ctx.data["posts_khusus"] = khusus
        title = "*Rekap Post Khusus*" if khusus else "*Rekap Post List*"
        lines = [title] + [f"{n}. {t.link}" for n, t in enumerate(tasks, start=1)]
        lines.append(f"Balas angka 1–{len(tasks)}, *back* untuk kembali.")
        return Reply.nothing().ask(choose_report_post, "\n".join(lines))

    return _amplify_on(handler)


@MENU.step(choice=True)
async def choose_report_post(ctx: StepContext, text: str) -> Reply:
    posts: list[str] = ctx.data.get("posts", [])
    n = parse_number(text)
    if n is None or not 1 <= n <= len(posts):
        return ctx.reprompt(f"Pilihan tidak dikenal. Balas angka 1–{len(posts)}.", code="invalid_choice")
    khusus = bool(ctx.data.get("posts_khusus"))
    kind = "REP-AMP-KHUSUS-POST" if khusus else "REP-AMP-LINKS"
    reply = await report_reply(ctx, kind, ctx.client_id or "", **({} if khusus else {"variant": "post"}))
    link = f"https://www.instagram.com/p/{posts[n - 1]}"
    texts = [m.text for m in reply.messages if hasattr(m, "text")]
    text_out = only_post_block(texts[0], link) if texts else ""
    return Reply.text(text_out, code=reply.code).then_menu()


def _mode_then(kind: str):
    async def handler(ctx: StepContext) -> Reply:
        ctx.data["mode_kind"] = kind
        return Reply.nothing().ask(choose_mode, MODE_PROMPT)

    return _amplify_on(handler)


@MENU.step(choice=True)
async def choose_mode(ctx: StepContext, text: str) -> Reply:
    n = parse_number(text)
    if n not in MODES:
        return ctx.reprompt("Pilihan tidak dikenal. Balas angka 1–3.", code="invalid_choice")
    if not _scope_ok(ctx):
        return Reply.text(
            "❌ Anda tidak lagi terdaftar sebagai operator client ini.", code="deny_operator_menu"
        )
    kind = ctx.data.get("mode_kind", "")
    kw = {"role": "operator"} if kind in ("REP-IG-UNIT", "REP-TT-UNIT") else {}
    return (await report_reply(ctx, kind, ctx.client_id or "", mode=MODES[n], **kw)).then_menu()


LAPORAN_RUTIN = MENU.level(
    "laporan_rutin",
    title="Laporan Tugas Rutin",
    top=False,
    context_line=_context,
    items=(
        group(
            None,
            option("Rekap link harian", _report("REP-AMP-LINKS", variant="today"), key="today"),
            option(
                "Rekap link harian kemarin", _report("REP-AMP-LINKS", variant="yesterday"), key="yesterday"
            ),
            option("Rekap link per post", _post_list(False), key="post"),
            option("Absensi amplifikasi user", _mode_then("REP-AMP-ATT"), key="att"),
        ),
    ),
)

LAPORAN_KHUSUS = MENU.level(
    "laporan_khusus",
    title="Laporan Tugas Khusus",
    top=False,
    context_line=_context,
    items=(
        group(
            None,
            option("Rekap link tugas khusus", _report("REP-AMP-LINKS", variant="khusus"), key="links"),
            option("Rekap per post khusus", _post_list(True), key="post"),
            option("Absensi amplifikasi khusus", _mode_then("REP-AMP-KHUSUS"), key="att"),
        ),
    ),
)

LAPORAN = MENU.level(
    "laporan",
    title="Menu Laporan Amplifikasi",
    top=False,
    context_line=_context,
    items=(
        group(
            None,
            option("Laporan tugas rutin", submenu("laporan_rutin"), key="rutin"),
            option("Laporan tugas khusus", submenu("laporan_khusus"), key="khusus"),
        ),
    ),
)

AMPLIFY = MENU.level(
    "amplify",
    title="Menu Manajemen Amplifikasi",
    top=False,
    context_line=_context,
    items=(
        group(
            None,
            option("Tugas Amplifikasi", _amplify_on(submenu("tugas")), key="tugas"),
            option("Laporan Amplifikasi", _amplify_on(submenu("laporan")), key="laporan"),
        ),
    ),
)


# --- Manajemen Engagement (CONV-125) ------------------------------------------------------------


def _platform_on(flag: str, handler):
    async def run(ctx: StepContext) -> Reply:
        if not ctx.data.get("flags", {}).get(flag, True):
            return Reply.text(
                "❌ Platform ini tidak aktif untuk client ini.", code="platform_disabled"
            ).then_menu()
        return await handler(ctx)

    return guarded(run)


async def _fetch_engagement(ctx: StepContext) -> Reply:
    flags = ctx.data.get("flags", {})
    platforms = [
        p
        for p, f in (("instagram", "client_insta_status"), ("tiktok", "client_tiktok_status"))
        if flags.get(f, True)
    ]
    if not platforms:
        return Reply.text(
            "❌ Tidak ada platform aktif untuk client ini.", code="platform_disabled"
        ).then_menu()
    cid = ctx.client_id or ""

    async def job(jctx: StepContext) -> Reply:
        result, error = await fetch(jctx, cid, platforms)
        if error or result is None:
            return Reply.text(f"❌ Fetch gagal: {error}", code="fetch_failed").then_menu()
        texts = [engagement_text(s) for s in result.engagement.values()]
        for key, err in result.errors.items():
            if key.endswith("_posts"):
                texts.append(f"⚠️ {key.replace('_posts', '')}: {err}")
        return Reply.text("\n".join(texts) or "ℹ️ Tidak ada yang diambil.", code="fetched").then_menu()

    return Reply.nothing().background("Mengambil konten dan engagement terbaru...", job)


ENGAGEMENT = MENU.level(
    "engagement",
    title="Menu Manajemen Engagement",
    top=False,
    context_line=_context,
    items=lambda: (
        group(
            None,
            option(
                "Absensi Likes Instagram",
                _platform_on("client_insta_status", _mode_then("REP-IG-UNIT")),
                key="ig",
            ),
            option(
                "Absensi Komentar TikTok",
                _platform_on("client_tiktok_status", _mode_then("REP-TT-UNIT")),
                key="tt",
            ),
            option("Fetch Post Engagement", guarded(_fetch_engagement), key="fetch"),
        ),
    ),
)


def _render_engagement(ctx: StepContext, entries: list) -> str:
    """Items of an inactive platform carry the suffix ` (nonaktif)` (CONV-125)."""
    from menus.framework import keycap

    flags = ctx.data.get("flags", {})
    off = {
        "ig": not flags.get("client_insta_status", True),
        "tt": not flags.get("client_tiktok_status", True),
    }
    lines = ["*Menu Manajemen Engagement*", _context(ctx)]
    for e in entries:
        if isinstance(e, str):
            continue
        n, opt = e
        lines.append(f"{keycap(n)} {opt.label}{' (nonaktif)' if off.get(opt.key) else ''}")
    lines.append("Balas angka 1–3, *back* untuk kembali, atau *batal* untuk keluar.")
    return "\n".join(lines)


ENGAGEMENT.render = _render_engagement
