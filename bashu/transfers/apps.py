from django.apps import AppConfig


class TransfersConfig(AppConfig):
    name = "bashu.transfers"
    verbose_name = "随人走的记录 (records that follow people)"
