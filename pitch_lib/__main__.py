"""``python -m pitch_lib``: see :mod:`pitch_lib.cli`."""

import sys

from pitch_lib.cli import main

if __name__ == "__main__":  # (not when a batch's worker process imports this module)
    sys.exit(main())
