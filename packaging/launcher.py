"""The bundle's entry point: the same ``main`` as the ``txdose`` console script."""

import sys

from app.__main__ import main

sys.exit(main())
