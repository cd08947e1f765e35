"""Payment secrets are written into the LMS production settings and nowhere else Tutor renders or prints."""
from tests.tutor.conftest import SECRETS
from tests.tutor.settings_files import LMS_PRODUCTION, spellings

ALLOWED = "/".join(LMS_PRODUCTION)


def files_containing(root, value):
    """Paths (relative to env/) of rendered files whose text contains `value` in any spelling."""
    found = []
    for path in sorted((root.root / "env").rglob("*")):
        if not path.is_file():
            continue
        text = path.read_bytes().decode("utf-8", errors="replace")
        if any(spelling in text for spelling in spellings(value)):
            found.append(path.relative_to(root.root / "env").as_posix())
    return found


def test_each_secret_is_only_in_lms_production_settings(full_root):
    for name, value in SECRETS.items():
        assert files_containing(full_root, value) == [ALLOWED], name


def test_mfe_configuration_was_rendered_and_scanned(full_root):
    # Without the MFE plugin's files the test above would pass for the wrong reason.
    assert list((full_root.root / "env" / "plugins" / "mfe").rglob("*.jsx"))


def test_tutor_output_never_shows_a_secret(full_root):
    output = "\n".join(full_root.outputs)
    assert "Configuration saved" in output
    for name, value in SECRETS.items():
        assert not any(spelling in output for spelling in spellings(value)), name
