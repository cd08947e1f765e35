"""A local, stateful stand-in for the PayPal REST endpoints the plugin's PayPal adapter uses.

Orders v2 (create, show, capture), Payments v2 (show capture, refund, show refund), Webhooks
v1 (verify-webhook-signature) and the OAuth token endpoint, with PayPal's approval page, a JS
SDK stand-in and signed webhooks. Every request to a documented endpoint and every answer is
checked against PayPal's own OpenAPI documents (``openapi/``). Start it with
``python -m demo.paypal_standin --port 8430``; see README.md beside this file.
"""
from .app import StandIn

__all__ = ["StandIn"]
