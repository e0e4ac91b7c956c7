"""Delivery of envelopes from the outbox to the agencies, exactly once in effect."""

from securecomm.transport.dispatcher import DeliveryReport, Dispatcher, Route, Router

__all__ = ["DeliveryReport", "Dispatcher", "Route", "Router"]
