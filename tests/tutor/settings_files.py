"""Reading rendered Django settings files without importing edx-platform (which is not installed here)."""
import ast

LMS_PRODUCTION = ("apps", "openedx", "settings", "lms", "production.py")
CMS_PRODUCTION = ("apps", "openedx", "settings", "cms", "production.py")
SETTINGS_FILES = [
    ("apps", "openedx", "settings", service, f"{kind}.py")
    for service in ("lms", "cms")
    for kind in ("production", "development", "test")
]


def fee_training_updates(source):
    """The FEE_TRAINING a settings file builds: its `FEE_TRAINING.update({...})` literals, merged in order."""
    merged = {}
    for node in ast.walk(ast.parse(source)):
        call = node.value if isinstance(node, ast.Expr) else None
        if (
            isinstance(call, ast.Call)
            and isinstance(call.func, ast.Attribute)
            and call.func.attr == "update"
            and isinstance(call.func.value, ast.Name)
            and call.func.value.id == "FEE_TRAINING"
        ):
            merged.update(ast.literal_eval(call.args[0]))
    return merged


def assigned_names(source):
    """Names the file assigns at module level (what Django reads as settings)."""
    names = set()
    for node in ast.parse(source).body:
        if isinstance(node, ast.Assign):
            names.update(target.id for target in node.targets if isinstance(target, ast.Name))
    return names


def spellings(value):
    """How a value can appear in a file: as typed and as written inside a Python string literal."""
    return {value, repr(value)[1:-1]}
