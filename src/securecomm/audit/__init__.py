"""Audit trail vocabulary and the transparency channel (see `transparency`)."""

from securecomm.audit.transparency import Transparency, capture, log

__all__ = ["Transparency", "capture", "log"]
