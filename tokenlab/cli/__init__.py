"""The command line (`tokenlab`, or `python -m tokenlab`): one module per command group.

May import anything in tokenlab; nothing in tokenlab imports it.
"""

from tokenlab.cli.main import main as main

__all__ = ["main"]
