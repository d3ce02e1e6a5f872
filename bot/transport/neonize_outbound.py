"""Outbound WhatsApp message shapes for neonize (CONV-15, DLV-7) and the DLV-12 error classes.

Images are built as neonize 0.5.2's own `NewAClient.build_image_message` builds them
(aioze/client.py: a JPEG thumbnail fitted into 200 px by `AspectRatioMethod`, the thumbnail fields
pointing at the upload) and additionally carry the picture's width and height, so WhatsApp shows a
preview at the right size before the download. Documents carry MIME type, file name, length and
the media-key fields of `upload` (DLV-7).
"""

from __future__ import annotations

from io import BytesIO
from typing import Any

from bot.transport.base import ErrorClass, SendError

THUMBNAIL_RES = 200  # neonize build_image_message: AspectRatioMethod(*img.size, res=200)


def parse_jid(chat_id: str) -> Any:
    from neonize.proto.Neonize_pb2 import JID

    local, _, server = chat_id.partition("@")
    if not local or not server:
        raise SendError(ErrorClass.PERMANENT, f"malformed jid {chat_id!r}")
    return JID(User=local, Server=server, Device=0, Integrator=0, RawAgent=0, IsEmpty=False)


def _media_fields(upload: Any, mimetype: str, caption: str | None) -> dict[str, Any]:
    fields: dict[str, Any] = dict(
        URL=upload.url,
        directPath=upload.DirectPath,
        fileEncSHA256=upload.FileEncSHA256,
        fileLength=upload.FileLength,
        fileSHA256=upload.FileSHA256,
        mediaKey=upload.MediaKey,
        mimetype=mimetype,
    )
    if caption:
        fields["caption"] = caption
    return fields


def image_message(upload: Any, content: bytes, mimetype: str, caption: str | None) -> Any:
    """An `imageMessage` with thumbnail, width and height; undecodable bytes → permanent error."""
    from neonize.proto.waE2E.WAWebProtobufsE2E_pb2 import ImageMessage, Message
    from neonize.utils.calc import AspectRatioMethod
    from PIL import Image, UnidentifiedImageError

    try:
        img = Image.open(BytesIO(content))
        width, height = img.size
        img.thumbnail(AspectRatioMethod(width, height, res=THUMBNAIL_RES))
        thumb = BytesIO()
        (img if img.mode == "RGB" else img.convert("RGB")).save(thumb, format="jpeg")
    except (UnidentifiedImageError, OSError, ValueError) as exc:
        raise SendError(ErrorClass.PERMANENT, f"image cannot be read: {exc}") from exc
    return Message(
        imageMessage=ImageMessage(
            **_media_fields(upload, mimetype, caption),
            width=width,
            height=height,
            JPEGThumbnail=thumb.getvalue(),
            thumbnailDirectPath=upload.DirectPath,
            thumbnailEncSHA256=upload.FileEncSHA256,
            thumbnailSHA256=upload.FileSHA256,
        )
    )


def document_message(upload: Any, file_name: str, mimetype: str, caption: str | None) -> Any:
    from neonize.proto.waE2E.WAWebProtobufsE2E_pb2 import DocumentMessage, Message

    return Message(
        documentMessage=DocumentMessage(
            fileName=file_name, title=file_name, **_media_fields(upload, mimetype, caption)
        )
    )


def classify_send_error(exc: BaseException) -> ErrorClass:
    """DLV-12 from the error text whatsmeow gives back."""
    text = str(exc).lower()
    if "rate" in text and "limit" in text or "overlimit" in text or "429" in text:
        return ErrorClass.RATE_LIMITED
    if any(s in text for s in ("not connected", "not logged in", "websocket", "disconnected")):
        return ErrorClass.SESSION_UNAVAILABLE
    if any(
        s in text
        for s in (
            "not on whatsapp",
            "invalid jid",
            "not-authorized",
            "forbidden",
            "item-not-found",
            "not a participant",
            "406",
            "404",
        )
    ):
        return ErrorClass.PERMANENT
    return ErrorClass.TRANSIENT
