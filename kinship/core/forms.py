"""Form rendering in the Scottish Government Design System's markup.

Every Django form in the project renders through these templates (see FORM_RENDERER), so
`{{ form }}` or `{{ form.field.as_field_group }}` gives labelled, hinted, error-linked fields.
"""

from django.forms.renderers import TemplatesSetting


class DesignSystemRenderer(TemplatesSetting):
    form_template_name = "forms/form.html"
    field_template_name = "forms/field.html"
