"""申报回执 downloads: /portal/applications/<pk>/receipts/<sequence>/.

Members of the applying organization and programme staff of the call's department or a department
above it (`grants.permissions.can_view_application`); anybody else gets 404 (a receipt's existence
is not disclosed), anonymous visitors the login page.
"""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_GET

from core.pdf import pdf_response
from grants import permissions as perms
from grants.models import Application, SubmissionReceipt
from grants.receipt_pdf import receipt_filename, receipt_pdf_bytes


@login_required
@require_GET
def receipt_pdf(request, pk, sequence):
    application = get_object_or_404(
        Application.objects.select_related("organization", "call"), pk=pk
    )
    allowed, _reason = perms.can_view_application(application, request.user)
    if not allowed:
        raise Http404
    receipt = get_object_or_404(
        SubmissionReceipt.objects.select_related("application"),
        application=application,
        sequence=sequence,
    )
    response = pdf_response(receipt_pdf_bytes(receipt), receipt_filename(receipt))
    response["Cache-Control"] = "private, no-store"
    return response
