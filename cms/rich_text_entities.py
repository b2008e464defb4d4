"""Rich-text entities that tolerate what a crafted body can hold.

Wagtail looks a page link's, document link's or image embed's ``id`` up as stored, and an image's
``format`` by name: a non-numeric, missing or out-of-range id, or an unknown format, saved through
the raw contentstate or straight into the database, raised ValueError/KeyError (or a database
error) in the page editor and on the public page, a 500. These handlers treat such an entity as
a broken one (a link to nothing, an empty image), as Wagtail already does for an id that no longer
exists; ``register`` puts them in place of Wagtail's for rendering and for the editor.
"""

from wagtail.admin.rich_text.converters.contentstate import link_entity
from wagtail.admin.rich_text.converters.html_to_contentstate import (
    ExternalLinkElementHandler,
    PageLinkElementHandler,
)
from wagtail.documents.rich_text import DocumentLinkHandler
from wagtail.images.formats import get_image_format, get_image_formats
from wagtail.images.rich_text import ImageEmbedHandler
from wagtail.images.rich_text.contentstate import ImageElementHandler, image_entity
from wagtail.rich_text.pages import PageLinkHandler

MAX_ID = 2**31 - 1  # Wagtail's page, document and image ids are 32-bit integers


def entity_id(attrs: dict) -> int | None:
    """The entity's id as a positive integer that fits the column, else None."""
    try:
        value = int(str(attrs.get("id", "")).strip())
    except ValueError:
        return None
    return value if 0 < value <= MAX_ID else None


def image_format(name):
    """The named image format, or the first one for a missing or unknown name."""
    try:
        return get_image_format(name)
    except KeyError:
        return get_image_formats()[0]


def _with_checked_ids(attrs_list: list[dict]) -> list[dict]:
    return [{**attrs, "id": entity_id(attrs)} for attrs in attrs_list]


class _CheckedIds:
    """Looks up only well-formed ids and records no reference for a bad one."""

    @classmethod
    def get_many(cls, attrs_list):
        return super().get_many(_with_checked_ids(attrs_list))

    @classmethod
    def extract_references(cls, attrs):
        if entity_id(attrs) is not None:
            yield from super().extract_references(attrs)


class TolerantPageLinkHandler(_CheckedIds, PageLinkHandler):
    pass


class TolerantDocumentLinkHandler(_CheckedIds, DocumentLinkHandler):
    pass


class TolerantImageEmbedHandler(_CheckedIds, ImageEmbedHandler):
    @classmethod
    def expand_db_attributes_many(cls, attrs_list):
        return [
            image_format(attrs.get("format")).image_to_html(image, attrs.get("alt", ""))
            if image
            else '<img alt="">'
            for attrs, image in zip(attrs_list, cls.get_many(attrs_list), strict=True)
        ]


class TolerantPageLinkElementHandler(PageLinkElementHandler):
    def get_attribute_data(self, attrs):
        pk = entity_id(attrs)
        if pk is None:  # kept as a link to nothing; saving it again stores a plain <a>
            return {"id": None, "url": "", "parentId": None}
        return super().get_attribute_data({**attrs, "id": pk})


class TolerantImageElementHandler(ImageElementHandler):
    def create_entity(self, name, attrs, state, contentstate):
        # An unusable id looks up id 0, which no image has: the editor shows a broken image.
        checked = {**attrs, "id": entity_id(attrs) or 0}
        checked["format"] = image_format(attrs.get("format")).name
        return super().create_entity(name, checked, state, contentstate)


def register(features):
    """Replace Wagtail's handlers (call after Wagtail's own registrations)."""
    features.register_link_type(TolerantPageLinkHandler)
    features.register_link_type(TolerantDocumentLinkHandler)
    features.register_embed_type(TolerantImageEmbedHandler)
    features.register_converter_rule(
        "contentstate",
        "link",
        {
            "from_database_format": {
                "a[href]": ExternalLinkElementHandler("LINK"),
                'a[linktype="page"]': TolerantPageLinkElementHandler("LINK"),
            },
            "to_database_format": {"entity_decorators": {"LINK": link_entity}},
        },
    )
    features.register_converter_rule(
        "contentstate",
        "image",
        {
            "from_database_format": {'embed[embedtype="image"]': TolerantImageElementHandler()},
            "to_database_format": {"entity_decorators": {"IMAGE": image_entity}},
        },
    )
