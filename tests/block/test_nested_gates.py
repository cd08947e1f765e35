"""Issue 14, item 12 (the block's side): every enclosing paid-access block applies, not only the nearest.

A free block nested in a paid one, rendered on its own (as the LMS does by usage id),
shows nothing to someone who has not opened the paid one, and says where to open it.
(The LMS-wide gating with partitions is lms/'s business.)
"""
import pytest

from fee_training_xblock.block.viewer import block_ref
from fee_training_xblock.core import ledger
from fee_training_xblock.data import BlockRef
from tests.support.runtime import BlockFactory, student_html

pytestmark = pytest.mark.django_db

OLX = """
<fee_training display_name="Paid course part" fee="49.99" currency="USD">
  <html_demo><p>OUTER-PAID</p></html_demo>
  <fee_training display_name="Free corner" fee="0" currency="USD" access_mode="free">
    <html_demo><p>INNER-FREE-BUT-ENCLOSED</p></html_demo>
  </fee_training>
</fee_training>
"""


def inner_for(factory, user_key, staff=False):
    """The nested free block as `user_key` sees it when rendered on its own."""
    outer = factory.block_for(user_key, staff=staff)
    inner_id = next(child for child in outer.children if outer.runtime.get_block(child).scope_ids.block_type
                    == "fee_training")
    return outer.runtime.get_block(inner_id)


def test_a_free_block_inside_a_paid_one_stays_closed_for_non_payers():
    factory = BlockFactory(OLX)
    html = student_html(inner_for(factory, "bob"))
    assert "INNER-FREE-BUT-ENCLOSED" not in html
    assert 'data-role="access-notice"' in html and "Paid course part" in html


def test_it_opens_with_the_paid_one_and_for_staff():
    factory = BlockFactory(OLX)
    assert "INNER-FREE-BUT-ENCLOSED" in student_html(inner_for(factory, "staff-1", staff=True))
    outer_ref = block_ref(factory.block_for("carol"))
    ledger.grant_access(BlockRef(outer_ref.course_key, outer_ref.usage_key), "carol", via="staff")
    assert "INNER-FREE-BUT-ENCLOSED" in student_html(inner_for(factory, "carol"))
    assert "INNER-FREE-BUT-ENCLOSED" in student_html(factory.block_for("carol"))


def test_anonymous_visitors_see_nothing_of_it():
    factory = BlockFactory(OLX)
    assert "INNER-FREE-BUT-ENCLOSED" not in student_html(inner_for(factory, "", staff=False))
