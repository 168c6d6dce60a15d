"""The command line: the paper's defaults, validation, and readable errors."""

import pytest

from stepwise_train.cli import main, settings_from_args

BASE = ["--data", "OUT", "--model", "t5-base", "--output-dir", "runs/x"]


def test_defaults_are_the_papers():
    s = settings_from_args(BASE)
    assert (s.learning_rate, s.batch_size, s.max_steps, s.eval_every) == (5e-5, 64, 10_000, 250)
    assert (s.mode, s.alpha, s.label_source, s.precision) == ("multitask", 0.5, "gold", "auto")
    assert s.eval_splits == ("valid", "test")
    s.validate()


def test_overrides():
    s = settings_from_args(BASE + ["--mode", "single", "--lr", "1e-3", "--eval-splits", "test",
                                   "--label-source", "teacher", "--no-shuffle", "--no-resume"])
    assert (s.mode, s.learning_rate, s.eval_splits, s.label_source, s.shuffle, s.resume) == \
           ("single", 1e-3, ("test",), "teacher", False, False)


@pytest.mark.parametrize("extra, message", [
    (["--alpha", "1.5"], "--alpha"),
    (["--batch-size", "0"], "--batch-size"),
    (["--max-new-tokens", "0"], "--max-new-tokens"),
])
def test_bad_settings_exit_2_with_a_message(extra, message, capsys):
    assert main(BASE + extra) == 2
    assert message in capsys.readouterr().err


def test_missing_shards_exit_1_naming_the_path(tmp_path, capsys):
    code = main(["--data", str(tmp_path / "nowhere"), "--model", "t5-small",
                 "--output-dir", str(tmp_path / "run")])
    assert code == 1
    assert str(tmp_path / "nowhere") in capsys.readouterr().err
