"""swv-desktop: back office voor de pilot Maatwerkbudget van een samenwerkingsverband VO."""

__version__ = "0.1.0"
