"""The package keeps the shape docs/decisions/0001-capability-packages.md describes."""
import ast
import pathlib
import re

import pytest
from django.core.management import call_command

from fee_training_xblock.models import __all__ as MODEL_NAMES

PACKAGE = pathlib.Path(__file__).resolve().parents[2] / "fee_training_xblock"
MAX_MODULE_LINES = 300
MAX_BLOCK_CLASS_LINES = 250


def modules():
    """Every Python module of the package except migrations."""
    return [path for path in PACKAGE.rglob("*.py") if "migrations" not in path.parts]


def test_modules_stay_small_and_the_block_class_file_smaller():
    sizes = {path.relative_to(PACKAGE).as_posix(): len(path.read_text().splitlines()) for path in modules()}
    assert {name: size for name, size in sizes.items() if size > MAX_MODULE_LINES} == {}
    assert sizes["block/fee_block.py"] <= MAX_BLOCK_CLASS_LINES


def test_every_module_and_public_function_has_a_docstring():
    missing = []
    for path in modules():
        tree = ast.parse(path.read_text())
        if not ast.get_docstring(tree):
            missing.append(str(path))
        classes = [node for node in tree.body if isinstance(node, ast.ClassDef)]
        members = [member for cls in classes for member in cls.body]
        for node in tree.body + members:
            if isinstance(node, ast.FunctionDef | ast.ClassDef) and not node.name.startswith("_"):
                if not ast.get_docstring(node) and node.name != "Meta":
                    missing.append(f"{path.name}:{node.name}")
    assert missing == []


@pytest.mark.django_db
def test_tables_keep_their_names_and_the_migrations_match_the_models():
    from django.apps import apps  # pylint: disable=import-outside-toplevel
    tables = sorted(apps.get_model("fee_training_xblock", name)._meta.db_table for name in MODEL_NAMES)
    assert tables == [f"fee_training_xblock_{name.lower()}" for name in sorted(MODEL_NAMES)]
    call_command("makemigrations", "fee_training_xblock", "--check", "--dry-run", verbosity=0)


def test_state_changes_live_in_model_and_queryset_methods():
    state_fields = re.compile(r"\.update\((status|active|revoked_at|ends_at|failure_message|receipt_sent_at|payer_email|participant_\w+|host_email)=")
    offenders = [f"{path.relative_to(PACKAGE)}:{number}"
                 for path in modules() if path.name != "models.py"
                 for number, line in enumerate(path.read_text().splitlines(), 1) if state_fields.search(line)]
    assert offenders == []
