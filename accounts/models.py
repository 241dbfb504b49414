from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .phone import normalise_phone, validate_phone


class UserManager(BaseUserManager):
    use_in_migrations = True

    def get_by_natural_key(self, username):
        """Return the user with this phone, however it was typed."""
        try:
            phone = normalise_phone(username)
        except Exception:  # noqa: BLE001 - an unparseable number matches no one
            phone = username
        return self.get(phone=phone)

    def _create_user(self, phone, password, **extra):
        user = self.model(phone=normalise_phone(phone), **extra)
        if "email" in extra:
            user.email = self.normalize_email(extra["email"])
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, phone, password=None, **extra):
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create_user(phone, password, **extra)

    def create_superuser(self, phone, password=None, **extra):
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        return self._create_user(phone, password, **extra)


class User(AbstractBaseUser, PermissionsMixin):
    """A member: logs in by mobile number; may buy, and may own a shop."""

    phone = models.CharField(
        _("mobile number"),
        max_length=11,
        unique=True,
        validators=[validate_phone],
        help_text=_("Bangladeshi mobile number, 01XXXXXXXXX."),
    )
    name = models.CharField(_("name"), max_length=120, blank=True)
    email = models.EmailField(_("email address"), blank=True)
    language = models.CharField(
        _("language"), max_length=5, default="bn", choices=[("bn", "বাংলা"), ("en", "English")]
    )
    is_staff = models.BooleanField(_("staff status"), default=False)
    is_active = models.BooleanField(_("active"), default=True)
    date_joined = models.DateTimeField(_("date joined"), default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "phone"
    REQUIRED_FIELDS = ["name"]

    class Meta:
        verbose_name = _("member")
        verbose_name_plural = _("members")

    def __str__(self):
        return f"{self.name} ({self.phone})" if self.name else self.phone

    def clean(self):
        super().clean()
        if self.phone:
            self.phone = normalise_phone(self.phone)
        self.email = type(self).objects.normalize_email(self.email)

    def get_full_name(self):
        return self.name or self.phone

    def get_short_name(self):
        return self.name or self.phone


class Notification(models.Model):
    """One message to one member, recorded so that a retried send is never sent twice."""

    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="notifications", verbose_name=_("member")
    )
    kind = models.CharField(_("kind"), max_length=40)
    # What the message is about, e.g. the session or order id: (user, kind, key) is unique.
    key = models.CharField(_("key"), max_length=80)
    subject = models.CharField(_("subject"), max_length=200)
    body = models.TextField(_("body"))
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        constraints = [
            models.UniqueConstraint(fields=["user", "kind", "key"], name="notification_once"),
        ]
        indexes = [models.Index(fields=["kind", "key"], name="notification_kind_key")]

    def __str__(self):
        return f"{self.kind}:{self.key} → {self.user_id}"
