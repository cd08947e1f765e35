"""Tests of the shared kernel (core/)."""
