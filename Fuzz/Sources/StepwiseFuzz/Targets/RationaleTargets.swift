import StepwiseCore
@testable import StepwiseRationales

/// The rules of every paper dataset and of a task of each label kind.
private let ruleSets: [(name: String, rules: AnswerRules, choices: [String]?)] = {
    let cqaChoices = ["ignore", "enjoy", "entertain", "ocean", "fresh water"]
    let pattern = try! TextPattern(#"^\s*\(?([A-Za-z0-9.,$-]+)"#)
    return [
        ("esnli", .esnli, nil), ("anli", .anli, nil), ("cqa", .cqa, cqaChoices), ("equation", .equation, nil),
        ("task-classes", .task(labels: LabelSpec(kind: .classes, classes: ["positive", "negative"],
                                                 synonyms: [.init("pos", means: "positive")]),
                               answerPhrases: ["The answer is"], exemplarMarker: "Q:", labelPattern: nil), nil),
        ("task-choices", .task(labels: LabelSpec(kind: .choices), answerPhrases: ["So the answer is"],
                               exemplarMarker: "Question:", labelPattern: nil), cqaChoices),
        ("task-number", .task(labels: LabelSpec(kind: .number), answerPhrases: ["####", "The answer is"],
                              exemplarMarker: "Q:", labelPattern: nil), nil),
        ("task-number-pattern", .task(labels: LabelSpec(kind: .number), answerPhrases: ["The answer is"],
                                      exemplarMarker: nil, labelPattern: pattern), nil),
        ("task-equation", .task(labels: LabelSpec(kind: .equation), answerPhrases: ["The answer is"],
                                exemplarMarker: "Q:", labelPattern: nil), nil),
        ("task-text", .task(labels: LabelSpec(kind: .text), answerPhrases: ["The answer is", "Answer:"],
                            exemplarMarker: "\n\n", labelPattern: nil), nil),
        ("task-empty-phrase", .task(labels: LabelSpec(kind: .text), answerPhrases: [""],
                                    exemplarMarker: "", labelPattern: nil), nil),
    ]
}()

/// Rationale parsing in both modes, for every dataset and label kind: any completion gives
/// a kept record (a label in the space, a rationale that is not blank) or a named reason;
/// robust mode agrees with paper mode wherever paper mode keeps the record.
let rationaleTarget = FuzzTarget(name: "rationale", summary: "RationaleParser, paper and robust, every dataset and label kind") { data in
    let input = Selected(data, among: ruleSets.count)
    let (name, rules, choices) = ruleSets[input.choice]
    let completion = String(decoding: input.rest, as: UTF8.self)
    let space = LabelSpace(rules.labels, choices: choices)
    var outcomes: [ParseMode: ParseOutcome] = [:]
    for mode in [ParseMode.paper, .robust] {
        let outcome = RationaleParser(rules: rules, mode: mode).parse(completion, choices: choices)
        outcomes[mode] = outcome
        if outcome.reason == nil {
            if !space.contains(outcome.label) {
                violated("rationale", "\(name) \(mode): kept label \(outcome.label.debugDescription) is outside the space")
            }
            if isBlank(outcome.rationale) {
                violated("rationale", "\(name) \(mode): kept a blank rationale")
            }
            _ = space.teacherCorrect(teacherLabel: outcome.label, gold: outcome.label)
        }
        if isBlank(completion), outcome.reason != .emptyCompletion {
            violated("rationale", "\(name) \(mode): a blank completion is not empty_completion")
        }
    }
    if let paper = outcomes[.paper], paper.reason == nil, outcomes[.robust] != paper {
        violated("rationale", "\(name): robust \(String(describing: outcomes[.robust])) differs from the paper's kept \(paper)")
    }
}

/// Blank as the parser means it: Python's `str.isspace` characters only.
private func isBlank(_ text: String) -> Bool {
    text.unicodeScalars.allSatisfy { UTF8Text.isPythonSpace($0.value) }
}
