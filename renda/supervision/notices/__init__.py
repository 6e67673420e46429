"""Who is told what of supervision work, one module per area (see docs/notifications.md)."""
