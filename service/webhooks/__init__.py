"""Signed outgoing webhooks: a durable outbox written with each comment and decision, delivered
by ``raqib webhooks deliver`` (also started by ``raqib serve``) with retries and backoff.

Delivery is at least once: every request carries the event's id (``webhook-id``), the same on
every retry, and receivers deduplicate on it.  Signatures follow Standard Webhooks (HMAC-SHA256
over ``id.timestamp.body``, ``webhook-signature: v1,<base64>``), made with the
``standardwebhooks`` library.
"""

from service.webhooks.outbox import EVENT_TYPES, comment_decided, comment_stored, decision_undone

__all__ = ["EVENT_TYPES", "comment_decided", "comment_stored", "decision_undone"]
