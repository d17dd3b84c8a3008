"""`python -m analysis` is the `reader-mood` command."""

import sys

from analysis.cli import main

sys.exit(main())
