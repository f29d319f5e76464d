"""The OpenAPI schema: served to signed-in users, its errors in JSON like every API answer."""

from drf_spectacular.views import SpectacularAPIView
from rest_framework.renderers import JSONRenderer


class SchemaView(SpectacularAPIView):
    def handle_exception(self, exc):
        # The schema's own renderers are YAML and OpenAPI JSON; an error (401) is plain JSON.
        self.request.accepted_renderer = JSONRenderer()
        self.request.accepted_media_type = JSONRenderer.media_type
        return super().handle_exception(exc)
