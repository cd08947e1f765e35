"""Pure domain logic: money, prices, validation rules. Imports neither Django, XBlock nor stripe."""
