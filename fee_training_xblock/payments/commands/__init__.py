"""Management commands of the payment core (discovered through fee_training_xblock.management)."""
