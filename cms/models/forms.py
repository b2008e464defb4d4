"""The editor form every page type of ours uses (`base_form_class`)."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminPageForm

UNREADABLE_RICH_TEXT = _("正文内容格式无法识别，请在编辑器中重新输入。")


def _readable(widget, raw: str) -> bool:
    # Draftail always posts its JSON content state; Wagtail converts it without a guard, so a
    # hand-made request with anything else would be a server error instead of a refusal.
    try:
        widget.converter.to_database_format(raw)
    except (ValueError, TypeError, AttributeError, KeyError, IndexError):
        return False
    return True


class PageForm(WagtailAdminPageForm):
    """Refuses a rich-text value the editor cannot have sent, as a field error."""

    def __init__(self, *args, **kwargs):
        # Imported here: the rich-text converters need the page model loaded.
        from wagtail.admin.rich_text import DraftailRichTextArea

        super().__init__(*args, **kwargs)
        self.unreadable = []
        if not self.is_bound:
            return
        for name, field in self.fields.items():
            raw = self.data.get(self.add_prefix(name))
            if isinstance(field.widget, DraftailRichTextArea) and raw is not None:
                if not _readable(field.widget, raw):
                    self.unreadable.append(name)
        if self.unreadable:
            # Dropped so that cleaning and showing the form again never convert it.
            self.data = self.data.copy()
            for name in self.unreadable:
                del self.data[self.add_prefix(name)]

    def clean(self):
        cleaned_data = super().clean()
        for name in self.unreadable:
            self.add_error(name, UNREADABLE_RICH_TEXT)
        return cleaned_data
