"""Extractors: read a Document and produce typed facts and statements. They know nothing of file formats."""
