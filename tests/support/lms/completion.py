"""Stand-in for the completion service (openedx/completion, completion/services.py @ 00eeb8b4).

Reproduced: `get_completable_children(node)` recurses through AGGREGATOR blocks with
``get_children()`` (the LMS runtime's, which drops what the user may not load) and
keeps COMPLETABLE ones; `vertical_is_complete`; and
`can_mark_block_complete_on_view(block)`: COMPLETABLE, no custom completion, no
score. Completion modes are XBlock's own `XBlockCompletionMode`. Completions are a
dict here instead of BlockCompletion rows.
"""
from xblock.completable import XBlockCompletionMode


class CompletionService:
    """Completion of blocks for one user."""

    def __init__(self, user, context_key, completions=None):
        self._user, self._context_key = user, context_key
        self.completions = dict(completions or {})

    def get_completable_children(self, node):
        """The completable leaves under `node` that the user can load."""
        mode = XBlockCompletionMode.get_mode(node)
        if mode == XBlockCompletionMode.AGGREGATOR:
            found = []
            for child in node.get_children():
                found.extend(self.get_completable_children(child))
            return found
        if node and mode == XBlockCompletionMode.COMPLETABLE:
            return [node]
        return []

    def vertical_is_complete(self, item):
        """True when every completable leaf the user can load is complete."""
        leaves = self.get_completable_children(item)
        return all(self.completions.get(leaf.scope_ids.usage_id, 0.0) >= 1.0 for leaf in leaves)

    def can_mark_block_complete_on_view(self, block):
        """True for plain completable blocks without their own completion logic or a score."""
        return (XBlockCompletionMode.get_mode(block) == XBlockCompletionMode.COMPLETABLE
                and not getattr(block, "has_custom_completion", False)
                and not getattr(block, "has_score", False))
