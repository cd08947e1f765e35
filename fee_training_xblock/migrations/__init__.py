"""Database migrations of fee_training_xblock."""
