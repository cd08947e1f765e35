"""Management commands of subscription billing (discovered through fee_training_xblock.management)."""
