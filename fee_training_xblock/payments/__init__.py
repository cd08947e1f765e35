"""Product-agnostic checkout: Stripe adapter, webhooks, receipts and refunds."""
