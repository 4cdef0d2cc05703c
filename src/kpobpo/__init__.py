"""kpobpo: decide whether a process fits Knowledge or Business Process Outsourcing."""

__version__ = "0.1.0"

#: The environment variable that names a criteria file to use instead of the shipped one.
CRITERIA_ENV = "KPOBPO_CRITERIA"
