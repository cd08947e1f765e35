"""Management command: mark lapsed promo holds as released (tidy-up only; counts already ignore them)."""
import logging

from django.core.management.base import BaseCommand
from django.utils import timezone
from django.utils.translation import gettext_lazy, ngettext

from fee_training_xblock.promos.models import PromoRedemption

log = logging.getLogger(__name__)


class Command(BaseCommand):
    """Release every held promo redemption whose hold has expired."""

    help = gettext_lazy("Release promo-code holds of payments that were abandoned (their hold time has passed).")

    def handle(self, *args, **options):
        """Update lapsed holds in one statement and report how many."""
        now = timezone.now()
        changed = PromoRedemption.objects.lapsed_holds(now).release(now)
        log.info("Released %s lapsed promo holds", changed)
        self.stdout.write(ngettext("Released {count} lapsed promo hold.", "Released {count} lapsed promo holds.",
                                   changed).format(count=changed))
