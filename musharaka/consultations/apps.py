from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConsultationsConfig(AppConfig):
    name = "musharaka.consultations"
    label = "consultations"
    verbose_name = _("E-consultations")

    def ready(self) -> None:
        from musharaka.consultations.selectors import open_consultations
        from musharaka.core import open_now

        open_now.register(open_consultations)
