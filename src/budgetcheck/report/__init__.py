"""Reporters: format audit results. They never re-run checks."""
