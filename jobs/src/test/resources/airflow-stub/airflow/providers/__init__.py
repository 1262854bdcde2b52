"""Stub package for AirflowDagsTest."""
