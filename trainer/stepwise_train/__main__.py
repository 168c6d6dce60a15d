"""`python -m stepwise_train …` is `stepwise-train …` (useful under `torchrun -m`)."""

import sys

from .cli import main

sys.exit(main())
