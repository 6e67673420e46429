"""Reads of meetings and votes, one module per part (import from the modules)."""
