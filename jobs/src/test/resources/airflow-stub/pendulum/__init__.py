"""Stub of pendulum for AirflowDagsTest: time-zone-aware datetimes and durations from the standard library."""
import datetime as _dt
from zoneinfo import ZoneInfo


def datetime(year, month, day, hour=0, minute=0, second=0, tz="UTC"):
    return _dt.datetime(year, month, day, hour, minute, second, tzinfo=ZoneInfo(tz))


def duration(**kwargs):
    return _dt.timedelta(**kwargs)
