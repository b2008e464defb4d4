"""Date-times on the reports' admin inspect pages, in Beijing time."""

from django.db import models

from grants.formats import beijing_time


class BeijingTimeInspectMixin:
    """For an InspectView: every DateTimeField in Beijing time, as a call's inspect page shows it.

    Wagtail's generic inspect template renders `{{ field.value|localize }}`; a filter receives the
    raw value, so Django's automatic conversion to local time never happens and an aware
    date-time appears in UTC.
    """

    def get_field_display_value(self, field_name, field):
        if isinstance(field, models.DateTimeField):
            return beijing_time(getattr(self.object, field_name))
        return super().get_field_display_value(field_name, field)
