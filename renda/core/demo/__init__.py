"""The demo city of 辽源市: seeded generator (``plan``), writer (``builder``), log-ins."""
