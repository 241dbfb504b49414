"""The catalogue and the shop's own side: doors into vendors.selectors and services.

Every object of a member's own goes through an ``access_*`` selector: anyone else gets
the 404 a missing object gets.
"""

from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, extend_schema
from rest_framework import status
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.parsers import MultiPartParser
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response
from rest_framework.utils.urls import replace_query_param
from rest_framework.views import APIView

from haat.core.api.pagination import CURSOR_PARAM, keyset_cursor, keyset_page
from haat.core.api.parsers import DepthLimitedJSONParser
from haat.core.api.schema import errors
from vendors import selectors, services

from .serializers import (
    NO_CATEGORY_MESSAGE,
    NO_VENDOR_MESSAGE,
    CategoryTreeSerializer,
    DirectoryPageSerializer,
    DirectoryQuerySerializer,
    DirectoryVendorSerializer,
    ImageUploadSerializer,
    OwnProductDetailSerializer,
    OwnProductPageSerializer,
    OwnProductSerializer,
    OwnVendorSerializer,
    ProductDetailSerializer,
    ProductInputSerializer,
    ProductPageSerializer,
    ProductQuerySerializer,
    ProductSerializer,
    VendorProfileSerializer,
    VendorSerializer,
)

SHOP_EXAMPLE = OpenApiExample(
    "A shop in Rangpur",
    value={
        "shop_name": "রহিমার রান্নাঘর",
        "district": "rangpur",
        "upazila": "Pirganj",
        "batch_number": 17,
        "phone": "01812345678",
        "bkash_number": "01812345678",
        "description": "Home-made pickles and pitha.",
    },
    request_only=True,
)
CURSOR_PARAMETER = OpenApiParameter(
    CURSOR_PARAM, OpenApiTypes.STR, description="From the previous page's `next` link."
)

# --- the public catalogue ----------------------------------------------------------------


class CategoryListView(APIView):
    permission_classes = [AllowAny]

    @extend_schema(
        operation_id="categories_list",
        summary="The category tree",
        description="Top categories, each with its sub-categories.",
        responses={200: CategoryTreeSerializer(many=True)},
    )
    def get(self, request):
        tree = selectors.category_tree()
        return Response(CategoryTreeSerializer(tree, many=True).data)


class ProductListView(APIView):
    permission_classes = [AllowAny]

    @extend_schema(
        operation_id="products_list",
        summary="Browse and search the catalogue",
        description="Products of approved shops, filtered and sorted, 24 a page. Follow "
        "`next` for the following page; there is no total count.",
        parameters=[ProductQuerySerializer],
        responses={200: ProductPageSerializer, **errors(400)},
    )
    def get(self, request):
        query = ProductQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        data = query.validated_data
        category = vendor = None
        if data.get("category"):
            category = selectors.category_by_slug(data["category"])
            if category is None:
                raise ValidationError({"category": [NO_CATEGORY_MESSAGE]})
        if data.get("vendor"):
            vendor = selectors.approved_vendor(data["vendor"])
            if vendor is None:
                raise ValidationError({"vendor": [NO_VENDOR_MESSAGE]})
        page = selectors.product_page(
            query=data.get("search", ""),
            category=category,
            district=data.get("district", ""),
            vendor=vendor,
            min_price=data.get("min_price"),
            max_price=data.get("max_price"),
            in_stock=data["in_stock"],
            sort=query.sort(),
            cursor=keyset_cursor(request),
        )
        results = ProductSerializer(page.products, many=True, context={"request": request}).data
        return keyset_page(request, results, page.next_cursor)


class ProductDetailView(APIView):
    permission_classes = [AllowAny]

    @extend_schema(
        operation_id="products_retrieve",
        summary="One product with its pictures",
        responses={200: ProductDetailSerializer, **errors(404)},
    )
    def get(self, request, pk: int):
        product = selectors.product_for_page(pk)
        if product is None:
            raise NotFound()
        return Response(ProductDetailSerializer(product, context={"request": request}).data)


class VendorListView(APIView):
    permission_classes = [AllowAny]

    @extend_schema(
        operation_id="vendors_list",
        summary="The directory of approved shops",
        description="By name, 30 a page; follow `next` for the following page.",
        parameters=[DirectoryQuerySerializer],
        responses={200: DirectoryPageSerializer, **errors(400)},
    )
    def get(self, request):
        query = DirectoryQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        data = query.validated_data
        category = None
        if data.get("category"):
            category = selectors.category_by_slug(data["category"])
            if category is None:
                raise ValidationError({"category": [NO_CATEGORY_MESSAGE]})
        page = data.get("page", 1)
        vendors, has_next = selectors.directory_page(
            query=data.get("search", ""),
            district=data.get("district", ""),
            batch=data.get("batch"),
            category=category,
            page=page,
        )
        link = None
        if has_next:
            link = replace_query_param(request.build_absolute_uri(), "page", page + 1)
        rows = DirectoryVendorSerializer(vendors, many=True, context={"request": request})
        return Response({"next": link, "results": rows.data})


class VendorDetailView(APIView):
    permission_classes = [AllowAny]

    @extend_schema(
        operation_id="vendors_retrieve",
        summary="One approved shop",
        responses={200: VendorSerializer, **errors(404)},
    )
    def get(self, request, slug: str):
        vendor = selectors.approved_vendor(slug)
        if vendor is None:
            raise NotFound()
        return Response(VendorSerializer(vendor, context={"request": request}).data)


# --- the member's own shop ---------------------------------------------------------------


class OwnShopView(APIView):
    permission_classes = [IsAuthenticated]
    parser_classes = [DepthLimitedJSONParser, MultiPartParser]

    def _answer(self, request, vendor, status_code=status.HTTP_200_OK):
        body = OwnVendorSerializer(vendor, context={"request": request}).data
        return Response(body, status=status_code)

    @extend_schema(
        operation_id="vendor_shop_retrieve",
        summary="The member's own shop",
        description="404 when the member has no shop yet.",
        responses={200: OwnVendorSerializer, **errors(404)},
    )
    def get(self, request):
        return self._answer(request, selectors.access_own_vendor(request.user))

    @extend_schema(
        operation_id="vendor_shop_apply",
        summary="Open a shop (pending until an admin approves it)",
        description="One shop per member: a second answers 400 with code `shop_exists`.",
        request=VendorProfileSerializer,
        responses={201: OwnVendorSerializer, **errors(400)},
        examples=[SHOP_EXAMPLE],
    )
    def post(self, request):
        data = VendorProfileSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        vendor = services.vendor_apply(
            owner=request.user,
            data=data.profile_data(),
            logo=data.validated_data.get("logo"),
        )
        return self._answer(request, vendor, status.HTTP_201_CREATED)

    @extend_schema(
        operation_id="vendor_shop_update",
        summary="Edit the shop's profile (the slug stays)",
        description="A rejected shop, edited, goes back to `pending` for review; a "
        "suspended one stays suspended.",
        request=VendorProfileSerializer(partial=True),
        responses={200: OwnVendorSerializer, **errors(400, 404)},
        examples=[
            OpenApiExample(
                "New delivery charges",
                value={"delivery_charge_inside": "50.00", "delivery_charge_outside": "100.00"},
                request_only=True,
            )
        ],
    )
    def patch(self, request):
        vendor = selectors.access_own_vendor(request.user)
        data = VendorProfileSerializer(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        vendor = services.vendor_update(
            vendor=vendor, data=data.profile_data(), logo=data.validated_data.get("logo")
        )
        return self._answer(request, vendor)


class OwnProductListView(APIView):
    permission_classes = [IsAuthenticated]
    parser_classes = [DepthLimitedJSONParser, MultiPartParser]

    @extend_schema(
        operation_id="vendor_products_list",
        summary="The shop's own products, listed or not, newest first",
        parameters=[CURSOR_PARAMETER],
        responses={200: OwnProductPageSerializer, **errors(400, 404)},
    )
    def get(self, request):
        vendor = selectors.access_own_vendor(request.user)
        page = selectors.vendor_product_page(vendor=vendor, cursor=keyset_cursor(request))
        rows = OwnProductSerializer(page.products, many=True, context={"request": request})
        return keyset_page(request, rows.data, page.next_cursor)

    @extend_schema(
        operation_id="vendor_products_create",
        summary="Add a product, with its photos (multipart) or without (JSON)",
        request=ProductInputSerializer,
        responses={201: OwnProductDetailSerializer, **errors(400, 404)},
    )
    def post(self, request):
        vendor = selectors.access_own_vendor(request.user)
        data = ProductInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        product = services.product_create(
            vendor=vendor, data=data.product_data(), images=data.validated_data.get("images", [])
        )
        body = OwnProductDetailSerializer(product, context={"request": request}).data
        return Response(body, status=status.HTTP_201_CREATED)


class OwnProductDetailView(APIView):
    permission_classes = [IsAuthenticated]
    parser_classes = [DepthLimitedJSONParser, MultiPartParser]

    def _answer(self, request, product, status_code=status.HTTP_200_OK):
        body = OwnProductDetailSerializer(product, context={"request": request}).data
        return Response(body, status=status_code)

    @extend_schema(
        operation_id="vendor_products_retrieve",
        responses={200: OwnProductDetailSerializer, **errors(404)},
    )
    def get(self, request, pk: int):
        return self._answer(request, selectors.access_vendor_product(request.user, pk))

    @extend_schema(
        operation_id="vendor_products_update",
        summary="Change a product (and add photos, multipart)",
        request=ProductInputSerializer(partial=True),
        responses={200: OwnProductDetailSerializer, **errors(400, 404)},
    )
    def patch(self, request, pk: int):
        product = selectors.access_vendor_product(request.user, pk)
        data = ProductInputSerializer(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        product = services.product_update(
            product=product,
            data=data.product_data(),
            new_images=data.validated_data.get("images", []),
        )
        return self._answer(request, product)

    @extend_schema(
        operation_id="vendor_products_destroy",
        summary="Delete a product and its photos (orders keep their lines)",
        responses={204: None, **errors(404)},
    )
    def delete(self, request, pk: int):
        product = selectors.access_vendor_product(request.user, pk)
        services.product_delete(product_id=product.pk)
        return Response(status=status.HTTP_204_NO_CONTENT)


class OwnProductImagesView(APIView):
    permission_classes = [IsAuthenticated]
    parser_classes = [MultiPartParser]

    @extend_schema(
        operation_id="vendor_products_images_create",
        summary="Add a photo to a product (multipart)",
        description="The picture is checked, re-encoded and resized (thumbnail, display, "
        "original). A product has at most 8 photos. Answers the product with its photos.",
        request=ImageUploadSerializer,
        responses={201: OwnProductDetailSerializer, **errors(400, 404)},
    )
    def post(self, request, pk: int):
        product = selectors.access_vendor_product(request.user, pk)
        data = ImageUploadSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            # Through product_update, which holds the photo cap, not product_image_add.
            product = services.product_update(
                product=product, data={}, new_images=[data.validated_data["image"]]
            )
        except DjangoValidationError as exc:
            if hasattr(exc, "error_dict") and "images" in exc.error_dict:
                raise DjangoValidationError({"image": exc.error_dict["images"]}) from exc
            raise
        body = OwnProductDetailSerializer(product, context={"request": request}).data
        return Response(body, status=status.HTTP_201_CREATED)
