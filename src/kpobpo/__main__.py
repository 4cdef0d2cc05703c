"""Allow ``python -m kpobpo``."""

from kpobpo.launch import main

main()
