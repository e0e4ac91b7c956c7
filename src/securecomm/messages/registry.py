"""The message registry: which payload type each (kind, schema_version) carries, and envelope JSON."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from securecomm.ids import MessageId
from securecomm.messages import booking, criminal_history, custody, detainer, ident, immigration_query
from securecomm.messages.codec import MessageSchemaError, decode, encode
from securecomm.messages.envelope import Envelope, MessageKind

__all__ = ["SCHEMAS", "envelope_from_json", "envelope_to_json", "payload_type"]

K = MessageKind
SCHEMAS: dict[tuple[MessageKind, int], type] = {
    (K.BOOKING_SUBMITTED, 1): booking.BookingSubmitted,
    (K.SRE, 1): criminal_history.Sre,
    (K.IDENT_SEARCH, 1): criminal_history.IdentSearch,
    (K.IDR_NO_MATCH, 1): ident.IdrNoMatch,
    (K.IAQ, 1): ident.Iaq,
    (K.IAR, 1): immigration_query.Iar,
    (K.IDR_IAR, 1): immigration_query.IdrIar,
    (K.DEFER_REQUEST, 1): booking.DeferRequest,
    (K.DETAINER_LODGED, 1): detainer.DetainerLodged,
    (K.DETAINER_LIFTED, 1): detainer.DetainerLifted,
    (K.RELEASE_DUE, 1): custody.ReleaseDue,
    (K.RELEASE_NOTICE, 1): custody.ReleaseNotice,
    (K.HOLD_EXPIRY, 1): custody.HoldExpiry,
    (K.CUSTODY_TRANSFER, 1): custody.CustodyTransfer,
    (K.CITIZENSHIP_CLAIM, 1): custody.CitizenshipClaim,
    (K.CUSTODY_ENDED, 1): custody.CustodyEnded,
    (K.INTERVIEW_DUE, 1): custody.InterviewDue,
    (K.COURT_DISPOSITION, 1): custody.CourtDisposition,
    (K.HOLD_AUTHORIZED, 1): custody.HoldAuthorized,
    (K.VERIFICATION_DUE, 1): custody.VerificationDue,
    (K.DETAINER_DECLINED, 1): custody.DetainerDeclined,
    (K.NOTICE_SERVED, 1): custody.NoticeServed,
    (K.CASE_REVIEW_DUE, 1): custody.CaseReviewDue,
}


def payload_type(kind: MessageKind, schema_version: int) -> type:
    try:
        return SCHEMAS[(kind, schema_version)]
    except KeyError:
        raise MessageSchemaError(
            f"no schema for message kind {kind.value!r} version {schema_version}"
        ) from None


def envelope_to_json(envelope: Envelope) -> dict[str, Any]:
    expected = payload_type(envelope.kind, envelope.schema_version)
    if not isinstance(envelope.payload, expected):
        raise MessageSchemaError(
            f"envelope {envelope.message_id}: {envelope.kind.value} v{envelope.schema_version} carries "
            f"{expected.__name__}, not {type(envelope.payload).__name__}"
        )
    return {
        "message_id": envelope.message_id,
        "kind": envelope.kind.value,
        "schema_version": envelope.schema_version,
        "sender": envelope.sender,
        "recipient": envelope.recipient,
        "correlation_id": envelope.correlation_id,
        "causation_id": envelope.causation_id,
        "sent_at": envelope.sent_at.isoformat(),
        "deliver_at": envelope.deliver_at.isoformat(),
        "payload": encode(envelope.payload),
    }


_ENVELOPE_KEYS = {
    "message_id", "kind", "schema_version", "sender", "recipient", "correlation_id", "causation_id",
    "sent_at", "deliver_at", "payload",
}  # fmt: skip


def envelope_from_json(data: Any) -> Envelope:
    """Parse a stored or received envelope strictly (unknown fields and wrong types are refused)."""
    if not isinstance(data, dict):
        raise MessageSchemaError(f"envelope: expected an object, got {type(data).__name__}")
    unknown = sorted(set(data) - _ENVELOPE_KEYS)
    missing = sorted(_ENVELOPE_KEYS - set(data))
    if unknown or missing:
        raise MessageSchemaError(f"envelope: unknown fields {unknown}, missing fields {missing}")
    try:
        kind = MessageKind(data["kind"])
    except ValueError:
        raise MessageSchemaError(f"envelope.kind: unknown message kind {data['kind']!r}") from None
    version = data["schema_version"]
    if not isinstance(version, int):
        raise MessageSchemaError("envelope.schema_version: expected an integer")
    payload: Any = decode(payload_type(kind, version), data["payload"], path=f"{kind.value}.payload")
    try:
        return Envelope(
            message_id=MessageId(str(data["message_id"])),
            kind=kind,
            schema_version=version,
            sender=str(data["sender"]),
            recipient=str(data["recipient"]),
            correlation_id=str(data["correlation_id"]),
            causation_id=None if data["causation_id"] is None else MessageId(str(data["causation_id"])),
            sent_at=datetime.fromisoformat(data["sent_at"]),
            deliver_at=datetime.fromisoformat(data["deliver_at"]),
            payload=payload,
        )
    except ValueError as error:
        raise MessageSchemaError(f"envelope {data.get('message_id')}: {error}") from None
