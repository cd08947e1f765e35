"""The `RenderXBlockStarted` step: a paywall page instead of closed content in `render_xblock`.

Defence in depth: with the partitions and the field override in place,
`render_xblock` answers 404 for a closed block before this step runs (its
`get_block_by_usage_id` does the has_access check). The step still stops any
closed block that reaches it -- a course structure cached before the plugin was
installed, a provider list changed by hand -- and answers with a paywall page
through `RenderCustomResponse` (status 200, the page wraps it in a Fragment),
never with `PreventXBlockBlockRender` (which renders a 500 page).

The openedx-filters runner logs every OpenEdxFilterException with
`log.exception` on the "openedx_filters.tooling" logger before re-raising it
(openedx_filters/tooling.py). `PaywallLogFilter` turns that record into one
INFO line without a traceback when the exception is our paywall; it is attached
when this module is imported, which the runner does before running the step.

Configured by the settings hook (settings/lms.py), merged into any existing
OPEN_EDX_FILTERS_CONFIG entry.
"""
import logging

from openedx_filters import PipelineStep
from openedx_filters.learning.filters import RenderXBlockStarted

from fee_training_xblock import compat
from fee_training_xblock.lms import access, course_tree, paywall

log = logging.getLogger(__name__)

FILTER_TYPE = RenderXBlockStarted.filter_type
RUNNER_LOGGER = "openedx_filters.tooling"


class FeePaywall(RenderXBlockStarted.RenderCustomResponse):
    """A paywall answer: `response` is the paywall HTML. Its own class lets the log filter recognise it."""


class FeeRenderGate(PipelineStep):
    """Answers `render_xblock` with a paywall when the requested block is closed for the current user."""

    def run_filter(self, context, student_view_context):  # pylint: disable=arguments-differ
        """Raise FeePaywall for closed content; otherwise return the inputs unchanged.

        `render_xblock` has replaced request.user by the masquerade user by now,
        so staff viewing as a learner see what that learner sees. context
        ["staff_access"] is computed before the masquerade and is not used.
        """
        block = context.get("block")
        unchanged = {"context": context, "student_view_context": student_view_context}
        if block is None:
            return unchanged
        try:
            course_key = block.scope_ids.usage_id.course_key
            gates = course_tree.gates_for_block(block)
            unpaid = access.unpaid_gates(current_user(), course_key, gates) if gates else []
        except Exception:  # pylint: disable=broad-except
            # The partitions already decided access for this request; a failure
            # here must not take down every render_xblock page.
            log.exception("Could not check paid access for %s; leaving the decision to the LMS", block)
            return unchanged
        if unpaid:
            raise FeePaywall(
                f"Closed by {unpaid[0].key} until paid",
                response=paywall.paywall_html(course_key, unpaid[0]),
            )
        return unchanged


def current_user():
    """The user of the current request (the masquerade user inside render_xblock), or None."""
    request = compat.current_request()
    return getattr(request, "user", None)


class PaywallLogFilter(logging.Filter):
    """Rewrites the runner's ERROR-with-traceback record for a FeePaywall into a plain INFO line."""

    def filter(self, record):
        """Always keep the record; downgrade it when it reports our intended stop."""
        exc = record.exc_info[1] if record.exc_info else None
        if isinstance(exc, FeePaywall):
            record.levelno, record.levelname = logging.INFO, logging.getLevelName(logging.INFO)
            record.msg, record.args = "Paywall shown instead of closed content: %s", (exc.message,)
            record.exc_info, record.exc_text, record.stack_info = None, None, None
        return True


def install_log_filter():
    """Attach PaywallLogFilter to the openedx-filters runner's logger, once."""
    runner = logging.getLogger(RUNNER_LOGGER)
    if not any(isinstance(existing, PaywallLogFilter) for existing in runner.filters):
        runner.addFilter(PaywallLogFilter())


install_log_filter()
