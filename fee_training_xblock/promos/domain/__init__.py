"""Pure promo-code rules (no Django, no XBlock): codes and their limits, and staff input checks."""
