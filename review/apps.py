from django.apps import AppConfig


class ReviewConfig(AppConfig):
    name = "review"
    verbose_name = "专家评审与公示"
