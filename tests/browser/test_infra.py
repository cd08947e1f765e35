"""Infrastructure check: Chromium (pytest-playwright) loads the live workbench server."""
import pathlib

import pytest

pytestmark = pytest.mark.browser

ARTIFACTS = pathlib.Path(__file__).resolve().parent.parent / "test-artifacts"


def test_workbench_index_in_chromium(page, workbench_server):
    """The workbench index renders over real HTTP, with its stylesheet served."""
    response = page.goto(workbench_server.url + "/")
    assert response.status == 200
    assert page.locator("h1.title").inner_text() == "XBlock scenarios"
    # The stylesheet comes through the staticfiles handler of the live server.
    assert page.evaluate("getComputedStyle(document.querySelector('h1.title')).fontFamily")
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=ARTIFACTS / "infra-workbench-index.png", full_page=True)
