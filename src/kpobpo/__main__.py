"""Allow ``python -m kpobpo``."""

from kpobpo.cli import main

main()
