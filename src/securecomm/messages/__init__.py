"""Typed, versioned messages between agencies, in envelopes, with a strict JSON codec."""

from securecomm.messages.codec import MessageSchemaError, decode, encode
from securecomm.messages.envelope import Address, Envelope, MessageKind, child_id
from securecomm.messages.registry import SCHEMAS, envelope_from_json, envelope_to_json, payload_type

__all__ = [
    "SCHEMAS",
    "Address",
    "Envelope",
    "MessageKind",
    "MessageSchemaError",
    "child_id",
    "decode",
    "encode",
    "envelope_from_json",
    "envelope_to_json",
    "payload_type",
]
