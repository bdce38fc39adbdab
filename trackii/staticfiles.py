"""How static files are stored for production (settings.STORAGES)."""

from whitenoise.storage import CompressedManifestStaticFilesStorage


class StaticFilesStorage(CompressedManifestStaticFilesStorage):
    """Whitenoise's compressed, hashed files, with the imports of JavaScript modules
    (static/js/console/) rewritten to the hashed names too: a page never runs a module of
    one deploy against another's, and every module is cached as long as the page's."""

    support_js_module_import_aggregation = True
