"""Base for every model with a life cycle."""

from django.db import models
from django_fsm import FSMModelMixin


class WorkflowModel(FSMModelMixin, models.Model):
    """A model whose `state` is a protected FSMField.

    Validation must never write the state back (django-fsm refuses direct assignment), so
    protected FSM fields are left out of `clean_fields`: only transitions change them.
    """

    class Meta:
        abstract = True

    def clean_fields(self, exclude=None):
        protected = self._get_protected_fsm_fields()
        super().clean_fields(exclude=set(exclude or ()) | protected)
