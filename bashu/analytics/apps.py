from django.apps import AppConfig


class AnalyticsConfig(AppConfig):
    name = "bashu.analytics"
    verbose_name = "劳动力市场指数 (labour-market intelligence)"
