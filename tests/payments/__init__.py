"""Tests of the payment core (payments/)."""
