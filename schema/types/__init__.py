"""Strawberry types, one module per aggregate."""
