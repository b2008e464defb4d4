"""The printable application for applicants: /portal/applications/<pk>/pdf/.

Members of the applying organization and programme staff (`grants.permissions.can_view_application`,
checked by the portal's loading helper); anybody else gets 403, anonymous visitors the login page.
Staff also reach the same document from the admin inspect page (`grants.admin.applications`).
"""

from django.contrib.auth.decorators import login_required
from django.views.decorators.http import require_GET

from core.pdf import pdf_response
from grants.documents import pdf_filename, render_application_pdf
from grants.views.portal import get_application_for_user


@login_required
@require_GET
def application_pdf(request, pk):
    application = get_application_for_user(request, pk)
    return pdf_response(render_application_pdf(application), pdf_filename(application))
