import StepwiseCore
import StepwiseTokenizer

/// Turns kept records into multi-task examples: `input_prefix` + input and
/// `rationale_prefix` + input as the two encoder inputs, and the gold label, teacher label
/// and rationale as targets. Every column ends with EOS; inputs are cut to
/// `maxInputTokens` and targets to `maxTargetTokens`, EOS kept last, and each cut is
/// counted (`truncated_<column>`).
public struct TokenizeStage: Stage {
    public let name = "tokenize"
    public let tokenizer: SentencePieceTokenizer
    public let inputPrefix: String
    public let rationalePrefix: String
    public let maxInputTokens: Int
    public let maxTargetTokens: Int
    private let prefixes: [String]
    /// Per-batch encoding sessions: each worker gets its own word cache and buffers.
    private let sessions = EncodingSessionPool()

    public init(
        tokenizer: SentencePieceTokenizer, inputPrefix: String, rationalePrefix: String,
        maxInputTokens: Int, maxTargetTokens: Int
    ) {
        self.tokenizer = tokenizer
        self.inputPrefix = inputPrefix
        self.rationalePrefix = rationalePrefix
        self.maxInputTokens = maxInputTokens
        self.maxTargetTokens = maxTargetTokens
        self.prefixes = [inputPrefix, rationalePrefix]
    }

    /// The settings it tokenizes with, as JSON.
    public var settings: JSONValue {
        [
            "model": .string(tokenizer.fingerprint), "input_prefix": .string(inputPrefix),
            "rationale_prefix": .string(rationalePrefix), "max_input_tokens": .int(maxInputTokens),
            "max_target_tokens": .int(maxTargetTokens),
        ]
    }

    public func process(_ batch: [ParsedRecord], context: inout BatchContext) async throws -> [TokenizedExample] {
        var counts: [String: Int] = [:]
        let out = sessions.withSession { session in tokenize(batch, session: session, counts: &counts) }
        for (name, n) in counts.sorted(by: { $0.key < $1.key }) { context.count(name, n) }
        return out
    }

    private func tokenize(_ batch: [ParsedRecord], session: EncodingSession, counts: inout [String: Int]) -> [TokenizedExample] {
        var out: [TokenizedExample] = []
        out.reserveCapacity(batch.count)
        for record in batch {
            var truncated: [String] = []
            func cut(_ ids: [Int32], limit: Int, column: String) -> [Int32] {
                var ids = ids
                if ids.count > limit {
                    ids.removeSubrange((limit - 1)...)
                    ids.append(tokenizer.eosID)
                    truncated.append(column)
                }
                return ids
            }
            func encode(_ text: String, limit: Int, column: String) -> [Int32] {
                cut(tokenizer.encode(text, addEOS: true, maxLength: nil, session: session), limit: limit, column: column)
            }
            let source = record.source
            // Both encoder inputs share the input's segmentation (see `encode(_:prefixes:)`).
            let inputs = tokenizer.encode(source.input, prefixes: prefixes, session: session)
            let example = TokenizedExample(
                parsed: record,
                inputIds: cut(inputs[0], limit: maxInputTokens, column: "input_ids"),
                explInputIds: cut(inputs[1], limit: maxInputTokens, column: "expl_input_ids"),
                labels: encode(source.label, limit: maxTargetTokens, column: "labels"),
                teacherLabels: encode(record.teacherLabel, limit: maxTargetTokens, column: "teacher_labels"),
                auxLabels: encode(record.rationale, limit: maxTargetTokens, column: "aux_labels"),
                truncated: truncated)
            for column in truncated { counts["truncated_\(column)", default: 0] += 1 }
            out.append(example)
        }
        return out
    }
}
