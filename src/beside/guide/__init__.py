"""Guidance for the moment and afterwards, as data a coach or translator can edit."""
