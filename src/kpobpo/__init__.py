"""kpobpo: decide whether a process fits Knowledge or Business Process Outsourcing."""

__version__ = "0.1.0"
