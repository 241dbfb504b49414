from django import forms
from django.contrib.auth.forms import PasswordChangeForm
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from . import ratelimit
from .phone import normalise_phone
from .services import LoginThrottled, member_authenticate, user_register


class PhoneField(forms.CharField):
    """A Bangladeshi mobile number, normalised to 01XXXXXXXXX (Bengali digits accepted)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 20)
        kwargs.setdefault("label", _("Mobile number"))
        super().__init__(**kwargs)
        self.widget.attrs.update(
            {"inputmode": "tel", "autocomplete": "tel", "placeholder": "01XXXXXXXXX"}
        )

    def clean(self, value):
        value = super().clean(value)
        return normalise_phone(value) if value else value


class SignupForm(forms.Form):
    name = forms.CharField(label=_("Your name"), max_length=120)
    phone = PhoneField()
    password = forms.CharField(
        label=_("Password"), widget=forms.PasswordInput(attrs={"autocomplete": "new-password"})
    )

    def save(self):
        """Register the member; form errors for a taken number or a weak password."""
        try:
            return user_register(
                phone=self.cleaned_data["phone"],
                password=self.cleaned_data["password"],
                name=self.cleaned_data["name"],
            )
        except ValidationError as exc:
            self.add_error(None, exc)  # user_register names the field of every error
            return None


class LoginForm(forms.Form):
    phone = PhoneField()
    password = forms.CharField(
        label=_("Password"),
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def __init__(self, request=None, *args, **kwargs):
        self.request = request
        self.user = None
        super().__init__(*args, **kwargs)

    def clean(self):
        cleaned = super().clean()
        phone, password = cleaned.get("phone"), cleaned.get("password")
        if not phone or not password:
            return cleaned
        address = ratelimit.client_address(self.request) if self.request else "unknown"
        try:
            self.user = member_authenticate(
                request=self.request, phone=phone, password=password, address=address
            )
        except LoginThrottled as exc:
            raise ValidationError(
                _("Too many attempts. Please wait 15 minutes and try again."), code="throttled"
            ) from exc
        if self.user is None:
            raise ValidationError(_("Wrong mobile number or password."), code="invalid_login")
        return cleaned


class ChangePasswordForm(PasswordChangeForm):
    pass
