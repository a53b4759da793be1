"""Serving a stored file (evidence, attachment, issued document) after the view checked the right
to see it: streamed from whichever storage holds it, the local disk or the object storage, and
never as an address of the storage itself, so the permission check stays the only way in."""

import logging

from django.http import FileResponse, Http404

logger = logging.getLogger(__name__)


def stored_file_response(field_file, **response_options) -> FileResponse:
    """A missing file is a 404 for the user and an error in the log (verify_case_history names
    the case), never a server error."""
    try:
        handle = field_file.open("rb")
    except FileNotFoundError:
        logger.error("Stored file %s is missing from the storage", field_file.name)
        raise Http404 from None
    return FileResponse(handle, **response_options)
