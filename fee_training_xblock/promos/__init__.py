"""Promo codes: rules, codes, redemptions (hold, confirm, release) and staff tools."""
