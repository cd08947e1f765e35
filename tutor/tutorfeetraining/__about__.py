"""Version of the Tutor plugin.

Kept equal to fee_training_xblock's version (a test checks it): the default pip spec
installs exactly that XBlock version, so one plugin release pins one XBlock release.
"""

__version__ = "0.2.0"
