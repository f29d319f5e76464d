from django.urls import path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

from agencies.api import DepartmentListView, TokenView

urlpatterns = [
    path("auth/token/", TokenView.as_view(), name="api-token"),
    path("departments/", DepartmentListView.as_view(), name="api-departments"),
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="api-schema"), name="api-docs"),
]
