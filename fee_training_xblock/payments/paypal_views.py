"""The PayPal webhook endpoint (one per PayPal REST app, not per block): verify with PayPal, then apply once."""
import json
import logging

from django.db import DatabaseError
from django.http import HttpResponse, HttpResponseBadRequest, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from fee_training_xblock.conf import METHOD_PAYPAL, method_configured, setting
from fee_training_xblock.core.domain.errors import DomainError, PaymentsUnavailable
from fee_training_xblock.payments.paypal_domain import WEBHOOK_ID, event_shape_problem, transmission_of
from fee_training_xblock.payments.paypal_gateway import get_gateway
from fee_training_xblock.payments.paypal_webhooks import MalformedPayPalEvent, event_parts, handle_paypal_event

log = logging.getLogger(__name__)


def _refuse(reason):
    """400 for a delivery we will not apply; the reason is logged, the answer says little."""
    log.warning("Rejected a PayPal webhook: %s", reason)
    return HttpResponseBadRequest("invalid webhook")


@csrf_exempt
@require_POST
def paypal_webhook(request):
    """Check a PayPal event with PayPal's verify-webhook-signature call, then apply it once.

    400 for an unsigned, forged or malformed delivery (nothing written, PayPal is not
    asked when the headers could not be PayPal's); 503 when PayPal cannot be asked or
    the event could not be applied now, so PayPal delivers it again later.
    """
    webhook_id = setting("PAYPAL_WEBHOOK_ID")
    if not method_configured(METHOD_PAYPAL) or not WEBHOOK_ID.match(webhook_id):
        return _refuse("PayPal is not configured here (FEE_TRAINING['PAYPAL_WEBHOOK_ID'] and the client credentials)")
    try:
        transmission = transmission_of(request.headers)
        event = json.loads(request.body)  # keeps the key order: PayPal verifies the event as it was sent
        problem = event_shape_problem(event)
        if problem:
            raise ValueError(problem)
        event_parts(event)
    except (ValueError, RecursionError, MalformedPayPalEvent) as err:
        return _refuse(str(err)[:200])
    try:
        verified = get_gateway().verify_webhook_signature(transmission, webhook_id, event)
    except PaymentsUnavailable as err:
        log.warning("Could not verify PayPal event %s now: %s", event.get("id"), err)
        return HttpResponse("try again later", status=503)
    except DomainError as err:
        return _refuse(f"PayPal refused to verify it: {err}")
    if not verified:
        return _refuse(f"PayPal says event {event.get('id')} is not signed for this webhook")
    try:
        outcome = handle_paypal_event(event)
    except (DomainError, DatabaseError) as err:
        log.warning("Could not apply PayPal event %s now: %s", event.get("id"), err)
        return HttpResponse("try again later", status=503)
    return JsonResponse({"received": True, "outcome": outcome})
