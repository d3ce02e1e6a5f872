"""Likes and comment attendance recaps (ING-REP-3..8, -11..16, -18), rendered from `Attendance`."""

from __future__ import annotations

from core.reports.formatting import at_handle, collapse_blank_lines, fmt_pct, nama_lengkap, pct
from core.reports.model import Person, Status, Tally, UnitAttendance
from core.reports.ordering import UnitFigures, division_sort_key, order_u_jajaran, order_u_sudah
from core.reports.text.common import (
    Render,
    common_header,
    content_block,
    division_groups,
    lines_or_dash,
    rule_lines,
    user_line,
    with_status,
)
from core.timefmt import hari_tanggal, jam_detik

L, K, B, U = Status.LENGKAP, Status.KURANG, Status.BELUM, Status.NO_USERNAME


def _figures(u: UnitAttendance) -> UnitFigures:
    t = u.tally
    return UnitFigures(u.client.client_id, u.client.unit_name, t.total, t.lengkap, t.score_sum, u.own)


def _ordered_units(r: Render, order) -> list[UnitAttendance]:
    units = {u.client.client_id: u for u in r.att.by_unit()}
    return [units[f.unit_id] for f in order([_figures(u) for u in units.values()])]


# --- unit recaps: REP-IG-UNIT, REP-TT-UNIT ------------------------------------------------------


def unit_recap(r: Render, title: str, scope_line: str, missing_handle: str) -> str:
    t = r.att.tally
    lines = [*common_header(r, title, scope_line), *content_block(r)]
    lines += [
        f"*Jumlah user:* {t.total} user",
        f"✅ *Melaksanakan lengkap* : *{t.lengkap} user*",
        f"⚠️ *Melaksanakan kurang lengkap* : *{t.kurang} user*",
        f"❌ *Belum melaksanakan* : *{t.belum + t.no_username} user*",
        "",
    ]
    if r.shows_sudah:
        lines += [
            f"✅ *Melaksanakan lengkap* ({t.lengkap} user)",
            f"⚠️ *Melaksanakan kurang lengkap* ({t.kurang} user)",
        ]
    if r.shows_belum:
        lines.append(f"❌ *Belum melaksanakan* ({t.belum + t.no_username} user)")
    lines.append("")
    groups = division_groups(r.att.people)
    if not groups:
        lines += ["-", ""]

    def fmt(p: Person) -> str:
        return user_line(p, r, missing_handle)

    for div, people in groups:
        lines.append(f"*{div}* ({len(people)} user):")
        if r.shows_sudah:
            lengkap, kurang = with_status(people, L), with_status(people, K)
            lines += [f"✅ Lengkap ({len(lengkap)} user):", *lines_or_dash(lengkap, fmt)]
            lines += [f"⚠️ Kurang ({len(kurang)} user):", *lines_or_dash(kurang, fmt)]
        if r.shows_belum:
            belum = with_status(people, B, U)
            lines += [f"❌ Belum ({len(belum)} user):", *lines_or_dash(belum, fmt)]
        lines.append("")
    lines.append("Terimakasih.")
    return collapse_blank_lines(lines)


def rep_ig_unit(r: Render) -> str:
    return unit_recap(r, "📋 *Rekap Akumulasi Likes Instagram*", f"*Polres*: *{r.client_nama}*", "-")


def rep_tt_unit(r: Render) -> str:
    return unit_recap(
        r, "📋 *Rekap Akumulasi Komentar TikTok*", f"*{r.client_nama}*", "belum mengisi data tiktok"
    )


# --- directorate per-unit recaps: REP-IG-DUNITS, REP-TT-DUNITS ----------------------------------


def rep_ig_dunits(r: Render) -> str:
    t = r.att.tally
    lines = [*common_header(r, "📋 Rekap Akumulasi Likes Instagram", f"*{r.nama_upper}*"), *content_block(r)]
    lines += [
        f"*Jumlah Total Personil :* {t.total} pers",
        f"✅ *Sudah melaksanakan :* {t.sudah} pers",
        f"- ✅ Melaksanakan lengkap : {t.lengkap} pers",
        f"- ⚠️ Melaksanakan kurang lengkap : {t.kurang} pers",
        f"❌ *Belum melaksanakan :* {t.belum + t.no_username} pers",
        f"⚠️❌ *Belum Update Username Instagram :* {t.no_username} pers",
        "",
    ]
    for i, unit in enumerate(_ordered_units(r, order_u_sudah), 1):
        u = unit.tally
        lines += [
            f"{i}. {unit.client.unit_name}",
            f"*Jumlah Personil :* {u.total} pers",
            f"*Sudah Melaksanakan :* {u.sudah} pers",
            f"- Melaksanakan lengkap : {u.lengkap} pers",
            f"- Melaksanakan kurang lengkap : {u.kurang} pers",
            f"*Belum melaksanakan :* {u.belum + u.no_username} pers",
            f"*Belum Update Username Instagram :* {u.no_username} pers",
            "",
        ]
    return collapse_blank_lines(lines)


def rep_tt_dunits(r: Render) -> str:
    t = r.att.tally
    lines = common_header(r, "📋 *Rekap Akumulasi Komentar TikTok*", f"*Direktorat*: *{r.client_nama}*")
    lines += [
        f"*Total Personel:* {t.total}",
        f"✅ *Sudah Melaksanakan* : *{t.sudah} user*",
        f"- ✅ Melaksanakan Lengkap : {t.lengkap} user",
        f"- ⚠️ Melaksanakan Kurang Lengkap : {t.kurang} user",
        f"❌ *Belum Melaksanakan* : *{t.belum} user*",
        f"⚠️❌ *Belum Input Username Tiktok* : *{t.no_username} user*",
        "",
    ]
    for i, unit in enumerate(_ordered_units(r, order_u_sudah), 1):
        u = unit.tally
        lines += [
            f"*{i}. {unit.client.unit_name}*",
            f"*Jumlah user:* {u.total}",
            f"*Sudah Melaksanakan* : *{u.sudah} user*",
            f"- Melaksanakan Lengkap : {u.lengkap} user",
        ]
        if u.kurang:
            lines.append(f"- Melaksanakan Kurang Lengkap : {u.kurang} user")
        if u.belum:
            lines.append(f"*Belum Melaksanakan* : *{u.belum} user*")
        if u.no_username:
            lines.append(f"*Belum Input Username Tiktok* : *{u.no_username} user*")
        lines.append("")
    lines.append("Terimakasih.")
    return collapse_blank_lines(lines)


# --- directorate detailed (per division): REP-IG-DDETAIL, REP-TT-DDETAIL ------------------------


def _ddetail_division_order(groups: list[tuple[str, list[Person]]]) -> list[tuple[str, list[Person]]]:
    def key(item: tuple[str, list[Person]]) -> tuple:
        div, people = item
        t = Tally.of(people)
        return (-t.score_sum, -pct(t.sudah, t.total), -t.total, division_sort_key(div)[1])

    return sorted(groups, key=key)


def _ddetail(r: Render, title: str, tiktok: bool) -> str:
    t = r.att.tally
    plat = "TikTok" if tiktok else "Instagram"
    lines = [*common_header(r, title, f"*{r.nama_upper}*"), *content_block(r)]
    lines += [
        f"*Jumlah Total Personil :* {t.total} pers",
        f"✅ *Sudah Melaksanakan :* {t.sudah} pers",
        f"- ✅ *Melaksanakan Lengkap :* {t.lengkap} pers",
        f"- ⚠️ *Melaksanakan kurang lengkap :* {t.kurang} pers",
        f"❌ *Belum melaksanakan :* {t.belum + t.no_username} pers",
        f"⚠️❌ *Belum Update Username {plat} :* {t.no_username} pers",
        "",
    ]

    def done_line(p: Person) -> str:
        return f"- {nama_lengkap(p.title, p.nama)}, Pelaksanaan: {p.count}/{r.n}"

    def empty_line(p: Person) -> str:
        if tiktok:
            marker = "Tiktok Kosong"
        else:
            marker = "IG Kosong" if p.tiktok else "IG Kosong, Tiktok Kosong"
        return f"{done_line(p)} ({marker})"

    for i, (div, people) in enumerate(_ddetail_division_order(division_groups(r.att.people)), 1):
        d = Tally.of(people)
        if tiktok:
            lines += [
                f"*{i}. {div}*",
                f"*Jumlah Personil* : {d.total} pers",
                f"*Akumulasi Pelaksanaan* : {d.score_sum}/{d.total * r.n}",
                "",
            ]
        else:
            lines += [
                f"*{div}*",
                f"Akumulasi Pelaksanaan: {d.score_sum} (dari {r.n} konten)",
                f"Jumlah Personil: {d.total} pers",
                "",
            ]
        lines += [
            f"✅ Melaksanakan Lengkap ({d.lengkap} pers):",
            *lines_or_dash(with_status(people, L), done_line),
        ]
        if d.kurang:
            lines += [
                f"⚠️ Melaksanakan Kurang Lengkap ({d.kurang} pers):",
                *map(done_line, with_status(people, K)),
            ]
        if d.belum:
            lines += [f"❌ Belum melaksanakan ({d.belum} pers):", *map(done_line, with_status(people, B))]
        if d.no_username:
            lines += [
                f"⚠️ Belum Update Username {plat} ({d.no_username} pers):",
                *map(empty_line, with_status(people, U)),
            ]
        lines.append("")
    lines.append("Terimakasih.")
    return collapse_blank_lines(lines)


def rep_ig_ddetail(r: Render) -> str:
    return _ddetail(r, "📋 Rekap Akumulasi Likes Instagram", tiktok=False)


def rep_tt_ddetail(r: Render) -> str:
    return _ddetail(r, "📋 Rekap Akumulasi Komentar TikTok", tiktok=True)


# --- directorate simple: REP-IG-DSIMPLE, REP-TT-DSIMPLE -----------------------------------------


def _dsimple(
    r: Render, title: str, sections: tuple[str, str, str, str], totals: tuple[str, str, str, str]
) -> str:
    t = r.att.tally
    lines = [*common_header(r, title, f"*{r.nama_upper}*"), *content_block(r)]
    counts = (t.lengkap, t.kurang, t.belum, t.no_username)
    lines.append(f"*Jumlah Total Personil:* {t.total} pers")
    lines += [f"{label} {n} pers" for label, n in zip(totals, counts, strict=True)]
    lines.append("")

    def name_line(p: Person) -> str:
        return f"- {nama_lengkap(p.title, p.nama)}"

    for label, status, n in zip(sections, (L, K, B, U), counts, strict=True):
        lines += [label.format(n=n), *lines_or_dash(with_status(r.att.people, status), name_line), ""]
    return collapse_blank_lines(lines)


def rep_ig_dsimple(r: Render) -> str:
    return _dsimple(
        r,
        "📋 Rekap Akumulasi Likes Instagram (Simple)",
        (
            "✅ *Melaksanakan Lengkap ({n} pers):*",
            "⚠️ *Melaksanakan Kurang ({n} pers):*",
            "❌ *Belum Melaksanakan ({n} pers):*",
            "⚠️❌ *Belum Update Username Instagram ({n} pers):*",
        ),
        (
            "✅ *Melaksanakan Lengkap :*",
            "⚠️ *Melaksanakan Kurang :*",
            "❌ *Belum Melaksanakan :*",
            "⚠️❌ *Belum Update Username Instagram :*",
        ),
    )


def rep_tt_dsimple(r: Render) -> str:
    return _dsimple(
        r,
        "📋 Rekap Komentar TikTok (Simple)",
        (
            "✅ *Melaksanakan Lengkap ({n} pers):*",
            "⚠️ *Melaksanakan Kurang ({n} pers):*",
            "❌ *Belum Melaksanakan ({n} pers):*",
            "⚠️❌ *Belum Input Username TikTok ({n} pers):*",
        ),
        (
            "✅ *Melaksanakan Lengkap :*",
            "⚠️ *Melaksanakan Kurang :*",
            "❌ *Belum Melaksanakan :*",
            "⚠️❌ *Belum Input Username TikTok :*",
        ),
    )


# --- per content: REP-IG-KONTEN, REP-TT-KONTEN --------------------------------------------------


def _konten(r: Render, title: str, label: str) -> str:
    lines = [
        "Mohon ijin Komandan,",
        "",
        title,
        f"*{label}*: *{r.client_nama}*",
        hari_tanggal(r.ref_date),
        f"Jam: {jam_detik(r.now)} WIB",
        *rule_lines(r),
        f"*Jumlah Konten:* {r.n}",
    ]

    def grouped(people: list[Person]) -> list[str]:
        out: list[str] = []
        for div, members in division_groups(people):
            out.append(f"*{div}* ({len(members)} user):")
            out += [
                f"- {nama_lengkap(p.title, p.nama)} : {at_handle(p.handle(r.att.platform))}" for p in members
            ]
        return out

    for post in r.att.posts:
        done = [p for p in r.att.people if p.did(post.id)]
        todo = [p for p in r.att.people if not p.did(post.id)]
        lines += [
            "",
            f"Konten: {r.link(post.id)}",
            f"✅ *Sudah melaksanakan* : *{len(done)} user*",
            f"❌ *Belum melaksanakan* : *{len(todo)} user*",
        ]
        if r.shows_sudah:
            lines += [f"✅ *Sudah melaksanakan* ({len(done)} user):", *grouped(done)]
        if r.shows_belum:
            lines += [f"❌ *Belum melaksanakan* ({len(todo)} user):", *grouped(todo)]
        lines.append("")
    lines.append("Terimakasih.")
    return collapse_blank_lines(lines)


def _label(r: Render) -> str:
    return "Direktorat" if r.att.scope.client.is_directorate else "Polres"


def rep_ig_konten(r: Render) -> str:
    return _konten(r, "📋 *Rekap Per Konten Likes Instagram*", "Polres")


def rep_tt_konten(r: Render) -> str:
    return _konten(r, "📋 *Rekap Per Konten Komentar TikTok*", _label(r))


# --- jajaran: REP-IG-JAJARAN, REP-TT-JAJARAN ----------------------------------------------------


def _jajaran(r: Render, title: str, plat: str) -> str:
    t = r.att.tally
    lines = [
        "Mohon ijin Komandan,",
        "",
        title,
        f"*{r.client_nama}*",
        hari_tanggal(r.ref_date),
        f"Jam: {jam_detik(r.now)} WIB",
        "Periode: hari ini (WIB)",
        *rule_lines(r),
        "",
        *content_block(r),
        f"*Jumlah Total Personil:* {t.total} pers",
        f"*Sudah Input Username {plat}:* {t.total - t.no_username} pers",
        f"*Belum Input Username {plat}:* {t.no_username} pers",
        f"*Melaksanakan Lengkap:* {t.lengkap} pers",
        f"*Melaksanakan Kurang Lengkap:* {t.kurang} pers",
        f"*Belum Melaksanakan:* {t.belum} pers",
        f"*Persentase Pelaksanaan:* {fmt_pct(pct(t.lengkap, t.total), 2)}%",
        "",
        "*Detail per Satker:*",
    ]
    for i, unit in enumerate(_ordered_units(r, order_u_jajaran), 1):
        u = unit.tally
        lines += [
            f"{i}. *{unit.client.unit_name}*",
            f"   Jumlah Personil: {u.total} pers",
            f"   Sudah Input Username: {u.total - u.no_username} pers",
            f"   Belum Input Username: {u.no_username} pers",
            f"   Melaksanakan Lengkap: {u.lengkap} pers",
            f"   Melaksanakan Kurang Lengkap: {u.kurang} pers",
            f"   Belum Melaksanakan: {u.belum} pers",
            f"   Persentase: {fmt_pct(pct(u.lengkap, u.total), 2)}%",
            "",
        ]
    return collapse_blank_lines(lines)


def rep_ig_jajaran(r: Render) -> str:
    return _jajaran(r, "📋 *Rekap Absensi Likes Instagram Jajaran*", "Instagram")


def rep_tt_jajaran(r: Render) -> str:
    return _jajaran(r, "📋 *Rekap Absensi Komentar TikTok Jajaran*", "TikTok")


# --- Instagram comments: REP-IGC ------------------------------------------------------------------


def rep_igc(r: Render) -> str:
    """ING-REP-18: HALF rule and no kurang state: every non-lengkap user is belum."""
    t = r.att.tally
    scope_line = f"*Polres*: *{r.client_nama}*"
    lines = [*common_header(r, "📋 *Rekap Akumulasi Komentar Instagram*", scope_line), *content_block(r)]
    lines += [
        f"*Jumlah user:* {t.total}",
        f"✅ *Sudah melaksanakan* : *{t.lengkap} user*",
        f"❌ *Belum melaksanakan* : *{t.total - t.lengkap} user*",
        "",
    ]

    def fmt(p: Person) -> str:
        return user_line(p, r)

    def grouped(people: list[Person]) -> list[str]:
        out: list[str] = []
        for div, members in division_groups(people):
            out += [f"*{div}* ({len(members)} user):", *map(fmt, members)]
        return out or ["-"]

    done = with_status(r.att.people, L)
    rest = with_status(r.att.people, K, B, U)
    if r.shows_sudah:
        lines += [f"✅ *Sudah melaksanakan* ({len(done)} user):", *grouped(done), ""]
    if r.shows_belum:
        lines += [f"❌ *Belum melaksanakan* ({len(rest)} user):", *grouped(rest), ""]
    lines.append("Terimakasih.")
    return collapse_blank_lines(lines)
