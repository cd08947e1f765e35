"""Stand-in for openedx/core/djangoapps/user_api/models.py: UserPreference.get_value(user, key, default=None).

The LMS stores a learner's chosen language as the preference 'pref-lang'. Tests put
values in PREFERENCES ({user id: {key: value}}) instead of the LMS's table.
"""
PREFERENCES = {}


class UserPreference:
    """The model's one class method the plugin uses (no authorization: the LMS's does none either)."""

    @classmethod
    def get_value(cls, user, preference_key, default=None):
        """The user's preference value, or `default`."""
        return PREFERENCES.get(user.pk, {}).get(preference_key, default)
