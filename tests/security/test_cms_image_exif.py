"""Originals of the site's images kept the camera's EXIF, GPS position included: the upload now
re-encodes them without it (issue 18.18)."""

import io

import pytest
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import ExifTags, Image
from wagtail.images import get_image_model
from wagtail.models import Collection, UploadedFile

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

GPS = ExifTags.IFD.GPSInfo


def jpeg_with_gps(size=(64, 48), orientation=1):
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "PhoneMaker"
    exif[ExifTags.Base.Orientation] = orientation
    gps = exif.get_ifd(GPS)
    gps[ExifTags.GPS.GPSLatitudeRef] = "N"
    gps[ExifTags.GPS.GPSLatitude] = (22.0, 32.0, 41.0)
    gps[ExifTags.GPS.GPSLongitudeRef] = "E"
    gps[ExifTags.GPS.GPSLongitude] = (113.0, 56.0, 12.0)
    buf = io.BytesIO()
    Image.new("RGB", size, "orange").save(buf, "JPEG", exif=exif)
    data = buf.getvalue()
    assert Image.open(io.BytesIO(data)).getexif().get_ifd(GPS)  # the fixture really carries GPS
    return data


@pytest.fixture
def site_editor():
    user = UserFactory(real_name="网站编辑丙")
    user.groups.add(Group.objects.get(name="网站编辑"))
    return user


def stored_original():
    image = get_image_model().objects.get()
    with image.file.open("rb") as f:
        return image, Image.open(io.BytesIO(f.read()))


def assert_no_metadata(picture):
    exif = picture.getexif()
    assert not exif.get_ifd(GPS)
    assert GPS not in exif
    assert ExifTags.Base.Make not in exif


def test_admin_upload_stores_the_original_without_gps(client, site_editor):
    client.force_login(site_editor)
    response = client.post(
        "/admin/images/add/",
        {
            "title": "活动现场",
            "collection": Collection.get_first_root_node().pk,
            "file": SimpleUploadedFile("scene.jpg", jpeg_with_gps(), content_type="image/jpeg"),
        },
    )
    assert response.status_code == 302
    image, picture = stored_original()
    assert_no_metadata(picture)
    assert (image.width, image.height) == (64, 48)
    assert image.file_size == image.file.size


def test_orientation_is_applied_before_the_tag_goes(client, site_editor):
    client.force_login(site_editor)
    client.post(
        "/admin/images/add/",
        {
            "title": "竖拍照片",
            "collection": Collection.get_first_root_node().pk,
            "file": SimpleUploadedFile("upright.jpg", jpeg_with_gps(orientation=6)),
        },
    )
    image, picture = stored_original()
    assert picture.size == (48, 64)
    assert (image.width, image.height) == (48, 64)


def test_multiple_uploader_stores_the_original_without_gps(client, site_editor):
    client.force_login(site_editor)
    response = client.post(
        "/admin/images/multiple/add/", {"files[]": SimpleUploadedFile("a.jpg", jpeg_with_gps())}
    )
    assert response.json()["success"] is True
    assert_no_metadata(stored_original()[1])


def test_multiple_uploaders_second_step_strips_the_kept_file(client, site_editor, settings):
    """An invalid field (here the title) on the first step keeps the raw upload aside; the
    second step makes the image from it and must strip it too, and not leave the raw file."""
    client.force_login(site_editor)
    first = client.post(
        "/admin/images/multiple/add/",
        {"files[]": SimpleUploadedFile("b.jpg", jpeg_with_gps()), "title": "长" * 300},
    )
    assert first.json()["success"] is True
    upload = UploadedFile.objects.get()
    prefix = f"uploaded-image-{upload.pk}"
    second = client.post(
        f"/admin/images/multiple/create_from_uploaded_image/{upload.pk}/",
        {f"{prefix}-title": "第二步", f"{prefix}-collection": Collection.get_first_root_node().pk},
    )
    assert second.json()["success"] is True, second.json()
    image, picture = stored_original()
    assert_no_metadata(picture)
    assert image.file_hash and image.file_size == image.file.size
    assert len(list((settings.MEDIA_ROOT / "original_images").glob("b*.jpg"))) == 1


def test_svg_images_are_refused(client, site_editor):
    client.force_login(site_editor)
    svg = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
    response = client.post(
        "/admin/images/add/",
        {
            "title": "图标",
            "collection": Collection.get_first_root_node().pk,
            "file": SimpleUploadedFile("icon.svg", svg, content_type="image/svg+xml"),
        },
    )
    assert response.status_code == 200
    assert not get_image_model().objects.exists()
