"""The public read-only API (/api/v2/): live pages without view restrictions, images, and the
documents of collections without privacy settings."""

from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.api.v2.views import PagesAPIViewSet
from wagtail.documents.api.v2.views import DocumentsAPIViewSet
from wagtail.images.api.v2.views import ImagesAPIViewSet
from wagtail.models import CollectionViewRestriction


class PublicDocumentsAPIViewSet(DocumentsAPIViewSet):
    def get_queryset(self):
        # A restriction on a collection covers its sub-collections too.
        queryset = super().get_queryset()
        for path in CollectionViewRestriction.objects.values_list("collection__path", flat=True):
            queryset = queryset.exclude(collection__path__startswith=path)
        return queryset


api_router = WagtailAPIRouter("wagtailapi")
api_router.register_endpoint("pages", PagesAPIViewSet)
api_router.register_endpoint("images", ImagesAPIViewSet)
api_router.register_endpoint("documents", PublicDocumentsAPIViewSet)
