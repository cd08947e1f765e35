"""Tests of promo codes (promos/)."""
