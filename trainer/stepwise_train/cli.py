"""`stepwise-train`: the command line of the trainer."""

from __future__ import annotations

import argparse
import sys
from typing import Optional, Sequence

from .settings import DEFAULT_SINGLE_SEPARATOR, LABEL_SOURCES, METRICS, MODES, PRECISIONS, SCHEDULERS, TrainSettings

DESCRIPTION = """\
Train a T5 student on Stepwise's MDS shards (Distilling Step-by-Step).

Modes: standard (input_ids -> labels), distill (input_ids -> teacher_labels),
multitask (input_ids -> label and expl_input_ids -> aux_labels, loss
alpha*L_label + (1-alpha)*L_rationale), single (input_ids -> rationale, the
separator, then the label). Run under `torchrun --nproc_per_node N` for data
parallelism. A run whose output directory holds checkpoints resumes from the latest.
"""


def build_parser() -> argparse.ArgumentParser:
    d = TrainSettings(data="", model="", output_dir="")  # the defaults
    p = argparse.ArgumentParser(prog="stepwise-train", description=DESCRIPTION,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    io = p.add_argument_group("data and model")
    io.add_argument("--data", required=True, help="shard directory written by `stepwise run` (OUT/<split>/index.json)")
    io.add_argument("--model", required=True,
                    help="local model directory, hub name, or a T5Config JSON file (random initialisation)")
    io.add_argument("--output-dir", required=True, help="checkpoints, metrics.jsonl, eval.jsonl, final model")
    io.add_argument("--tokenizer",
                    help="the spiece.model or tokenizer.json the pipeline tokenized DATA with, for decoding "
                         "generations (default: DATA/tokenizer/<file>, the run's copy, else the path in "
                         "DATA/run.json)")
    io.add_argument("--train-split", default=d.train_split)
    io.add_argument("--eval-splits", default=",".join(d.eval_splits),
                    help="comma-separated splits to evaluate where present (default: %(default)s)")

    task = p.add_argument_group("task")
    task.add_argument("--mode", choices=MODES, default=d.mode)
    task.add_argument("--alpha", type=float, default=d.alpha, help="weight of the label loss in multitask mode")
    task.add_argument("--label-source", choices=LABEL_SOURCES, default=d.label_source,
                      help="label target of multitask and single: gold `labels` or `teacher_labels`")
    task.add_argument("--single-separator", default=d.single_separator,
                      help="text between rationale and label in single mode (default: %(default)r)")

    opt = p.add_argument_group("optimisation")
    opt.add_argument("--learning-rate", "--lr", type=float, default=d.learning_rate)
    opt.add_argument("--weight-decay", type=float, default=d.weight_decay)
    opt.add_argument("--lr-scheduler", choices=SCHEDULERS, default=d.lr_scheduler)
    opt.add_argument("--warmup-steps", type=int, default=d.warmup_steps)
    opt.add_argument("--max-grad-norm", type=float, default=d.max_grad_norm, help="0 disables clipping")
    opt.add_argument("--batch-size", type=int, default=d.batch_size, help="per-rank batch size")
    opt.add_argument("--max-steps", type=int, default=d.max_steps)
    opt.add_argument("--seed", type=int, default=d.seed)
    opt.add_argument("--no-shuffle", dest="shuffle", action="store_false")
    opt.add_argument("--shuffle-seed", type=int, default=d.shuffle_seed)
    opt.add_argument("--precision", choices=PRECISIONS, default=d.precision,
                     help="auto: bf16 autocast on CUDA devices that support it, else fp32")
    opt.add_argument("--device", choices=("auto", "cpu", "cuda"), default=d.device)
    opt.add_argument("--num-workers", type=int, default=d.num_workers, help="DataLoader workers per rank")

    ev = p.add_argument_group("evaluation")
    ev.add_argument("--eval-every", type=int, default=d.eval_every)
    ev.add_argument("--eval-batch-size", type=int, default=d.eval_batch_size)
    ev.add_argument("--eval-max-samples", type=int, default=d.eval_max_samples)
    ev.add_argument("--max-new-tokens", type=int, default=d.max_new_tokens,
                    help="generation length (default: 64, or 256 in single mode)")
    ev.add_argument("--metric", choices=METRICS, default=d.metric,
                    help="auto: by the task's label kind in DATA/run.json (classes/choices exact, number and equation by value, "
                         "text after QA normalisation); for older outputs by value where the gold label is "
                         "an arithmetic expression, else exact text")

    run = p.add_argument_group("checkpoints and logging")
    run.add_argument("--save-every", type=int, default=d.save_every)
    run.add_argument("--keep-checkpoints", type=int, default=d.keep_checkpoints)
    run.add_argument("--log-every", type=int, default=d.log_every)
    run.add_argument("--no-resume", dest="resume", action="store_false",
                     help="start from scratch even when OUTPUT_DIR holds checkpoints")
    run.add_argument("--stop-after-steps", type=int,
                     help="stop after this step as if killed (no final save): a preemption drill")
    run.add_argument("--trace-samples", action="store_true",
                     help="write each rank's batch sample ids to OUTPUT_DIR/samples/rank-R.jsonl")
    bar = run.add_mutually_exclusive_group()
    bar.add_argument("--progress", dest="progress", action="store_true", default=None,
                     help="progress bar even when stderr is not a terminal (needs tqdm)")
    bar.add_argument("--no-progress", dest="progress", action="store_false")
    run.add_argument("--no-tensorboard", dest="tensorboard", action="store_false")
    return p


def settings_from_args(argv: Optional[Sequence[str]] = None) -> TrainSettings:
    args = vars(build_parser().parse_args(argv))
    args["eval_splits"] = tuple(x.strip() for x in args["eval_splits"].split(",") if x.strip())
    return TrainSettings(**args)


def main(argv: Optional[Sequence[str]] = None) -> int:
    try:
        settings = settings_from_args(argv)
        settings.validate()
    except ValueError as error:
        print(f"stepwise-train: error: {error}", file=sys.stderr)
        return 2
    # Imported here: torch and streaming take seconds to import; `--help` stays fast.
    from .batching import SampleError
    from .data import ShardDirectoryError
    from .modeling import ModelSourceError
    from .tokenizer_source import TokenizerSourceError
    from .training import TrainingError, train

    try:
        result = train(settings)
    except (TrainingError, ShardDirectoryError, ModelSourceError, SampleError, TokenizerSourceError) as error:
        print(f"stepwise-train: error: {error}", file=sys.stderr)
        return 1
    if result.final_model_dir is not None and result.rank == 0:
        print(f"stepwise-train: finished at step {result.step}; model in {result.final_model_dir}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
