"""fee_training_xblock: paid access to Open edX course content (XBlock + Django app)."""

__version__ = "0.2.0"
