"""Collation: dynamic padding, -100 label masking, EOS as a target, the targets of each mode."""

import numpy as np
import pytest
import torch

from stepwise_train.batching import IGNORE_INDEX, Collator, SampleError


def sample(i, dtype=np.int32):
    a = lambda *xs: np.asarray(xs, dtype=dtype)
    return [
        {"id": "s0", "input_ids": a(10, 11, 12, 1), "expl_input_ids": a(20, 11, 12, 1), "labels": a(30, 1),
         "teacher_labels": a(31, 1), "aux_labels": a(40, 41, 42, 1)},
        {"id": "s1", "input_ids": a(10, 1), "expl_input_ids": a(20, 13, 1), "labels": a(32, 33, 34, 1),
         "teacher_labels": a(32, 1), "aux_labels": a(43, 1)},
    ][i]


def test_padding_and_label_masking():
    batch = Collator("standard")([sample(0), sample(1)])
    task = batch.label_task
    assert batch.ids == ["s0", "s1"]
    assert task.input_ids.tolist() == [[10, 11, 12, 1], [10, 1, 0, 0]]
    assert task.attention_mask.tolist() == [[1, 1, 1, 1], [1, 1, 0, 0]]
    # pad positions of targets are -100; the EOS (1) that ends each target is a target
    assert task.labels.tolist() == [[30, 1, IGNORE_INDEX, IGNORE_INDEX], [32, 33, 34, 1]]
    assert batch.rationale_task is None


def test_uint16_columns_are_cast():
    batch = Collator("standard")([sample(0, np.uint16), sample(1, np.uint16)])
    assert batch.label_task.input_ids.dtype == torch.long
    assert batch.label_task.labels.tolist()[1] == [32, 33, 34, 1]


def test_distill_targets_teacher_labels():
    batch = Collator("distill")([sample(0), sample(1)])
    assert batch.label_task.labels.tolist() == [[31, 1], [32, 1]]


@pytest.mark.parametrize("source, first", [("gold", [30, 1]), ("teacher", [31, 1])])
def test_multitask_has_both_tasks(source, first):
    batch = Collator("multitask", label_source=source)([sample(0), sample(1)])
    assert batch.label_task.labels.tolist()[0][:2] == first
    rationale = batch.rationale_task
    assert rationale.input_ids.tolist() == [[20, 11, 12, 1], [20, 13, 1, 0]]
    assert rationale.labels.tolist() == [[40, 41, 42, 1], [43, 1, IGNORE_INDEX, IGNORE_INDEX]]


def test_single_target_is_rationale_separator_label():
    batch = Collator("single", separator_ids=[7, 8])([sample(0), sample(1)])
    assert batch.label_task.labels.tolist() == [[40, 41, 42, 7, 8, 30, 1], [43, 7, 8, 32, 33, 34, 1]]
    with pytest.raises(ValueError):
        Collator("single")


def test_missing_column_names_the_sample():
    broken = dict(sample(0))
    del broken["labels"]
    with pytest.raises(SampleError, match="s0.*labels"):
        Collator("standard")([broken])


def test_ids_outside_the_vocabulary_name_the_sample():
    batch = Collator("multitask")([sample(0), sample(1)])
    batch.check_vocabulary(44)
    with pytest.raises(SampleError, match="'s1': target token id 43 .* 43"):
        batch.check_vocabulary(43)
