"""Fixtures for the LMS integration tests: the stand-in LMS (tests/support/lms), learners and a paid course.

edx-platform cannot be installed on these machines; each stand-in module names
the LMS file (and commit) it follows. openedx-filters, XBlock, opaque-keys and
stevedore are the real packages, and the plugin's real entry points are used.
"""
import pytest

from tests.support.lms.harness import B, LmsHarness

PAID_HTML = "SECRET-PAID-HTML"
PAID_PROBLEM = "SECRET-PAID-PROBLEM"


@pytest.fixture
def lms(settings, db):  # pylint: disable=unused-argument
    """The stand-in LMS wired by the plugin's settings hook."""
    harness = LmsHarness(settings)
    yield harness
    from tests.support.lms import crum, install  # pylint: disable=import-outside-toplevel

    crum.set_current_request(None)
    install.uninstall()  # the rest of the suite runs without the LMS module names


@pytest.fixture
def learner(lms):
    """A signed-in learner who has paid for nothing."""
    return lms.user("learner")


@pytest.fixture
def payer(lms):
    """A signed-in learner who will pay for the gate."""
    return lms.user("payer")


@pytest.fixture
def course_staff(lms):
    """Course staff (not global staff)."""
    return lms.user("coursestaff")


def paid_unit_course(lms, gate_scope="children", access_mode="fee", **gate_fields):
    """A course whose first unit holds a gating block with a problem and an html block inside."""
    return lms.course(
        B("chapter", "ch",
          B("sequential", "seq1",
            B("vertical", "unit1",
              B("html", "intro", data="FREE-INTRO"),
              B("fee_training", "gate",
                B("problem", "p_inside", data=PAID_PROBLEM, weight=2.0),
                B("html", "html_inside", data=PAID_HTML),
                **{"display_name": "Paid lesson", "fee": "49.99", "currency": "usd", "gate_scope": gate_scope,
                   "access_mode": access_mode, **gate_fields}),
              B("html", "after", data="AFTER-GATE"),
              B("video", "video_after", video_url="https://cdn.example/after.mp4", transcript_text="AFTER-TRANSCRIPT")),
            B("vertical", "unit2",
              B("problem", "p_unit2", data="UNIT2-PROBLEM"))),
          B("sequential", "seq2",
            B("vertical", "unit3",
              B("html", "other_seq", data="OTHER-SUBSECTION")))),
    )
