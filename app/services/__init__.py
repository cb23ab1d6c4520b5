"""Domain operations: validation, authorization decisions, transactions."""
