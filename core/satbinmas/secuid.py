"""DIR-38: resolve and store the secUid of every official TikTok account of the `org` jajaran.

A secUid is replaced only by one the provider returned for that username; a failed lookup keeps
what is stored (no change without positive evidence)."""

from __future__ import annotations

from dataclasses import dataclass, field

from core.ingest.context import IngestDeps
from core.satbinmas.accounts import Account, Unit, active_accounts, org_units
from core.satbinmas.media import store_secuid
from core.social.rapidapi import RapidApiConfigError, RapidApiError


@dataclass
class SecUidRun:
    units: list[Unit] = field(default_factory=list)
    synced: list[tuple[Account, str]] = field(default_factory=list)
    failed: list[tuple[Account, str]] = field(default_factory=list)
    without_account: list[Unit] = field(default_factory=list)
    fatal: str | None = None


async def sync_secuids(deps: IngestDeps, directorate_id: str) -> SecUidRun:
    async with deps.db.uow() as uow:
        units = await org_units(uow, directorate_id)
        accounts = await active_accounts(uow, units, "tiktok")
    with_account = {a.client_id for a in accounts}
    run = SecUidRun(units=units, without_account=[u for u in units if u.client_id not in with_account])
    for acc in accounts:
        try:
            profile = await deps.social.tiktok.user_info(acc.username, fresh=True)
        except RapidApiConfigError as exc:
            run.fatal = exc.message
            return run
        except RapidApiError as exc:
            run.failed.append(
                (acc, "akun tidak ditemukan" if exc.shape and "10221" in exc.shape else exc.reason)
            )
            continue
        secuid = str(profile.get("secUid") or "").strip()
        if not secuid:
            run.failed.append((acc, "secUid tidak tersedia"))
            continue
        async with deps.db.uow() as uow:
            await store_secuid(uow, acc, secuid)
            await uow.commit()
        run.synced.append((acc, secuid))
    return run


def render_secuid(run: SecUidRun) -> str:
    """DIR-38 reply; empty sections are left out."""
    if run.fatal:
        return f"❌ Gagal sinkron secUid TikTok Satbinmas Official: {run.fatal}"
    processed = len(run.synced) + len(run.failed)
    if processed and not run.synced:
        reasons = sorted({r for _, r in run.failed})
        return f"❌ Gagal sinkron secUid TikTok Satbinmas Official: {'; '.join(reasons)}"
    lines = [
        "📡 secUid TikTok Satbinmas Official",
        f"Client ORG diproses : {len(run.units)}",
        f"Akun TikTok diproses: {processed}",
        f"Berhasil disimpan   : {len(run.synced)}",
        f"Gagal disimpan      : {len(run.failed)}",
    ]
    if run.without_account:
        lines += ["", "🚫 Client tanpa akun TikTok", *(f"- {u.nama}" for u in run.without_account)]
    if run.synced:
        lines += [
            "",
            "✅ secUid tersinkron",
            *(f"- @{a.username} ({a.unit_nama}): {s}" for a, s in run.synced),
        ]
    if run.failed:
        lines += [
            "",
            "⚠️ Gagal sinkron secUid",
            *(f"- @{a.username} ({a.unit_nama}): {r}" for a, r in run.failed),
        ]
    return "\n".join(lines)
