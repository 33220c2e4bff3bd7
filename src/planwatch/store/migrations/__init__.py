"""The ledger's Alembic migrations (versions/) and the revision they lead to."""

HEAD = "0008"  # the newest revision: a ledger at it needs no migration (test_store checks)
SCHEMA_LOCK = 7_315_492_118  # PostgreSQL advisory lock taken while one process migrates
