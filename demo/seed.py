"""Demo data: a subscription profile covering the demo's subscription scenario, and an admin account.

Run by scripts/demo.sh after migrate; safe to run again. Local demo only.
"""
import os

import django


def subscription_course_key():
    """The course key the workbench gives the subscription scenario (the scenario's slug)."""
    from django.template.defaultfilters import slugify  # pylint: disable=import-outside-toplevel

    from fee_training_xblock.block.workbench import scenarios  # pylint: disable=import-outside-toplevel
    title = next(title for title, _ in scenarios() if title.startswith("Subscription:"))
    return "workbench:" + slugify(title)


def seed():
    """Create the demo profile (sold at $99, $25 billed per course start) and an admin/admin superuser."""
    from django.contrib.auth import get_user_model  # pylint: disable=import-outside-toplevel

    from fee_training_xblock.models import ProfileCourse, SubscriptionProfile  # pylint: disable=import-outside-toplevel
    profile, _ = SubscriptionProfile.objects.get_or_create(
        name="Demo: security labs, one year",
        defaults={"organization": "workbench", "duration_days": 365, "price_minor": 2500,
                  "currency": "USD", "sale_price_minor": 9900},
    )
    ProfileCourse.objects.get_or_create(profile=profile, course_key=subscription_course_key())
    users = get_user_model().objects
    if not users.filter(username="admin").exists():
        users.create_superuser("admin", "admin@example.com", "admin")


if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "demo.settings")
    django.setup()
    seed()
