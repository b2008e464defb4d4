"""The view side of private uploads: receive one from a form, serve one back.

Callers check permission first (object loaded through the app's ``get_…_for_user``); these
helpers only turn a valid form into a stored file and its outcome into a message.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError

from core.files import serve_private
from core.messages import flash_errors


def receive_upload(request, form, store, *, done) -> bool:
    """Validate `form`, then call ``store(upload=<the "file" field>, **other fields)``.

    `store` is the app's upload action, bound to its owner and user (it validates the file
    itself and writes nothing when it refuses). Flashes `done` or the errors; returns whether
    the file was stored.
    """
    if not form.is_valid():
        flash_errors(request, form)
        return False
    data = dict(form.cleaned_data)
    try:
        store(upload=data.pop("file"), **data)
    except ValidationError as error:
        flash_errors(request, error)
        return False
    messages.success(request, done)
    return True


def serve_stored(record, *, inline=False):
    """Stream a ``core.stored_files.StoredFile`` under its title and extension."""
    return serve_private(
        record.file,
        filename=record.download_name,
        content_type=record.content_type,
        inline=inline,
    )
