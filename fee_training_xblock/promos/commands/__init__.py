"""Management commands of promo codes (discovered through fee_training_xblock.management)."""
