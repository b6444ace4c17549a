"""``python -m pitch_lib``: see :mod:`pitch_lib.cli`."""

import sys

from pitch_lib.cli import main

sys.exit(main())
