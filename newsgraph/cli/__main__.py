"""``python -m newsgraph.cli``."""

import sys

from newsgraph.cli.main import main

sys.exit(main())
