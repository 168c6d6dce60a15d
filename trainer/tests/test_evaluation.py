"""Scoring generated labels: exact text for NLI/CQA, by value for equations."""

from stepwise_train.evaluation import EvalCollator, Prediction, accuracy, is_correct, after_separator, trim_generation


def test_exact_match_for_words():
    assert is_correct("entailment", "entailment", "auto")
    assert is_correct(" neutral ", "neutral", "auto")
    assert not is_correct("neutral.", "neutral", "auto")
    assert not is_correct("Entailment", "entailment", "auto")
    assert is_correct("ignorance", "ignorance", "exact")


def test_equations_compare_by_value():
    assert is_correct("( 5.0 + 3.0 ) * 2.0", "16", "auto")
    assert is_correct("16.0", "( 4.0 * 4.0 )", "auto")
    assert not is_correct("5 + 3", "16", "auto")
    assert not is_correct("16", "( 4 * 4 )", "exact")
    assert not is_correct("sixteen", "16", "equation")


def test_single_mode_label_follows_the_last_separator():
    sep = [5, 6, 7]
    assert after_separator([20, 21, 5, 6, 7, 30], sep) == [30]
    assert after_separator([5, 6, 7, 9, 5, 6, 7, 31, 32], sep) == [31, 32]
    assert after_separator([5, 6, 30], sep) == [5, 6, 30]  # no separator: everything
    assert after_separator([5, 6, 7], sep) == []
    assert after_separator([4, 5], []) == [4, 5]


def test_trim_generation_drops_start_pads_and_tail():
    assert trim_generation([0, 7, 8, 1, 9, 0, 0], pad_id=0, eos_id=1) == [7, 8]
    assert trim_generation([0, 0, 0], pad_id=0, eos_id=1) == []


def test_accuracy_counts_each_id_once():
    preds = [Prediction("a", "x", "x", True), Prediction("b", "y", "z", False), Prediction("a", "x", "x", True)]
    assert accuracy(preds) == 0.5
    assert accuracy([]) == 0.0


def test_numbers_compare_by_value():
    assert is_correct("1,000", "1000", "number")
    assert is_correct("$18.", "18", "number")
    assert is_correct("0.75", "3/4", "number")
    assert is_correct("0.1000000001", "0.1", "number")
    assert not is_correct("12345678901234567891", "12345678901234567890", "number")  # integers exact
    assert not is_correct("18 apples", "18", "number")
    assert not is_correct("1,00", "100", "number")


def test_text_compares_after_qa_normalisation():
    assert is_correct("The Eiffel Tower!", "eiffel  tower", "text")
    assert not is_correct("Paris", "Lyon", "text")


def test_auto_metric_comes_from_the_run_task(tmp_path):
    import json
    from stepwise_train.labels import metric_for
    assert metric_for(str(tmp_path), "auto")[0] == "auto"
    (tmp_path / "run.json").write_text(json.dumps({"task": {"labels": {"kind": "number"}}}))
    assert metric_for(str(tmp_path), "auto") == ("number", "run.json task.labels.kind number")
    assert metric_for(str(tmp_path), "exact") == ("exact", "--metric")
    (tmp_path / "run.json").write_text(json.dumps({"task": {"labels": {"kind": "classes", "classes": ["a"]}}}))
    assert metric_for(str(tmp_path), "auto")[0] == "exact"


def test_gold_labels_decode_without_eos_even_when_the_tokenizer_does_not_mark_it_special(tokenizer):
    """Shards store `labels` with EOS last; a tokenizer.json without `</s>` among its special
    tokens (the repository's and T5's own) decoded it as text, so every gold read `'66</s>'`
    and accuracy was 0 whatever the model said."""
    import numpy as np
    ids = [i for i in tokenizer.encode("entailment").ids if i != 1]  # without the EOS the template adds
    sample = {"id": "x", "labels": np.array(ids + [1, 0, 0], dtype=np.int32)}
    collator = EvalCollator(collator=None, tokenizer=tokenizer, pad_id=0, eos_id=1)
    gold = collator.gold_text(sample)
    assert gold == "entailment"
    assert tokenizer.decode(ids + [1], skip_special_tokens=True) in ("entailment", "entailment</s>")
    assert "</s>" not in gold
    assert is_correct("entailment", gold, "exact")
    assert collator.gold_text({"id": "y", "label": "neutral", "labels": np.array([5, 1], dtype=np.int32)}) == "neutral"
