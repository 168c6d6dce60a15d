"""stepwise_train: multi-task T5 training (Distilling Step-by-Step) on Stepwise's MDS shards.

Entry points: the `stepwise-train` command (`cli.main`) and `training.train(TrainSettings)`.
This module imports nothing heavy so that `stepwise-train --help` is fast.
"""

__version__ = "0.1.0"
