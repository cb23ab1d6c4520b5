"""HTTP endpoints mounted by the composition root."""
