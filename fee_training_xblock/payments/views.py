"""Django views of the payment core: the Stripe webhook endpoint (one per Stripe account, not per block)."""
import logging

from django.db import DatabaseError
from django.http import HttpResponse, HttpResponseBadRequest, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from fee_training_xblock.conf import setting
from fee_training_xblock.core.domain.errors import DomainError
from fee_training_xblock.payments.stripe_gateway import verify_webhook
from fee_training_xblock.payments.webhooks import MalformedEvent, handle_webhook_event, parse_event

log = logging.getLogger(__name__)


@csrf_exempt
@require_POST
def stripe_webhook(request):
    """Verify a Stripe event's signature and timestamp, then apply it once.

    400 for a forged, stale or unsigned event (nothing written); 200 and nothing done
    for a signed body that is not an event; 503 when the event could not be applied
    now, so Stripe delivers it again later.
    """
    try:
        body = verify_webhook(
            request.body, request.headers.get("Stripe-Signature", ""), setting("STRIPE_WEBHOOK_SECRET"),
            tolerance=setting("STRIPE_WEBHOOK_TOLERANCE_SECONDS"),
        )
    except ValueError as err:
        log.warning("Rejected a Stripe webhook: %s", err)
        return HttpResponseBadRequest("invalid signature")
    try:
        event = parse_event(body)
    except MalformedEvent as err:
        # Signed with our secret but not an event: Stripe never sends this, and retrying cannot fix it.
        log.error("Ignored a signed but malformed Stripe webhook body: %s", err)
        return JsonResponse({"received": True, "outcome": f"ignored: malformed event ({err})"})
    try:
        outcome = handle_webhook_event(event)
    except (DomainError, DatabaseError) as err:
        log.warning("Could not apply Stripe event %s now: %s", event.get("id"), err)
        return HttpResponse("try again later", status=503)
    return JsonResponse({"received": True, "outcome": outcome})
