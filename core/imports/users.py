"""User import from a Google Sheet, a CSV/XLSX file or a JSON file (JOB-80..88, CONV-155).

    table = parse_file(name, content)           # or: table = await download_sheet(url)
    plan = await preview(uow, client_id, table, actor_is_admin=True)
    report = await apply(uow, plan, allow_move=False, caller=caller)  # recomputes outcomes, one savepoint per row
    text, csv_doc = render_report(report)

Nothing is written to disk; a refusal of the whole import raises `ImportRefused` with the reply text.
`apply` holds the client's import lock for its transaction (JOB-92: a second import of the same
client is refused while one runs) and writes the `user_import_log` row in it (JOB-91); a CLI dry
run logs itself with `log_import(..., mode="preview")`.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from typing import Any

import httpx

from core.accounts.access import Caller
from core.accounts.audit import write_audit
from core.db import UnitOfWork
from core.phones import normalize_phone
from core.social.handles import HandleError, parse_handle

MAX_BYTES = 5 * 1024 * 1024
ROLE_NAMES = ("operator", "ditbinmas", "ditlantas", "bidhumas", "ditsamapta", "ditintelkam")
HEADERS: dict[str, tuple[str, ...]] = {
    "user_id": ("user_id", "nrp", "nip", "nrp_nip"),
    "nama": ("nama", "name", "nama_lengkap"),
    "title": ("title", "pangkat"),
    "divisi": ("divisi", "satfung"),
    "jabatan": ("jabatan",),
    "desa": ("desa", "desa_binaan"),
    "whatsapp": ("whatsapp", "wa", "no_wa", "no_hp"),
    "insta": ("insta", "instagram", "username_ig", "ig"),
    "tiktok": ("tiktok", "username_tiktok"),
    "email": ("email",),
    "status": ("status",),
    "exception": ("exception",),
    "roles": ("roles", "role"),
}
TRUE = {"ya", "yes", "true", "1", "aktif"}
FALSE = {"tidak", "no", "false", "0", "nonaktif"}
TEXT_FIELDS = ("title", "divisi", "jabatan", "desa")

NEW, UPDATED, MOVED, UNCHANGED, CONFLICT, FAILED = (
    "✅ Baru",
    "🔄 Diperbarui",
    "🔄 Dipindahkan",
    "➖ Tidak berubah",
    "⚠️ Konflik",
    "❌ Gagal",
)
OUTCOME_ORDER = (NEW, UPDATED, MOVED, UNCHANGED, CONFLICT, FAILED)


class ImportRefused(Exception):
    """The whole import is refused; `message` is the reply."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass
class Table:
    source: str  # "Google Sheet" or the file name
    header: list[str]
    rows: list[list[str]]  # data rows (fully empty rows removed), as text
    origin: str = ""  # JOB-91 `source`: `sheet:<sheet id>#<gid>` or `file:<name>`


# --- reading (JOB-81, JOB-82) ------------------------------------------------------------------


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return str(value).strip()


def _finish(source: str, rows: list[list[str]], max_rows: int) -> Table:
    rows = [r for r in rows if any(c.strip() for c in r)]
    if not rows:
        return Table(source, [], [])
    header, data = rows[0], rows[1:]
    if len(data) > max_rows:
        raise ImportRefused(f"❌ Import ditolak: {len(data)} baris data melebihi batas {max_rows} baris.")
    return Table(source, [h.strip() for h in header], data)


def parse_csv(source: str, content: bytes, max_rows: int = 5000) -> Table:
    if len(content) > MAX_BYTES:
        raise ImportRefused("❌ Import ditolak: file lebih dari 5 MB.")
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = content.decode("cp1252", errors="replace")
    first = text.split("\n", 1)[0]
    delimiter = max((",", ";", "\t"), key=first.count)
    rows = [[c.strip() for c in row] for row in csv.reader(io.StringIO(text), delimiter=delimiter)]
    return _finish(source, rows, max_rows)


def parse_xlsx(source: str, content: bytes, max_rows: int = 5000) -> Table:
    from openpyxl import load_workbook

    if len(content) > MAX_BYTES:
        raise ImportRefused("❌ Import ditolak: file lebih dari 5 MB.")
    try:
        wb = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception as exc:  # noqa: BLE001 - any unreadable workbook is refused with one reason
        raise ImportRefused("❌ File XLSX tidak dapat dibaca.") from exc
    ws = wb.worksheets[0]
    rows = [[_cell(v) for v in row] for row in ws.iter_rows(values_only=True)]
    wb.close()
    return _finish(source, rows, max_rows)


def parse_file(file_name: str, content: bytes, max_rows: int = 5000) -> Table:
    name = (file_name or "").lower()
    if name.endswith(".csv"):
        return replace(parse_csv(file_name, content, max_rows), origin=f"file:{file_name}")
    if name.endswith(".xlsx"):
        return replace(parse_xlsx(file_name, content, max_rows), origin=f"file:{file_name}")
    raise ImportRefused("❌ Format file tidak didukung. Simpan sebagai .xlsx atau .csv lalu kirim ulang.")


def _json_records(data: Any) -> list[Any]:
    if isinstance(data, dict):
        for key in ("users", "data", "personel"):
            if isinstance(data.get(key), list):
                return list(data[key])
        return [data]
    if isinstance(data, list):
        return data
    raise ImportRefused("❌ Isi file JSON harus daftar objek personel.")


def parse_json(source: str, content: bytes, max_rows: int = 5000) -> Table:
    """A JSON file of personnel (CONV-155 `Dari Folder user_data`): a list of objects, an object
    holding such a list under `users`/`data`/`personel`, or one object; keys are the columns."""
    if len(content) > MAX_BYTES:
        raise ImportRefused("❌ Import ditolak: file lebih dari 5 MB.")
    try:
        records = _json_records(json.loads(content.decode("utf-8-sig")))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ImportRefused("❌ File JSON tidak dapat dibaca.") from exc
    if not all(isinstance(r, dict) for r in records):
        raise ImportRefused("❌ Isi file JSON harus daftar objek personel.")
    header: list[str] = []
    for r in records:
        header += [str(k) for k in r if str(k) not in header]

    def cell(value: Any) -> str:
        if isinstance(value, list):  # e.g. "roles": ["operator", "ditbinmas"]
            return ",".join(_cell(v) for v in value)
        return _cell(value)

    rows = [header] + [[cell(r.get(h)) for h in header] for r in records]
    return replace(_finish(source, rows, max_rows), origin=f"file:{source}")


SHEET_ID = re.compile(r"/spreadsheets/d/([A-Za-z0-9_-]+)")


def _sheet_ids(url: str) -> tuple[str, str]:
    match = SHEET_ID.search(url or "")
    if not match:
        raise ImportRefused("❌ Sheet tidak bisa diakses:\nLink Google Sheet tidak valid.")
    gid = re.search(r"[?#&]gid=(\d+)", url)
    return match.group(1), gid.group(1) if gid else "0"


def sheet_export_url(url: str) -> str:
    sheet_id, gid = _sheet_ids(url)
    return f"https://docs.google.com/spreadsheets/d/{sheet_id}/export?format=csv&gid={gid}"


async def download_sheet(
    url: str, max_rows: int = 5000, *, transport: httpx.AsyncBaseTransport | None = None
) -> Table:
    """JOB-81: the public CSV export of the sheet (30 s, ≤ 5 MB, redirects followed)."""
    export = sheet_export_url(url)
    fail = "❌ Sheet tidak bisa diakses:\n"
    try:
        async with httpx.AsyncClient(follow_redirects=True, timeout=30.0, transport=transport) as client:
            response = await client.get(export)
    except httpx.HTTPError as exc:
        raise ImportRefused(f"{fail}{type(exc).__name__}") from exc
    ctype = response.headers.get("content-type", "")
    if response.status_code in (401, 403) or (response.status_code == 200 and "text/html" in ctype):
        raise ImportRefused(
            f'{fail}Sheet tidak publik. Atur berbagi menjadi "Siapa saja yang memiliki link dapat melihat".'
        )
    if response.status_code == 404:
        raise ImportRefused(f"{fail}Sheet tidak ditemukan.")
    if response.status_code != 200:
        raise ImportRefused(f"{fail}HTTP {response.status_code}")
    if len(response.content) > MAX_BYTES:
        raise ImportRefused(f"{fail}File lebih dari 5 MB.")
    sheet_id, gid = _sheet_ids(url)
    return replace(parse_csv("Google Sheet", response.content, max_rows), origin=f"sheet:{sheet_id}#{gid}")


# --- validation (JOB-83, JOB-84, JOB-86) --------------------------------------------------------


def _key(header: str) -> str:
    return re.sub(r"[\s\-./]+", "_", header.strip().lower())


def map_columns(header: list[str]) -> tuple[dict[str, int], list[str]]:
    found: dict[str, int] = {}
    ignored: list[str] = []
    for i, h in enumerate(header):
        key = _key(h)
        target = next((t for t, names in HEADERS.items() if key in names), None)
        if target and target not in found:
            found[target] = i
        elif h.strip():
            ignored.append(h.strip())
    if "user_id" not in found or "nama" not in found:
        raise ImportRefused(
            "❌ Kolom wajib *user_id*/NRP dan *nama* tidak ditemukan. Kolom yang ada: "
            + (", ".join(h for h in header if h.strip()) or "-")
        )
    return found, ignored


@dataclass
class Row:
    line: int  # 1-based data row number
    user_id: str
    nama: str
    values: dict[str, Any] = field(default_factory=dict)
    roles: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    error: str | None = None
    outcome: str = ""


def _nrp(raw: str) -> tuple[str | None, str | None, str | None]:
    text = raw.strip()
    if re.fullmatch(r"\d+(\.\d+)?[eE]\+?\d+", text):
        return None, "NRP dalam format ilmiah; format kolom sebagai teks", None
    digits = re.sub(r"[\s.\-]", "", text)
    if not digits.isdigit():
        return None, "NRP/NIP bukan angka", None
    if not 6 <= len(digits) <= 18:
        return None, "NRP/NIP harus 6-18 digit", None
    if len(digits) < 8:
        return digits.zfill(8), None, "NRP dilengkapi nol di depan"
    return digits, None, None


def validate_row(line: int, cells: list[str], cols: dict[str, int], *, admin: bool) -> Row:
    def get(name: str) -> str:
        i = cols.get(name)
        return cells[i].strip() if i is not None and i < len(cells) else ""

    nrp, err, note = _nrp(get("user_id"))
    nama = " ".join(get("nama").split())
    row = Row(line, nrp or get("user_id"), nama.upper())
    if note:
        row.notes.append(note)
    if err:
        row.error = err
        return row
    if not 2 <= len(nama) <= 100:
        row.error = "nama harus 2-100 karakter"
        return row
    row.values["nama"] = nama.upper()
    for name in TEXT_FIELDS:
        text = " ".join(get(name).split())
        if text:
            if len(text) > 100:
                row.notes.append(f"{name} terlalu panjang, dilewati")
            else:
                row.values[name] = text.upper()
    wa = get("whatsapp")
    if wa:
        phone = normalize_phone(wa)
        if phone:
            row.values["whatsapp"] = phone
        else:
            row.notes.append("nomor WhatsApp tidak valid, dilewati")
    for name, platform in (("insta", "instagram"), ("tiktok", "tiktok")):
        raw = get(name)
        if raw:
            try:
                row.values[name] = parse_handle(raw, platform)  # type: ignore[arg-type]
            except HandleError:
                row.notes.append(f"username {platform} tidak valid, dilewati")
    email = get("email").lower()
    if email:
        if re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s]+", email):
            row.values["email"] = email
        else:
            row.notes.append("email tidak valid, dilewati")
    for name in ("status", "exception"):
        raw = get(name).lower()
        if not raw:
            continue
        if name == "exception" and not admin:
            row.notes.append("kolom exception hanya untuk admin, diabaikan")
            continue
        if raw in TRUE or raw in FALSE:
            row.values[name] = raw in TRUE
        else:
            row.notes.append(f"{name} tidak dikenali, dilewati")
    roles_raw = get("roles")
    if roles_raw:
        if not admin:
            row.notes.append("kolom roles hanya untuk admin, diabaikan")
        else:
            for r in re.split(r"[,;\s]+", roles_raw.lower()):
                if r in ROLE_NAMES:
                    row.roles.append(r)
                elif r:
                    row.notes.append(f"role {r} tidak dikenal, dilewati")
    return row


@dataclass
class Plan:
    client_id: str
    client_nama: str
    client_type: str
    source: str
    rows: list[Row]
    ignored_columns: list[str]
    admin: bool
    origin: str = ""  # Table.origin, for the import log (JOB-91)

    def counts(self) -> dict[str, int]:
        out = {o: 0 for o in OUTCOME_ORDER}
        for r in self.rows:
            key = r.outcome.split(" (")[0]
            out[key] = out.get(key, 0) + 1
        return out


async def _client(uow: UnitOfWork, client_id: str) -> Any:
    row = (
        await uow.execute(
            "SELECT client_id, nama, COALESCE(client_type, '') AS ctype FROM clients WHERE UPPER(client_id) = UPPER(:c)",
            {"c": client_id},
        )
    ).first()
    if row is None:
        raise ImportRefused(f"❌ Client {client_id.upper()} tidak ditemukan.")
    return row


async def _decide(
    uow: UnitOfWork, plan: Plan, row: Row, allow_move: bool, seen_wa: dict[str, int]
) -> dict[str, Any]:
    """Outcome of one valid row against the database (JOB-85, JOB-86); returns the values to write."""
    values = dict(row.values)
    existing = (
        (await uow.execute('SELECT * FROM "user" WHERE user_id = :u', {"u": row.user_id})).mappings().first()
    )
    wa = values.get("whatsapp")
    if wa:
        holder = (
            await uow.execute(
                'SELECT user_id FROM "user" WHERE whatsapp = :w AND user_id <> :u',
                {"w": wa, "u": row.user_id},
            )
        ).first()
        if holder or seen_wa.get(wa, row.line) != row.line:
            values.pop("whatsapp")
            row.notes.append("nomor WhatsApp sudah dipakai akun lain, tidak ditulis")
        seen_wa.setdefault(wa, row.line)
    for name, other in (("insta", "insta_2"), ("tiktok", "tiktok_2")):
        handle = values.get(name)
        if handle:
            taken = (
                await uow.execute(
                    f'SELECT 1 FROM "user" WHERE status IS NOT FALSE AND user_id <> :u '  # noqa: S608 - fixed columns
                    f"AND (lower(trim(leading '@' from {name})) = :h OR lower(trim(leading '@' from COALESCE({other}, ''))) = :h)",
                    {"u": row.user_id, "h": handle},
                )
            ).first()
            if taken:
                values.pop(name)
                row.notes.append(f"username {name} dipakai personel lain, tidak ditulis")
    is_dir = plan.client_type.lower() == "direktorat"
    if existing is None:
        row.outcome = NEW
        return values
    same = (existing["client_id"] or "").upper() == plan.client_id.upper()
    if not same and not is_dir:
        if allow_move and plan.admin:
            row.outcome = MOVED
            values["client_id"] = plan.client_id
            return values
        row.outcome = f"{CONFLICT} (terdaftar di {existing['client_id']})"
        return {}
    changed = {k: v for k, v in values.items() if existing.get(k) != v}
    roles_needed = set(row.roles) | ({plan.client_id.lower()} if is_dir else set())
    have = {
        r[0]
        for r in await uow.execute(
            "SELECT lower(r.role_name) FROM user_roles ur JOIN roles r ON r.role_id = ur.role_id WHERE ur.user_id = :u",
            {"u": row.user_id},
        )
    }
    row.outcome = UPDATED if changed or (roles_needed - have) else UNCHANGED
    return changed


async def preview(
    uow: UnitOfWork, client_id: str, table: Table, *, admin: bool, allow_move: bool = False
) -> Plan:
    """Validate every row and compute every outcome without writing (JOB-87)."""
    client = await _client(uow, client_id)
    origin = table.origin or table.source
    if not table.header:
        return Plan(client.client_id, client.nama, client.ctype, table.source, [], [], admin, origin)
    cols, ignored = map_columns(table.header)
    plan = Plan(client.client_id, client.nama, client.ctype, table.source, [], ignored, admin, origin)
    first_line: dict[str, int] = {}
    seen_wa: dict[str, int] = {}
    for i, cells in enumerate(table.rows, start=1):
        row = validate_row(i, cells, cols, admin=admin)
        if row.error is None and row.user_id in first_line:
            row.error = f"duplikat baris {first_line[row.user_id]}"
        if row.error is not None:
            row.outcome = f"{FAILED} ({row.error})"
        else:
            first_line[row.user_id] = i
            await _decide(uow, plan, row, allow_move, seen_wa)
        plan.rows.append(row)
    return plan


_COUNT_KEYS = dict(
    zip(OUTCOME_ORDER, ("new", "updated", "moved", "unchanged", "conflict", "failed"), strict=True)
)


def busy_message(client_id: str) -> str:
    return (
        f"⏳ Import user untuk client {client_id.upper()} sedang berjalan. "
        "Silakan tunggu sampai selesai, lalu kirim lagi."
    )


async def take_import_lock(uow: UnitOfWork, client_id: str) -> None:
    """JOB-92: one import per client at a time, across processes. A transaction-level advisory lock
    keyed on the client: released by the commit or rollback that ends the import."""
    got = (
        await uow.execute(
            "SELECT pg_try_advisory_xact_lock(hashtext('cicero.user_import'), hashtext(upper(:c)))",
            {"c": client_id},
        )
    ).scalar()
    if not got:
        raise ImportRefused(busy_message(client_id))


async def log_import(uow: UnitOfWork, plan: Plan, *, actor: str, mode: str) -> None:
    """JOB-91: one `user_import_log` row per applied import and per CLI dry run (`preview`)."""
    counts = {_COUNT_KEYS[k]: v for k, v in plan.counts().items() if k in _COUNT_KEYS}
    counts["rows"] = len(plan.rows)
    await uow.execute(
        "INSERT INTO user_import_log (client_id, actor, source, mode, counts)"
        " VALUES (:c, :a, :s, :m, CAST(:n AS jsonb))",
        {
            "c": plan.client_id,
            "a": actor,
            "s": plan.origin or plan.source,
            "m": mode,
            "n": json.dumps(counts),
        },
    )


async def apply(
    uow: UnitOfWork,
    plan: Plan,
    *,
    allow_move: bool,
    caller: Caller,
    progress: Callable[[Row], None] | None = None,
) -> Plan:
    """Apply in one transaction, a savepoint per row, outcomes recomputed now (JOB-85, JOB-87),
    under the client's import lock (JOB-92), logged in the same transaction (JOB-91).
    `progress` is told about every applied row (rows with a validation error are not) once its
    outcome is final: the CLI's bar."""
    await take_import_lock(uow, plan.client_id)
    is_dir = plan.client_type.lower() == "direktorat"
    seen_wa: dict[str, int] = {}
    for row in plan.rows:
        if row.error is not None:
            continue
        row.notes = [n for n in row.notes if "tidak ditulis" not in n]
        nested = await uow.conn.begin_nested()
        try:
            values = await _decide(uow, plan, row, allow_move, seen_wa)
            if row.outcome == NEW:
                data = {
                    "status": True,
                    "exception": False,
                    **values,
                    "client_id": plan.client_id,
                    "user_id": row.user_id,
                }
                cols = ", ".join(data)
                await uow.execute(
                    f'INSERT INTO "user" ({cols}) VALUES ({", ".join(":" + c for c in data)})',  # noqa: S608 - fixed keys
                    data,
                )
            elif values and not row.outcome.startswith(CONFLICT):
                sets = ", ".join(f"{k} = :{k}" for k in values)
                await uow.execute(
                    f'UPDATE "user" SET {sets}, updated_at = NOW() WHERE user_id = :_u',  # noqa: S608 - fixed keys
                    {**values, "_u": row.user_id},
                )
            if not row.outcome.startswith(CONFLICT):
                roles = set(row.roles) | ({plan.client_id.lower()} if is_dir else set())
                if row.outcome == NEW and not is_dir and not roles:
                    roles.add("operator")  # ORG personnel carry the membership role (CONV-113)
                for role in sorted(roles):
                    await uow.execute(
                        "INSERT INTO roles (role_name) VALUES (:r) ON CONFLICT DO NOTHING", {"r": role}
                    )
                    await uow.execute(
                        "INSERT INTO user_roles (user_id, role_id) SELECT :u, role_id FROM roles WHERE role_name = :r "
                        "ON CONFLICT DO NOTHING",
                        {"u": row.user_id, "r": role},
                    )
                if row.outcome != UNCHANGED:
                    action = "user.create" if row.outcome == NEW else "user.update"
                    await write_audit(
                        uow, caller, action, "user", row.user_id, {k: [None, v] for k, v in values.items()}
                    )
            await nested.commit()
        except Exception as exc:  # noqa: BLE001 - one failing row never undoes the others (JOB-87)
            await nested.rollback()
            row.outcome = f"{FAILED} ({type(exc).__name__})"
        if progress is not None:
            progress(row)
    await log_import(uow, plan, actor=caller.actor_id or caller.kind, mode="apply")
    await uow.commit()
    return plan


# --- report (JOB-88) ---------------------------------------------------------------------------


def render_preview(plan: Plan) -> str:
    counts = plan.counts()
    lines = [f"*Pratinjau import user* — {plan.client_id} ({plan.client_nama})", f"Sumber: {plan.source}",
             f"Jumlah baris data: {len(plan.rows)}"]  # fmt: skip
    lines += [f"{o}: {counts[o]}" for o in OUTCOME_ORDER if counts.get(o)]
    problems = [r for r in plan.rows if r.outcome.startswith((CONFLICT, FAILED))][:10]
    if problems:
        lines += ["", "Baris bermasalah:"] + [f"- baris {r.line} {r.user_id}: {r.outcome}" for r in problems]
    lines += ["", "Balas *ya* untuk menyimpan" + (", *pindahkan* untuk juga memindahkan personel client lain" if plan.admin else "")
              + ", atau *batal*."]  # fmt: skip
    return "\n".join(lines)


def render_report(plan: Plan, now: datetime) -> tuple[str, tuple[str, bytes] | None]:
    counts = plan.counts()
    lines = [f"*Hasil import user* — {plan.client_id} ({plan.client_nama})", f"Sumber: {plan.source}",
             f"Jumlah baris data: {len(plan.rows)}"]  # fmt: skip
    lines += [f"{o}: {counts.get(o, 0)}" for o in OUTCOME_ORDER]
    if plan.ignored_columns:
        lines.append("Kolom diabaikan: " + ", ".join(plan.ignored_columns))
    if not plan.rows:
        lines.append("(Tidak ada data user pada sheet)")
        return "\n".join(lines), None
    big = len(plan.rows) > 60
    shown = [r for r in plan.rows if not big or r.outcome != NEW or r.notes][:60]
    lines.append("Rincian:")
    for r in shown:
        notes = f" ({'; '.join(r.notes)})" if r.notes else ""
        lines.append(f"- {r.user_id} {r.nama}: {r.outcome}{notes}")
    if all(r.outcome in (NEW, UPDATED, MOVED, UNCHANGED) for r in plan.rows):
        lines.append("🎉 Semua user berhasil ditransfer!")
    doc = None
    if big:
        buf = io.StringIO()
        w = csv.writer(buf)
        w.writerow(["baris", "user_id", "nama", "hasil", "catatan"])
        for r in plan.rows:
            w.writerow([r.line, r.user_id, r.nama, r.outcome, "; ".join(r.notes)])
        doc = (f"hasil_import_{plan.client_id}_{now:%Y%m%d-%H%M}.csv", buf.getvalue().encode("utf-8"))
    return "\n".join(lines), doc
