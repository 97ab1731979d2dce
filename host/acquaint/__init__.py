"""Acquaint: see who is asking before you say yes."""

__version__ = "0.2.0"
