"""Management commands of fee_training_xblock."""
