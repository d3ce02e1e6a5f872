"""Pydantic models that document requests and responses in the OpenAPI document (API-9).

Bodies are parsed leniently by `deps.json_body` (API-5: unknown keys ignored, numbers accepted
for NRP/phone, non-JSON content types read as `{}`); these models describe what a client sends.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field


class Doc(BaseModel):
    model_config = ConfigDict(extra="allow")


class ErrorItem(BaseModel):
    field: str | None = None
    message: str


class ErrorBody(BaseModel):
    success: bool = Field(False, examples=[False])
    message: str = Field(examples=["Token required"])
    code: str = Field(examples=["token_required"])
    request_id: str = Field(examples=["3f2c9a1b7d8e4f60a1b2c3d4e5f60718"])
    errors: list[ErrorItem] | None = None
    retry_after: int | None = None
    attempts_left: int | None = None
    error: str | None = None


class Envelope(BaseModel):
    success: bool = Field(True, examples=[True])
    data: Any = None
    message: str | None = None


class LoginResponse(BaseModel):
    success: bool = True
    token: str
    client: dict[str, Any] | None = None
    user: dict[str, Any] | None = None


class MessageResponse(BaseModel):
    success: bool = True
    message: str


class ClientProfileResponse(BaseModel):
    success: bool = True
    client: dict[str, Any]


class EmailBody(Doc):
    email: str = Field(examples=["budi.santoso@contoh.com"])


class OtpRequestBody(Doc):
    nrp: str = Field(examples=["87020123"])
    email: str = Field(examples=["budi.santoso@contoh.com"])


class OtpVerifyBody(OtpRequestBody):
    otp: str = Field(examples=["123456"])


class ClaimUpdateBody(OtpRequestBody):
    otp: str | None = None
    nama: str | None = Field(None, examples=["BUDI SANTOSO"])
    title: str | None = Field(None, examples=["BRIPKA"])
    divisi: str | None = Field(None, examples=["SAT BINMAS"])
    jabatan: str | None = None
    desa: str | None = None
    insta: str | None = Field(None, examples=["@budi.santoso"])
    tiktok: str | None = None
    whatsapp: str | None = Field(None, examples=["081234567890"])


class ClientLoginBody(Doc):
    client_id: str = Field(examples=["POLRES_CONTOH"])
    client_operator: str = Field(examples=["081234567890"])


class UserLoginBody(Doc):
    nrp: str = Field(examples=["87020123"])
    whatsapp: str = Field(examples=["081234567890"])


class DashboardLoginBody(Doc):
    username: str = Field(examples=["operator.contoh"])
    password: str = Field(examples=["rahasia-contoh-123"])


class ClientBody(Doc):
    client_id: str | None = Field(None, examples=["POLRES_CONTOH"])
    nama: str | None = Field(None, examples=["POLRES CONTOH"])
    client_type: str | None = Field(None, examples=["org"])
    client_status: bool | None = None
    client_insta: str | None = None
    client_tiktok: str | None = None
    client_group: str | None = None
    client_operator: str | None = None
    client_super: str | None = None
    regional_id: str | None = None
    parent_client_id: str | None = None
    client_level: str | None = None
    client_insta_status: bool | None = None
    client_tiktok_status: bool | None = None
    client_amplify_status: bool | None = None


class UserBody(Doc):
    user_id: str | None = Field(None, examples=["87020123"])
    nama: str | None = Field(None, examples=["BUDI SANTOSO"])
    client_id: str | None = None
    title: str | None = None
    divisi: str | None = None
    jabatan: str | None = None
    desa: str | None = None
    whatsapp: str | None = None
    insta: str | None = None
    tiktok: str | None = None
    insta_2: str | None = None
    tiktok_2: str | None = None
    exception: bool | None = None
    status: bool | None = None
    wa_notification_opt_in: bool | None = None
    roles: list[str] | None = None


class RolesBody(Doc):
    roles: list[str] = Field(examples=[["operator"]])


class WaNotificationBody(Doc):
    whatsapp: str = Field(examples=["081234567890"])
    opt_in: bool = True


class RenameBody(Doc):
    old_user_id: str = Field(examples=["87020123"])
    new_user_id: str = Field(examples=["87020124"])


class DeleteRoleBody(Doc):
    role: str | None = None


class DirectoryBody(Doc):
    client_id: str | None = None
    role: str | None = None
    scope: str | None = None
    regional_id: str | None = None


class LinkReportBody(Doc):
    shortcode: str | None = Field(None, examples=["DAbCdEfGhIj"])
    user_id: str | None = None
    instagram_link: str | None = None
    facebook_link: str | None = None
    twitter_link: str | None = None
    tiktok_link: str | None = None
    youtube_link: str | None = None


class KhususReportBody(Doc):
    client_id: str | None = Field(None, examples=["POLRES_CONTOH"])
    instagram_link: str | None = Field(None, examples=["https://www.instagram.com/p/DAbCdEfGhIj/"])
    user_id: str | None = None


def body_doc(model: type[BaseModel]) -> dict[str, Any]:
    """`openapi_extra` that documents a JSON request body read by `deps.json_body`."""
    return {
        "requestBody": {
            "required": False,
            "content": {"application/json": {"schema": model.model_json_schema()}},
        }
    }


def errors(*statuses: int) -> dict[int | str, dict[str, Any]]:
    return {status: {"model": ErrorBody, "description": "Error (API-3)"} for status in statuses}
