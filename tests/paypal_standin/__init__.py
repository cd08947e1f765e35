"""Tests of the PayPal stand-in (demo/paypal_standin), over real HTTP.

No PayPal sandbox is reachable from these machines; these tests check that the stand-in the
PayPal adapter will be tested against behaves as PayPal documents it and enforces PayPal's
OpenAPI contract.
"""
