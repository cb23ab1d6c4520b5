"""The OpenCodeHub dialect's GraphQL operations, loaded and validated at import."""

from __future__ import annotations

from pathlib import Path

from rest_compat.operations import load

OPS = load(Path(__file__).parent)
