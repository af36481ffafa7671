from django import forms
from django.utils.html import format_html
from django.utils.safestring import mark_safe


class QuickSelect(forms.Select):
    """The design system's select (same markup as templates/django/forms/widgets/select.html)
    built in Python: rendering each of the 33 council options through a template was the
    largest fixed cost of the search page."""

    def render(self, name, value, attrs=None, renderer=None):
        widget = self.get_context(name, value, attrs)["widget"]
        attrs = dict(widget["attrs"])
        css = " ".join(c for c in ("ds_select", attrs.pop("class", "")) if c)
        parts = [format_html('<select name="{}" class="{}"', name, css)]
        for key, val in attrs.items():
            if val is True:
                parts.append(format_html(" {}", key))
            elif val is not False and val is not None:
                parts.append(format_html(' {}="{}"', key, val))
        parts.append(">")
        for group_name, options, _index in widget["optgroups"]:
            if group_name:
                parts.append(format_html('<optgroup label="{}">', group_name))
            for option in options:
                selected = " selected" if option["selected"] else ""
                parts.append(format_html('<option value="{}"{}>{}</option>', option["value"],
                                         mark_safe(selected), option["label"]))
            if group_name:
                parts.append("</optgroup>")
        parts.append("</select>")
        return mark_safe("".join(str(p) for p in parts))
