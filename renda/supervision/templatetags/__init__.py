"""Template tags of supervision pages."""
