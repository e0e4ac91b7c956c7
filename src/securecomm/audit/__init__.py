"""The audit trail's vocabulary and the transparency channel (see `transparency`)."""

from securecomm.audit.events import AuditEvent, AuditSink, EventTag
from securecomm.audit.transparency import Transparency, capture, log

__all__ = ["AuditEvent", "AuditSink", "EventTag", "Transparency", "capture", "log"]
