"""Change events: emitted by services in the writing transaction, pushed to sockets and webhooks."""
