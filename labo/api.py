"""The public read-only API (/api/v2/): live pages without view restrictions, images (as
resized renditions: originals, which may carry camera and location metadata, are never served)
and the documents of collections without privacy settings."""

from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.api.v2.views import PagesAPIViewSet
from wagtail.documents.api.v2.views import DocumentsAPIViewSet
from wagtail.images.api.fields import ImageRenditionField
from wagtail.images.api.v2.serializers import ImageSerializer
from wagtail.images.api.v2.views import ImagesAPIViewSet
from wagtail.models import CollectionViewRestriction


class PublicDocumentsAPIViewSet(DocumentsAPIViewSet):
    def get_queryset(self):
        # A restriction on a collection covers its sub-collections too.
        queryset = super().get_queryset()
        for path in CollectionViewRestriction.objects.values_list("collection__path", flat=True):
            queryset = queryset.exclude(collection__path__startswith=path)
        return queryset


class PublicImageSerializer(ImageSerializer):
    rendition = ImageRenditionField("max-1600x1600", source="*", read_only=True)


def _without_original(fields: list[str]) -> list[str]:
    return [name for name in fields if name != "download_url"] + ["rendition"]


class PublicImagesAPIViewSet(ImagesAPIViewSet):
    base_serializer_class = PublicImageSerializer
    meta_fields = [name for name in ImagesAPIViewSet.meta_fields if name != "download_url"]
    body_fields = ImagesAPIViewSet.body_fields + ["rendition"]
    listing_default_fields = _without_original(ImagesAPIViewSet.listing_default_fields)
    nested_default_fields = _without_original(ImagesAPIViewSet.nested_default_fields)


api_router = WagtailAPIRouter("wagtailapi")
api_router.register_endpoint("pages", PagesAPIViewSet)
api_router.register_endpoint("images", PublicImagesAPIViewSet)
api_router.register_endpoint("documents", PublicDocumentsAPIViewSet)
