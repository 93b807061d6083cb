"""Mongolia 1921: a turn-based historical wargame of the Soviet intervention in Mongolia."""

__version__ = "0.1.0"
