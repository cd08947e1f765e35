"""Django model discovery for the app: every table lives in its capability package and is re-exported here."""
from fee_training_xblock.core.models import AccessGrant
from fee_training_xblock.live_sessions.models import LiveSession, LiveSessionAttendance, LiveSessionRate
from fee_training_xblock.payments.models import Payment, WebhookEvent
from fee_training_xblock.promos.models import PromoCode, PromoRedemption
from fee_training_xblock.subscriptions.invoice_models import Invoice, InvoiceLine, InvoiceTotal
from fee_training_xblock.subscriptions.models import CourseAssignment, ProfileCourse, Subscription, SubscriptionProfile
from fee_training_xblock.webinars.models import Webinar, WebinarLink

__all__ = [
    "AccessGrant", "CourseAssignment", "Invoice", "InvoiceLine", "InvoiceTotal", "LiveSession",
    "LiveSessionAttendance", "LiveSessionRate", "Payment", "ProfileCourse", "PromoCode", "PromoRedemption",
    "Subscription", "SubscriptionProfile", "WebhookEvent", "Webinar", "WebinarLink",
]
