from trove_ds_dashboard.api import trove

__all__ = ['trove']
