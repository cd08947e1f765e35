"""Studio's editor of the block: its Save handler behind the plugin's safe JSON parsing, labels translated.

`StudioEditableXBlockMixin.submit_studio_edits` is declared with XBlock's own
json_handler, which answers a deeply nested body with a 500, and it reads
`data['values']` without checking it: a body of another shape was a 500 too.
"""
from xblock.exceptions import JsonHandlerError
from xblock.utils.studio_editable import StudioEditableXBlockMixin

from fee_training_xblock.core.handlers import json_handler


class SafeStudioEditsMixin:
    """Put before StudioEditableXBlockMixin: the same Save with the body checked first; labels translated."""

    def ugettext(self, text):
        """XBlock's name for gettext: Studio's field labels and help go through the block's translator too."""
        return self.gettext(text)

    def _make_field_info(self, field_name, field):
        """Studio's description of a field, with the names of its choices translated (the mixin leaves them)."""
        info = super()._make_field_info(field_name, field)
        if isinstance(info.get("values"), list) and info["values"] and isinstance(info["values"][0], dict):
            # A copy: the list is the field's own (shared by every block and language).
            info["values"] = [dict(option, display_name=self.gettext(option["display_name"]))
                              for option in info["values"]]
        return info

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
