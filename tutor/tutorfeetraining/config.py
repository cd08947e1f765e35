"""Every Tutor config value of the plugin, in one table.

Each value is a Tutor config key ``FEE_TRAINING_<NAME>`` that operators set with
``tutor config save --set FEE_TRAINING_<NAME>=...``. Three groups, because each group
lands in a different place:

- ``PLUGIN_SETTINGS`` steer the plugin itself (image build, patches); they are not copied
  into Django settings.
- ``PUBLIC_SETTINGS`` are copied into ``FEE_TRAINING[<NAME>]`` in both LMS and Studio.
- ``SECRET_SETTINGS`` are copied into ``FEE_TRAINING[<NAME>]`` in the LMS production
  settings only: Studio, the MFEs and the build context never need them, and every extra
  copy is one more place a key can leak from.
"""
from .__about__ import __version__

PREFIX = "FEE_TRAINING_"

PLUGIN_SETTINGS = {
    # What pip installs into the openedx image; operators may point it at a git URL or a
    # wheel URL. Empty skips the install (e.g. when OPENEDX_EXTRA_PIP_REQUIREMENTS has it).
    "PIP_SPEC": f"fee-training-xblock=={__version__}",
    # Merge the plugin's openedx-filters steps into OPEN_EDX_FILTERS_CONFIG (LMS).
    "FILTERS_ENABLED": True,
    # Further non-secret FEE_TRAINING keys (e.g. {"PROMO_HOLD_MINUTES": 45}) without a
    # plugin release for each; secret names are refused here (see rendering.py).
    "EXTRA_SETTINGS": {},
}

PUBLIC_SETTINGS = {
    # Off until an administrator decides to take payments, as in the XBlock's own default.
    "PAYMENTS_ENABLED": False,
    # Shows Stripe's test card numbers; refused together with a live secret key.
    "DEMO_MODE": False,
    "BILLING_TIME_ZONE": "UTC",
}

SECRET_SETTINGS = {
    "STRIPE_SECRET_KEY": "",
    "STRIPE_PUBLISHABLE_KEY": "",
    "STRIPE_WEBHOOK_SECRET": "",
    # Reserved for the PayPal gateway; rendered into the LMS only once set.
    "PAYPAL_CLIENT_ID": "",
    "PAYPAL_CLIENT_SECRET": "",
    "PAYPAL_WEBHOOK_ID": "",
}


def config_defaults():
    """All (Tutor config key, default) pairs, for hooks.Filters.CONFIG_DEFAULTS."""
    groups = (PLUGIN_SETTINGS, PUBLIC_SETTINGS, SECRET_SETTINGS)
    return [(PREFIX + name, default) for group in groups for name, default in group.items()]
