"""PlanWatch (规划监测): read education plans into a ledger of grounded targets."""

__version__ = "0.1.0"
