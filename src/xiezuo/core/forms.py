from django import forms
from django.utils.translation import gettext_lazy as _

from xiezuo.core.workbook_check import ImportFileError, check_upload_size


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("Excel workbook (.xlsx)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx"}),
    )

    def clean_file(self):
        """A file bigger than any accepted workbook unpacks to is refused unread."""
        upload = self.cleaned_data["file"]
        try:
            check_upload_size(upload.size)
        except ImportFileError as exc:
            raise forms.ValidationError(str(exc)) from None
        return upload


class VersionMixin(forms.Form):
    """The version of the record the user loaded (a hidden field). The service refuses a
    stale one (`core.services.check_version` → Conflict); a form without a readable version
    is refused rather than saved blindly, with the message at the top of the form. A model
    form's own record gives the initial version."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1, max_value=2**31)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        instance = getattr(self, "instance", None)
        if not self.is_bound and instance is not None and instance.pk:
            self.initial.setdefault("version", instance.version)
        message = _("This form does not say which version of the record it was opened on, so "
                    "it was not saved. Open the record again and make your change there.")
        self.fields["version"].error_messages.update(
            required=message, invalid=message, min_value=message, max_value=message)

    def clean(self):
        cleaned = super().clean()
        if "version" in self._errors:  # shown on the form, not as a hidden field's error
            for message in self._errors.pop("version"):
                self.add_error(None, message)
        return cleaned
