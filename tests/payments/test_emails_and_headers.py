"""Issue 14, item 10: a title with a line break never loses the receipt; no request text reaches a header.

The receipt email's subject is built from the block's display name: a line break in it
used to make Django refuse the message while the card was charged. The staff CSV's
`?batch=` parameter used to land unsanitised in `Content-Disposition`.
"""
import pytest
import webob

from tests.support.runtime import BlockFactory, call_json
from tests.support.stripe_cards import VISA, card_token

pytestmark = [pytest.mark.django_db]

OLX = """<fee_training display_name="Python&#10;for data&#13;&#10;analysis" fee="49.99" currency="USD">
  <html_demo><p>x</p></html_demo></fee_training>"""


@pytest.mark.stripe
@pytest.mark.django_db(transaction=True)  # emails go out after the commit, as in production
def test_a_display_name_with_line_breaks_still_gets_its_receipt(payments_on, mailoutbox):
    status, body = call_json(BlockFactory(OLX).block_for("alice"), "start_payment",
                             {"card_token": card_token(payments_on, VISA)})
    assert status == 200 and body["status"] == "paid"
    assert len(mailoutbox) == 1
    assert mailoutbox[0].subject == "Receipt: Python for data analysis"


@pytest.mark.parametrize("batch", ['x"\r\nSet-Cookie: stolen=1', 'B1"; filename="evil.exe', "a" * 300, "ü"])
def test_the_csv_batch_parameter_never_reaches_the_response_headers(batch):
    staff = BlockFactory().block_for("staff-1", staff=True)
    request = webob.Request.blank("/", POST=None)
    request.GET["batch"] = batch
    response = staff.handle("staff_codes_csv", request)
    assert response.status_code == 400
    assert "Set-Cookie" not in response.headers and "evil" not in str(response.headers)


def test_a_real_batch_still_downloads():
    staff = BlockFactory().block_for("staff-1", staff=True)
    status, body = call_json(staff, "staff_bulk_generate", {"count": "2", "kind": "percent", "value": "10"})
    assert status == 200, body
    response = staff.handle("staff_codes_csv", webob.Request.blank(f"/?batch={body['batch']}"))
    assert response.status_code == 200
    assert response.headers["Content-Disposition"] == f'attachment; filename="promo-codes-{body["batch"]}.csv"'
