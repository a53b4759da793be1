from django import forms
from django.core.exceptions import ValidationError


def add_service_errors(form, error: ValidationError) -> None:
    """Show a service's ValidationError on the form: on its field where the form has that field,
    otherwise above the form."""
    if hasattr(error, "error_dict"):
        for field, messages in error.message_dict.items():
            form.add_error(field if field in form.fields else None, messages)
    else:
        form.add_error(None, error.messages)


BY_NAME = ("last_name", "first_name", "username")


class PersonChoiceField(forms.ModelChoiceField):
    """A choice of colleague shown by full name, never by login (the login only when no name is
    known), sorted by last name."""

    def label_from_instance(self, obj) -> str:
        return obj.get_full_name() or obj.get_username()
