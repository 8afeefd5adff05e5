"""The audit log: append-only, one SHA-256 hash chain per organisation."""
