"""Tests of the test infrastructure and the package itself."""
