"""Payment providers. `stripe_gateway` is the only module that talks to Stripe."""
