from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Members")

    def ready(self):
        from haat.core.text import clean_on_save

        from .models import User

        # What members write loses invisible characters before it is saved.
        clean_on_save(User, "name")
