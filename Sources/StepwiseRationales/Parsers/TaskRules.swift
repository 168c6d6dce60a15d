import StepwiseCore

/// How the completions of a task described in a pipeline file are read (any dataset but
/// the paper's five, whose rules are their own).
///
/// Strict rule (`parse.mode: paper`): cut the completion at the exemplar marker (the
/// exemplar question's opening text, `Q:`) where it starts a line after the first one —
/// an invented next exemplar; find the earliest answer phrase, as written (case matters;
/// at one position the longest phrase wins); the rationale is the text before it,
/// stripped; the label is read from the text after it by the label kind's reader (see
/// ``TaskLabelReaders``; with `parse.label_pattern`, from what the pattern extracts).
/// When no label can be read there, the label is the rest of the phrase's line as
/// written, which is outside the space (`label_outside_space`).
///
/// Robust mode adds ``AnswerRecovery``: the phrases in any case, the usual other
/// wordings, and the check that later phrases do not give a different label.
struct TaskRules: Sendable {
    let phrases: [[UInt8]]
    let marker: [UInt8]
    let readLabel: AnswerRecovery.LabelReader

    func paper(_ text: UTF8Text, _ space: LabelSpace) -> PaperSplit {
        let body = text.lstrip(text.all)
        let end = AnswerRecovery.nextExemplar(marker, text, in: body) ?? body.upperBound
        var best: Range<Int>?
        for phrase in phrases {
            guard let i = text.firstIndex(of: phrase, in: body.lowerBound..<end) else { continue }
            if let b = best, b.lowerBound < i || (b.lowerBound == i && b.count >= phrase.count) { continue }
            best = i..<(i + phrase.count)
        }
        guard let phrase = best else { return .blank }
        let rationale = text.string(text.strip(body.lowerBound..<phrase.lowerBound))
        let after = phrase.upperBound..<end
        guard let label = readLabel(text, after, space) else {
            return PaperSplit(rationale: rationale, label: TaskLabelReaders.line(text, after), foundAnswerPhrase: true, unread: true)
        }
        return PaperSplit(rationale: rationale, label: label, foundAnswerPhrase: true)
    }

    /// The answer phrases a kind's completions usually carry, tried after a task's own
    /// (the exemplar file's answer phrase) when `parse.answer_phrases` is not given.
    static func defaultPhrases(for kind: LabelKind) -> [String] {
        switch kind {
        case .number: return ["So the answer is", "The answer is", "####", "Answer:"]
        case .equation: return ["So the answer is", "The answer is"]
        case .classes, .choices, .text: return ["So the answer is", "The answer is", "Answer:"]
        }
    }
}

extension AnswerRules {
    /// The rules of a task described in a pipeline file (see ``TaskRules``).
    ///
    /// - Parameters:
    ///   - answerPhrases: the phrases the strict rule splits at, as written (non-empty).
    ///   - exemplarMarker: where an invented next exemplar starts (`Q:`), if known.
    ///   - labelPattern: `parse.label_pattern`, applied to the text after the phrase.
    public static func task(
        labels: LabelSpec, answerPhrases: [String], exemplarMarker: String?, labelPattern: TextPattern?
    ) -> AnswerRules {
        let read = TaskLabelReaders.reader(for: labels, pattern: labelPattern)
        let rules = TaskRules(
            phrases: answerPhrases.map { Array($0.utf8) }.filter { !$0.isEmpty }, marker: Array((exemplarMarker ?? "").utf8),
            readLabel: read)
        return AnswerRules(
            labels: labels, paper: { text, space in rules.paper(text, space) },
            recovery: AnswerRecovery(exemplarMarker: exemplarMarker, extraPhrases: answerPhrases, readLabel: read))
    }

    /// `parse.answer_phrases`' default for a task: the exemplar file's own phrase first
    /// (the text between `{{rationale}}` and `{{label}}` in its answer), then the kind's.
    public static func defaultAnswerPhrases(kind: LabelKind, exemplarPhrase: String?) -> [String] {
        var out: [String] = []
        if let p = exemplarPhrase, !p.isEmpty { out.append(p) }
        for p in TaskRules.defaultPhrases(for: kind) where !out.contains(p) { out.append(p) }
        return out
    }
}
