"""Continuous integration's pure parts: Kod's workflow format (no database, no git)."""
