"""Batch audits: many files and packages, parallel workers, a resumable results store."""
