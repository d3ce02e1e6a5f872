"""Kasatker and Kasat Binmas monitoring (P2): the Kasat profile of DIR-30.0 and the kinds built on it.

A directorate's "Kasat" options look at the unit heads of its jajaran whose function matches the
directorate (DIR-30.0, ING-REP-35/36): the profile is chosen by the selected client id, the
`jabatan` is normalised and must start with the profile's prefix, so deputies and acting heads
(`WAKASAT …`, `PJS KASAT …`) never match.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from core.reports.engine import ReportContext, only_directorate
from core.reports.formatting import collapse_blank_lines, fmt_pct
from core.reports.output import ReportError, ReportOutput
from core.timefmt import salam
from core.timewindow import Period


@dataclass(frozen=True)
class KasatProfile:
    label: str  # the label the report texts use (the menu labels keep saying "Kasat Binmas")
    pattern: re.Pattern[str]  # matched against the normalised jabatan, at its start

    def matches(self, jabatan: str | None) -> bool:
        return self.pattern.match(normalise_jabatan(jabatan)) is not None


def _prefix(*words: str) -> re.Pattern[str]:
    # "optional spaces" between the words (KASATBINMAS), then a word boundary (not KASAT BINMASX).
    return re.compile(r"^(?:" + "|".join(r"\s*".join(w.split()) for w in words) + r")\b")


PROFILES: dict[str, KasatProfile] = {
    "DITBINMAS": KasatProfile("Kasat Binmas", _prefix("KASAT BINMAS")),
    "DITINTELKAM": KasatProfile("Kasat Intelkam", _prefix("KASAT INTELKAM", "KASAT INTEL")),
    "DITLANTAS": KasatProfile("Kasat Lantas", _prefix("KASAT LANTAS")),
    "DITSAMAPTA": KasatProfile("Kasat Samapta", _prefix("KASAT SAMAPTA")),
    "BIDHUMAS": KasatProfile("Kasi Humas", _prefix("KASI HUMAS")),
}

_SEPARATORS = re.compile(r"[.,/:;\\-]")
_PLACE_WORDS = re.compile(r"\b(?:POLRES|POLDA|POLRESTA|POLTABES|POLSEK|KOTA|KAB|KABUPATEN|RESORT|WILAYAH)\b")
_SPACES = re.compile(r"\s+")


def normalise_jabatan(jabatan: str | None) -> str:
    """DIR-30.0: separators → spaces, upper-case, the place words removed, spaces collapsed."""
    text = _SEPARATORS.sub(" ", jabatan or "").upper()
    return _SPACES.sub(" ", _PLACE_WORDS.sub(" ", text)).strip()


def profile_for(client_id: str) -> KasatProfile | None:
    return PROFILES.get(client_id.strip().upper())


def require_profile(ctx: ReportContext, what: str) -> KasatProfile:
    """The profile of the selected directorate, or the one-line answer of DIR-30.0."""
    only_directorate(ctx, what)
    profile = profile_for(ctx.client.client_id)
    if profile is None:
        raise ReportError(
            "no_kasat_profile",
            f"Menu ini belum memiliki profil Kasatker untuk {ctx.client.client_id}.",
        )
    return profile


# --- REP-KASATKER (DIR-30, ING-REP-34) ------------------------------------------------------------

# DIR-30: the label of each period choice (the runner maps today/this_week/this_month/all_time).
_KASATKER_LABELS = {Period.DAY: "hari ini", Period.WEEK: "minggu ini", Period.MONTH: "bulan ini",
                    Period.ALL: "semua periode"}  # fmt: skip
_AKTIF, _SEDANG = Decimal(90), Decimal(50)


def kasatker_label(period: Period) -> str:
    return _KASATKER_LABELS[period]


def _compliance(score: float) -> Decimal:
    # Classified on the shown one-decimal value, so "89,95" never prints 90,0 % under SEDANG.
    return Decimal(str(score * 100)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


async def rep_kasatker(ctx: ReportContext) -> ReportOutput:
    """Per jajaran unit, compliance = XLS-RANKING's score × 100, grouped AKTIF / SEDANG / RENDAH."""
    from core.reports.excel import ranking_rows  # openpyxl only when the report runs

    only_directorate(ctx, "Laporan Kasatker")
    _ig, _tt, rows = await ranking_rows(ctx)
    # A unit without personnel in directorate(D) has no share; the directorate itself only counts
    # when it is the only entry (ING-REP-34).
    rows = [r for r in rows if r[1].total > 0]
    units = [r for r in rows if not r[0].own] or rows
    if not units:
        return ReportOutput("REP-KASATKER", text="❌ Tidak ada data satker untuk disusun.", empty=True)
    scored = sorted(((_compliance(score), u.client.unit_name) for u, _a, _b, score in units),
                    key=lambda x: (-x[0], x[1]))  # fmt: skip
    blocks = {
        "AKTIF": [s for s in scored if s[0] >= _AKTIF],
        "SEDANG": [s for s in scored if _SEDANG <= s[0] < _AKTIF],
        "RENDAH": [s for s in scored if s[0] < _SEDANG],
    }
    nama = ctx.client.unit_name
    lines = [
        f"{salam(ctx.req.now)},",
        "",
        "Mohon ijin Komandan,",
        "",
        "Melaporan kepatuhan pelaksanaan Likes dan Komentar Media Sosial.",
        f"Periode {kasatker_label(ctx.req.period)}.",
        "",
        "Bersama ini kami sampaikan rekapitulasi kepatuhan personel setiap Polres dalam melaksanakan"
        f" _Likes_ dan _Komentar_ pada konten akun media sosial resmi {nama}.",
        "",
        "*KRITERIA KEPATUHAN* - Persentase personel yang melaksanakan tugas _Likes_ dan _Komentar_",
        "",
        "• *AKTIF* : Personil yang sudah melaksanakan ≥ 90%",
        "• *SEDANG* : Personil yang sudah melaksanakan 50% - 89.9%",
        "• *RENDAH* : Personil yang sudah melaksanakan < 50%",
        "",
        "*REKAP KEPATUHAN PER KATEGORI*",
    ]
    for category, entries in blocks.items():
        lines += ["", f"*KEPATUHAN {category}* ({len(entries)} Satker)"]
        for i, (value, unit) in enumerate(entries, 1):
            none = " (Belum ada pelaksanaan)" if value == 0 else ""
            lines.append(f"{i}. {unit} : {fmt_pct(float(value), 1)}%{none}")
        if not entries:
            lines.append("-")
    lines += ["", "*ARAHAN TINDAK LANJUT*"]
    if blocks["AKTIF"]:
        lines.append(
            "Terima kasih dan apresiasi kepada para Kasat Satker dengan kepatuhan *AKTIF* atas"
            " konsistensi personelnya dalam melaksanakan _Likes_ dan _Komentar_. Mohon dipertahankan."
        )
    if blocks["RENDAH"]:
        lines += [
            "" if blocks["AKTIF"] else None,
            "Kepada para Kasat Satker dengan kepatuhan *RENDAH*, mohon:",
            f"1. Melibatkan operator media sosial Satker melalui grup koordinasi {nama} untuk memantau"
            " pelaksanaan tugas setiap hari.",
            "2. Membagikan daftar tugas harian (tautan konten) kepada seluruh personel.",
            "3. Menghimbau seluruh personel agar melaksanakan _Likes_ dan _Komentar_ pada setiap konten.",
        ]
    if not blocks["AKTIF"] and not blocks["RENDAH"]:
        lines.append(
            "Mohon seluruh Satker meningkatkan pelaksanaan _Likes_ dan _Komentar_ hingga kategori *AKTIF*."
        )
    lines += ["", "Demikian kami laporkan. Terima kasih."]
    return ReportOutput("REP-KASATKER", text=collapse_blank_lines([x for x in lines if x is not None]))
