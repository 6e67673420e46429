"""Pages of meetings and votes, one module per part."""
