"""Studio's Save handler of the block, behind the plugin's safe JSON parsing.

`StudioEditableXBlockMixin.submit_studio_edits` is declared with XBlock's own
json_handler, which answers a deeply nested body with a 500, and it reads
`data['values']` without checking it: a body of another shape was a 500 too.
"""
from xblock.exceptions import JsonHandlerError
from xblock.utils.studio_editable import StudioEditableXBlockMixin

from fee_training_xblock.core.handlers import json_handler


class SafeStudioEditsMixin:
    """Put before StudioEditableXBlockMixin: the same Save, with the body checked first."""

    @json_handler(raw=True)
    def submit_studio_edits(self, data, suffix=""):
        """Studio's Save: `values` must be an object and `defaults` a list of field names, else a 400."""
        if (not isinstance(data, dict) or not isinstance(data.get("values"), dict)
                or not isinstance(data.get("defaults", []), list)):
            raise JsonHandlerError(400, self.gettext("The settings could not be read. Reload the page and try again."))
        data = {"values": data["values"], "defaults": [str(name) for name in data.get("defaults", [])]}
        try:
            return StudioEditableXBlockMixin.submit_studio_edits.__wrapped__(self, data, suffix)
        except (TypeError, ValueError) as err:
            raise JsonHandlerError(400, self.gettext("A setting has a value of the wrong type.")) from err
