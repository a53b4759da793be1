from django import forms
from django.core.exceptions import ValidationError
from django.forms.renderers import TemplatesSetting


class FormRenderer(TemplatesSetting):
    """Every form of the project shows a field's errors under its control, as the case page's
    step forms do (templates/workflows/_form_fields.html): one place to look on every form."""

    field_template_name = "forms/field.html"


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
