"""clientrequest → `3️⃣ Transfer & Laporan` P2 recaps (CONV-155).

- `Absensi Login Web`: for one client, this month's dashboard logins (`login_log`, source `web`,
  written by the dashboard login of API-32 with the account id as actor) per active dashboard
  account linked to the client: logged in this month or not, how often and when last.
- `Absensi Official Account`: for every active client, whether its official Instagram and TikTok
  accounts are recorded in `satbinmas_official_accounts`: ✅ both, ⚠️ one, ❌ none, with totals.
"""

from __future__ import annotations

from core.timefmt import bulan, jam, tgl_angka
from core.timewindow import month_to_date_window, to_wib, today_wib
from menus.framework import Reply, StepContext


async def login_web(ctx: StepContext) -> Reply:
    client_id = ctx.client_id or ""
    today = today_wib()
    win = month_to_date_window(today)
    since, params = win.sql_range("l.logged_at")
    rows = await ctx.uow.execute(
        f"""SELECT d.username, COUNT(l.log_id) AS logins, MAX(l.logged_at) AS last_at
              FROM dashboard_user d
              JOIN dashboard_user_clients dc ON dc.dashboard_user_id = d.dashboard_user_id
              LEFT JOIN login_log l ON l.actor_id = d.dashboard_user_id::text
                   AND l.login_source = 'web' AND {since}
             WHERE UPPER(dc.client_id) = UPPER(:c) AND d.status IS TRUE
             GROUP BY d.username
             ORDER BY COUNT(l.log_id) DESC, d.username""",  # noqa: S608 - `since` is built from a column name
        {"c": client_id, **params},
    )
    accounts = list(rows)
    done = [a for a in accounts if a.logins]
    lines = [
        f"*Absensi Login Web* — {client_id}",
        f"Bulan {bulan(today.month)} {today.year} ({tgl_angka(win.start_date or today)} – {tgl_angka(today)})",
        f"Akun dashboard aktif: {len(accounts)} · Sudah login: {len(done)} · Belum: {len(accounts) - len(done)}",
    ]
    if not accounts:
        lines.append("Belum ada akun dashboard aktif yang terhubung ke client ini.")
    for a in accounts:
        if a.logins:
            last = to_wib(a.last_at)
            lines.append(f"✅ {a.username} — {a.logins} login, terakhir {tgl_angka(last)} {jam(last)} WIB")
        else:
            lines.append(f"❌ {a.username} — belum login bulan ini")
    return Reply.text("\n".join(lines), code="login_web")


MARKS = {2: "✅", 1: "⚠️", 0: "❌"}


async def official_accounts(ctx: StepContext) -> Reply:
    rows = await ctx.uow.execute(
        """SELECT c.client_id, COALESCE(c.nama, c.client_id) AS nama,
                  BOOL_OR(a.platform = 'instagram') AS ig, BOOL_OR(a.platform = 'tiktok') AS tt
             FROM clients c
             LEFT JOIN satbinmas_official_accounts a ON a.client_id = c.client_id AND a.is_active
            WHERE c.client_status IS NOT FALSE
            GROUP BY c.client_id, c.nama
            ORDER BY (COALESCE(BOOL_OR(a.platform = 'instagram'), FALSE)::int
                      + COALESCE(BOOL_OR(a.platform = 'tiktok'), FALSE)::int), c.client_id"""
    )
    clients = list(rows)
    if not clients:
        return Reply.text("ℹ️ Tidak ada client aktif.", code="empty").then_menu()
    counts = {2: 0, 1: 0, 0: 0}
    body = []
    for c in clients:
        n = int(bool(c.ig)) + int(bool(c.tt))
        counts[n] += 1
        ig = "IG ✓" if c.ig else "IG ✗"
        tt = "TikTok ✓" if c.tt else "TikTok ✗"
        body.append(f"{MARKS[n]} {c.nama} ({c.client_id}) — {ig} · {tt}")
    lines = [
        "*Absensi Official Account*",
        f"Client aktif: {len(clients)} · ✅ Lengkap: {counts[2]} · ⚠️ Sebagian: {counts[1]} · ❌ Belum: {counts[0]}",
        "",
        *body,
    ]
    return Reply.text("\n".join(lines), code="official_accounts").then_menu()
