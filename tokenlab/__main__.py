"""`python -m tokenlab`: see tokenlab.cli."""

from tokenlab.cli import main

raise SystemExit(main())
