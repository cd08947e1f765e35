"""Tutor plugin that installs and configures fee_training_xblock in an Open edX platform."""
