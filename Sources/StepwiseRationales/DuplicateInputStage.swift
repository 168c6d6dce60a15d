import Synchronization
import StepwiseCore

/// The optional `duplicate_input` filter (``ParseOptions/dropDuplicateInputs``): drops a
/// kept record whose split and input equal those of a record kept before it.
///
/// It remembers every input it has kept, so it must see records in order: append it right
/// after ``ParseStage`` with `workers: 1` (the runner then hands it batches one at a time,
/// in input order, and the first occurrence is always the one kept).
///
/// Inputs are remembered as 128-bit hashes (FNV-1a and a SplitMix-finalised polynomial
/// hash, both stable across runs), 16 bytes per record rather than the text, so e-SNLI's
/// half a million inputs take a few megabytes. A resumed run passes the keys of the records
/// it kept before (``init(emitFiltered:remembering:)``), so a duplicate of a committed record
/// is dropped after a kill as it would have been without one.
public final class DuplicateInputStage: Stage, Sendable {
    public typealias Input = ParsedRecord
    public typealias Output = ParsedRecord

    public let name = "dedup"
    private let seen = Mutex(Set<InputKey>())

    /// - Parameter remembering: keys of inputs kept earlier (by a run this one resumes).
    public init(remembering keys: some Sequence<InputKey> = [InputKey]()) {
        seen.withLock { $0.formUnion(keys) }
    }

    public func process(_ batch: [ParsedRecord], context: inout BatchContext) async throws -> [ParsedRecord] {
        var out: [ParsedRecord] = []
        out.reserveCapacity(batch.count)
        // The samples of one record (`teacher.samples`) follow each other: the first decides.
        var previous: (position: Int, isNew: Bool)?
        for record in batch {
            let isNew: Bool
            if let previous, previous.position == record.source.position {
                isNew = previous.isNew
            } else {
                let key = InputKey(split: record.source.split, input: record.source.input)
                isNew = seen.withLock { $0.insert(key).inserted }
            }
            previous = (record.source.position, isNew)
            if isNew {
                out.append(record)
                continue
            }
            var duplicate = record
            duplicate.status = .filtered
            duplicate.reason = FilterReason.duplicateInput.rawValue
            context.drop(duplicate, reason: FilterReason.duplicateInput.rawValue)
        }
        return out
    }

    /// A stable 128-bit hash of split and input.
    public struct InputKey: Hashable, Sendable {
        public let a: UInt64
        public let b: UInt64

        public init(a: UInt64, b: UInt64) {
            self.a = a
            self.b = b
        }

        /// The key of a record that ``DuplicateInputStage`` keeps.
        public init(of record: SourceRecord) { self.init(split: record.split, input: record.input) }

        init(split: String, input: String) {
            var fnv: UInt64 = 0xcbf2_9ce4_8422_2325
            var poly: UInt64 = 0
            func feed(_ byte: UInt8) {
                fnv = (fnv ^ UInt64(byte)) &* 0x0000_0100_0000_01B3
                poly = poly &* 0x9E37_79B9_7F4A_7C15 &+ UInt64(byte) &+ 1
            }
            for byte in split.utf8 { feed(byte) }
            feed(0)
            for byte in input.utf8 { feed(byte) }
            var z = poly &+ 0x9E37_79B9_7F4A_7C15
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            a = fnv
            b = z ^ (z >> 31)
        }
    }
}
