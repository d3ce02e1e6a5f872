"""Response models of the analytics endpoints (API-84, API-88) for the OpenAPI document (API-9)."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field


class Open(BaseModel):
    model_config = ConfigDict(extra="allow")


class Tally(Open):
    total_user: int
    lengkap: int
    kurang: int
    belum: int
    tanpa_username: int
    sudah: int
    persen_sudah: float
    persen_lengkap: float


class RecapMember(Open):
    user_id: str = Field(examples=["77010001"])
    nama: str | None = Field(None, examples=["BUDI SANTOSO"])
    title: str | None = None
    display_nama: str
    divisi: str | None = None
    jabatan: str | None = None
    client_id: str
    client_name: str | None = None
    username: str | None = None
    status: str = Field(examples=["lengkap"], description="lengkap, kurang, belum or no_username")


class Window(Open):
    client_id: str
    nama: str | None = None
    periode: str = Field(examples=["harian"])
    start_date: str | None = Field(None, examples=["2026-03-04"])
    end_date: str = Field(examples=["2026-03-04"])


class EngagementRecap(Window):
    report: str = Field(examples=["REP-IG-UNIT"])
    rule: str
    total_posts: int
    posts: list[dict[str, Any]]
    summary: dict[str, Any]
    chart: dict[str, list[dict[str, Any]]]
    members: list[RecapMember]


class AmplifyMember(Open):
    user_id: str
    display_nama: str
    client_id: str
    jumlah_tugas: int
    jumlah_link: int
    status: str
    sudahMelaksanakan: bool  # noqa: N815 - the legacy dashboard reads this name


class AmplifyRecap(Window):
    report: str = Field(examples=["REP-AMP-ATT"])
    total_posts: int
    posts: list[dict[str, Any]]
    summary: dict[str, Any]
    members: list[AmplifyMember]


class EngagementRecapResponse(BaseModel):
    success: bool = True
    data: EngagementRecap


class AmplifyRecapResponse(BaseModel):
    success: bool = True
    data: AmplifyRecap


class ListResponse(BaseModel):
    success: bool = True
    data: list[dict[str, Any]]


class ObjectResponse(BaseModel):
    success: bool = True
    data: dict[str, Any]


class SuccessOnly(BaseModel):
    success: bool = True


class ComplaintBody(Open):
    """`POST /api/dashboard/komplain/{insta,tiktok}`: the response to a member's complaint."""

    nrp: str = Field(examples=["77010001"], description="the member (alias user_id)")
    kendala: str | None = Field(
        None, max_length=2000, description="the complaint being answered (alias issue)"
    )
    solusi: str = Field(max_length=2000, description="the response sent to the member (alias solution)")


class Delivery(Open):
    target: str = Field(examples=["whatsapp"], description="whatsapp, or email when no number is bound")
    to: str
    status: str = Field(examples=["queued"], description="queued: in the durable outbox (JOB-100)")


class DeliveryResponse(BaseModel):
    success: bool = True
    data: list[Delivery]
