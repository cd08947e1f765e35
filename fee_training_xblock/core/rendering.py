"""Templates and static files of the package, rendered with the viewer's translations."""
from xblock.utils.resources import ResourceLoader

# The package root: templates/ and static/ stay there (one subfolder per capability where useful).
loader = ResourceLoader("fee_training_xblock")


def render(name, context, i18n_service=None):
    """HTML of templates/<name> rendered with `context` (Django template language)."""
    return loader.render_django_template(f"templates/{name}", context, i18n_service=i18n_service)


def static_text(path):
    """The text of static/<path> (CSS or JavaScript to inline into a fragment)."""
    return loader.load_unicode(f"static/{path}")
