"""Tests of fee_training_xblock: infrastructure checks, unit, integration and browser tests."""
