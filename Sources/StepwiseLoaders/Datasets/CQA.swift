import Foundation
import StepwiseCore

/// CommonsenseQA v1.11 (Talmor et al., 2019) with CoS-E v1.11 explanations (Rajani et al., 2019).
///
/// Official: questions in `train_rand_split.jsonl` / `dev_rand_split.jsonl` ({answerKey, id,
/// question: {stem, choices: [{label, text}]}}), explanations in `cose_train_v1.11.jsonl` /
/// `cose_dev_v1.11.jsonl` ({id, explanation: {open-ended, selected}}). The paper's test split
/// is CQA dev. Records come in the CoS-E file's order; to join, the split's questions are
/// first read into a dictionary by id — memory bounded by the size of CommonsenseQA
/// (about 4 MB for train), not by anything a user can grow. A CoS-E id with no question and
/// a question with no CoS-E entry are both bad records; the latter are reported after the
/// CoS-E file, at the indices that follow it.
/// Reference: `cqa_<split>.json` with id, question, choices, answer,
/// abstractive_explanation, extractive_explanation.
package enum CQA {
    package static let splits = ["train", "test"]

    package static func questionsFile(split: String) -> String {
        split == "train" ? "train_rand_split.jsonl" : "dev_rand_split.jsonl"
    }

    package static func explanationsFile(split: String) -> String {
        split == "train" ? "cose_train_v1.11.jsonl" : "cose_dev_v1.11.jsonl"
    }

    /// The paper's input: the question, then `Answer Choices:` and `(a) …` per choice.
    package static func input(question: String, choices: [String]) -> String {
        var out = question + "\nAnswer Choices:"
        for (i, choice) in choices.enumerated() {
            let letter = Character(Unicode.Scalar(UInt8(ascii: "a") + UInt8(i % 26)))
            out += "\n(\(letter)) \(choice)"
        }
        return out
    }

    /// A question of the CQA file, kept until its CoS-E entry comes.
    private struct Question {
        var line: Int
        var value: JSONValue
    }

    package final class OfficialSplitReader: SplitReader {
        private let questionsLocation: DataLocation
        private let explanationsLocation: DataLocation
        private let split: String
        private var questions: [String: Question]?
        private var questionOrder: [String] = []
        private var questionsName = SourceName(file: "")
        /// Bad lines of the questions file, reported at the end.
        private var questionProblems: [LoaderError] = []
        private var cose: JSONLinesReader?
        private var coseDone = false
        private var leftovers: [LoaderError] = []
        private var index = 0

        private lazy var expected: Int? = explanationsLocation.expectedBytes([CQA.explanationsFile(split: split)])

        /// The CoS-E file drives the records (the questions are read first, whole).
        package var progress: ReadProgress? { explanationsLocation.progress(total: expected) }

        package init(questions: DataLocation, explanations: DataLocation, split: String) {
            self.questionsLocation = questions
            self.explanationsLocation = explanations
            self.split = split
        }

        package func next() throws -> LoadedItem? {
            if questions == nil { try loadQuestions() }
            if cose == nil && !coseDone { cose = JSONLinesReader(stream: try explanationsLocation.open(CQA.explanationsFile(split: split))) }
            if !coseDone, var reader = cose {
                if let line = try reader.next() {
                    cose = reader
                    let index = self.index
                    self.index += 1
                    return join(line, name: reader.name, index: index)
                }
                coseDone = true
                cose = nil
                leftovers = questionProblems
                for id in questionOrder {
                    guard let q = questions?[id] else { continue }
                    leftovers.append(
                        questionsName.error(
                            .unmatchedID, line: q.line, id: id,
                            "question '\(id)' has no CoS-E explanation in \(CQA.explanationsFile(split: split))"))
                }
                questions = [:]
            }
            guard !leftovers.isEmpty else { return nil }
            var error = leftovers.removeFirst()
            error.recordIndex = index
            index += 1
            return .bad(error)
        }

        private func loadQuestions() throws {
            var reader = JSONLinesReader(stream: try questionsLocation.open(CQA.questionsFile(split: split)))
            questionsName = reader.name
            var table: [String: Question] = [:]
            while let line = try reader.next() {
                switch line.value {
                case .failure(let error):
                    questionProblems.append(error)
                case .success(let value):
                    guard let id = value["id"]?.stringValue else {
                        questionProblems.append(reader.name.error(.missingField, line: line.line, "missing field 'id'"))
                        continue
                    }
                    if table[id] == nil { questionOrder.append(id) }
                    table[id] = Question(line: line.line, value: value)
                }
            }
            questions = table
        }

        private func join(_ line: JSONLine, name: SourceName, index: Int) -> LoadedItem {
            let explanation: JSONValue
            switch line.value {
            case .failure(var error):
                error.recordIndex = index
                return .bad(error)
            case .success(let value): explanation = value
            }
            let access = FieldAccess(name: name, line: line.line, index: index, id: explanation["id"]?.stringValue)
            do throws(LoaderError) {
                let id = try access.string(explanation, "id")
                guard let question = questions?.removeValue(forKey: id) else {
                    throw access.error(
                        .unmatchedID, "CoS-E id '\(id)' has no question in \(CQA.questionsFile(split: split))")
                }
                let openEnded = try access.string(explanation, "explanation", "open-ended")
                let q = FieldAccess(name: questionsName, line: question.line, index: index, id: id)
                var pairs = try q.object(question.value)
                let stem = try q.string(question.value, "question", "stem")
                guard let choiceList = question.value["question"]?["choices"]?.arrayValue, !choiceList.isEmpty else {
                    throw q.error(.missingField, "missing field 'question.choices'")
                }
                var labels: [String] = []
                var texts: [String] = []
                for choice in choiceList {
                    labels.append(try q.string(choice, "label"))
                    texts.append(try q.string(choice, "text"))
                }
                let key = try q.string(question.value, "answerKey")
                guard let answer = labels.firstIndex(of: key) else {
                    throw q.error(
                        .unknownLabel, "answerKey '\(key)' is not a choice label (\(labels.joined(separator: ", ")))")
                }
                pairs.append(("explanation", try access.value(explanation, "explanation")))
                return .record(
                    SourceRecord(
                        id: id, dataset: "cqa", split: split, index: index, fields: pairs,
                        input: CQA.input(question: stem, choices: texts), label: texts[answer],
                        explanation: openEnded, choices: texts))
            } catch {
                return .bad(error)
            }
        }
    }

    package static func referenceRecord(_ value: JSONValue, access: FieldAccess, split: String) throws(LoaderError)
        -> SourceRecord
    {
        let pairs = try access.object(value)
        let id = try access.string(value, "id")
        let question = try access.string(value, "question")
        guard let list = value["choices"]?.arrayValue, !list.isEmpty else {
            throw access.error(.missingField, "missing field 'choices'")
        }
        var choices: [String] = []
        for item in list {
            guard let s = item.stringValue else { throw access.error(.invalidField, "a choice is not a string") }
            choices.append(s)
        }
        let answer = try access.string(value, "answer")
        guard choices.contains(answer) else {
            throw access.error(.unknownLabel, "answer '\(answer)' is not one of the choices")
        }
        return SourceRecord(
            id: id, dataset: "cqa", split: split, index: access.index, fields: pairs,
            input: input(question: question, choices: choices), label: answer,
            explanation: try access.optionalString(value, "abstractive_explanation"), choices: choices)
    }
}

extension CQA {
    /// The reader of one split; `explanations` is where the CoS-E files are.
    package static func reader(format: SourceFormat, source: URL, explanations: URL, split: String) throws -> any SplitReader {
        let location = try DataLocation(url: source)
        switch format {
        case .official:
            return OfficialSplitReader(questions: location, explanations: try DataLocation(url: explanations), split: split)
        case .referenceJSONL:
            return JSONLinesSplitReader(location: location, file: "cqa_\(split).json", idKey: "id") {
                (value, access) throws(LoaderError) in try referenceRecord(value, access: access, split: split)
            }
        }
    }
}
