"""Outgoing webhooks: subscriptions, a transactional outbox, a signing sender with back-off."""
