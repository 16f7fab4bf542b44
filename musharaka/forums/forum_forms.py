"""Forms of the forum pages. They only parse what was posted; ``services`` decides (who may
post, titles, categories of the forum, platform-wide forums, unique addresses) and says why."""

from django import forms
from django.utils.translation import gettext_lazy as _

from musharaka.core.workspace_forms import BootstrapMixin
from musharaka.forums.models import ForumCategory, Posting
from musharaka.forums.services import CategoryRow
from musharaka.participation.forms import ContributionForm

CATEGORY_BLANK_ROWS = 3
_AR = {"lang": "ar", "dir": "rtl"}
_EN = {"lang": "en", "dir": "ltr"}
_CHECK = {"class": "form-check-input"}


class CategoryChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: ForumCategory) -> str:
        return str(obj.local("name").text)


class TopicForm(ContributionForm):
    """A new topic: its title and category, and the opening post with the same robot traps
    and rules acceptance as every comment form."""

    title = forms.CharField(required=False, strip=True)
    category = CategoryChoice(
        queryset=ForumCategory.objects.none(),
        required=False,
        error_messages={"invalid_choice": _("Choose a category of this forum.")},
    )

    def __init__(self, *args, forum, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = ForumCategory.objects.filter(forum=forum)


class ForumForm(BootstrapMixin, forms.Form):
    name_ar = forms.CharField(
        label=_("Name (Arabic)"),
        max_length=200,
        required=False,
        widget=forms.TextInput(attrs=_AR),
    )
    name_en = forms.CharField(
        label=_("Name (English)"),
        max_length=200,
        required=False,
        widget=forms.TextInput(attrs=_EN),
    )
    description_ar = forms.CharField(
        label=_("Description (Arabic)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, **_AR}),
    )
    description_en = forms.CharField(
        label=_("Description (English)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, **_EN}),
    )
    slug = forms.CharField(
        label=_("Short name in the address"),
        max_length=80,
        required=False,
        help_text=_(
            "Latin letters, digits and hyphens, unique on the platform. Left empty, it is made "
            "from the English name. Changing it breaks links already shared."
        ),
        widget=forms.TextInput(attrs={"dir": "ltr", "autocomplete": "off"}),
    )
    posting = forms.ChoiceField(
        label=_("Who may start topics and reply"),
        choices=Posting.choices,
        initial=Posting.SIGNED_IN,
        widget=forms.RadioSelect,
    )
    platform_wide = forms.BooleanField(
        label=_("Platform-wide forum (run by the programme office for every agency)"),
        required=False,
        help_text=_("Only the programme office or a platform administrator can choose this."),
        widget=forms.CheckboxInput(attrs=_CHECK),
    )
    is_active = forms.BooleanField(
        label=_("Open"),
        required=False,
        initial=True,
        help_text=_(
            "A closed forum is not listed and nobody can post in it; its topics stay readable."
        ),
        widget=forms.CheckboxInput(attrs=_CHECK),
    )


class CategoryRowForm(forms.Form):
    id = forms.IntegerField(required=False, widget=forms.HiddenInput)
    name_ar = forms.CharField(
        label=_("Name (Arabic)"),
        max_length=120,
        required=False,
        widget=forms.TextInput(attrs={"class": "form-control", **_AR}),
    )
    name_en = forms.CharField(
        label=_("Name (English)"),
        max_length=120,
        required=False,
        widget=forms.TextInput(attrs={"class": "form-control", **_EN}),
    )
    position = forms.IntegerField(
        label=_("Order"),
        min_value=0,
        max_value=999,
        required=False,
        widget=forms.NumberInput(attrs={"class": "form-control", "inputmode": "numeric"}),
    )
    remove = forms.BooleanField(
        label=_("Remove"), required=False, widget=forms.CheckboxInput(_CHECK)
    )

    def clean(self):
        data = super().clean()
        named = (data.get("name_ar") or "").strip() or (data.get("name_en") or "").strip()
        if named and not data.get("remove") and not (data.get("name_ar") or "").strip():
            self.add_error("name_ar", _("Give every category an Arabic name."))
        return data


class CategoryFormSet(forms.BaseFormSet):
    """The existing categories and a few blank rows (no script adds any)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("form_kwargs", {}).update(empty_permitted=False)
        super().__init__(*args, **kwargs)

    def rows(self) -> list[CategoryRow]:
        return [
            CategoryRow(
                pk=form.cleaned_data.get("id"),
                name_ar=form.cleaned_data.get("name_ar") or "",
                name_en=form.cleaned_data.get("name_en") or "",
                position=(
                    form.cleaned_data["position"]
                    if form.cleaned_data.get("position") is not None
                    else i + 1
                ),
                remove=bool(form.cleaned_data.get("remove")),
            )
            for i, form in enumerate(self.forms)
        ]


def category_formset(data=None, categories=()) -> CategoryFormSet:
    initial = [
        {"id": c.pk, "name_ar": c.name_ar, "name_en": c.name_en, "position": c.position}
        for c in categories
    ]
    factory = forms.formset_factory(
        CategoryRowForm, formset=CategoryFormSet, extra=CATEGORY_BLANK_ROWS, max_num=100
    )
    return factory(data=data, initial=initial, prefix="categories")
