"""Credentials: password hashing, token format, the canonical scope set."""
