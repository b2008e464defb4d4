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

    def refresh_from_db(self, using=None, fields=None, from_queryset=None):
        # django-fsm's own refresh switches the field's `protected` flag off for every instance
        # while it reloads, which races under concurrent requests. Its descriptor only refuses
        # a value already on the instance, so forgetting this instance's value is enough.
        for name in self._get_protected_fsm_fields():
            if fields is None or name in fields:
                self.__dict__.pop(name, None)
        models.Model.refresh_from_db(self, using=using, fields=fields, from_queryset=from_queryset)
