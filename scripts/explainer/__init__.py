"""A curated explainer built on Pelican: source articles + YAML annotations -> static site."""

__version__ = "0.1.0"


def register() -> None:
    """Pelican's plugin entry point (`PLUGINS = ["explainer"]`); imports Pelican only when used."""
    from .plugin import register as register_plugin

    register_plugin()
