import Foundation
import StepwiseConfig
import StepwiseCore

/// `teacher:` — who writes a rationale and a label for each record: the kind's own options
/// (``TeacherBackendOptions``) and the keys every kind has.
public struct TeacherOptions: PipelineSection {
    /// `teacher.kind` with its settings.
    public var backend: any TeacherBackendOptions
    /// `teacher.cache`: the SQLite completion cache; `nil` means `OUT/teacher-cache.sqlite`
    /// (see ``cacheURL(output:)``).
    public var cache: ConfigPath?
    /// `teacher.splits`: the splits whose records are sent to the teacher; `nil` means all.
    /// Records of other splits (typically the evaluation splits, which need only the gold
    /// label) skip the teacher and the parser: their rationale is empty and their teacher
    /// label is the gold label.
    public var splits: [String]?
    /// `teacher.max_failures`: how many records may end without a completion (their requests
    /// failed after every retry) before the run stops with the cause, exit 1. Default 0: a
    /// failed request stops the run, its record stays pending and a plain rerun asks again.
    /// Records that fail within the allowance are filtered as `teacher_failed`.
    public var maxFailures: Int
    /// `teacher.samples`, `teacher.vote`, `teacher.keep`, `teacher.min_agreement`.
    public var voting: SampleVoting

    public static let defaultMaxFailures = 0

    public init(
        backend: any TeacherBackendOptions, cache: ConfigPath? = nil, splits: [String]? = nil,
        maxFailures: Int = defaultMaxFailures, voting: SampleVoting = SampleVoting()
    ) {
        self.backend = backend
        self.cache = cache
        self.splits = splits
        self.maxFailures = maxFailures
        self.voting = voting
    }

    public static let commonKeys = ["kind", "cache", "splits", "max_failures", "samples", "vote", "keep", "min_agreement"]
    /// Every key of `teacher:`: the common ones, then each kind's.
    public static var keys: [String] {
        var out = commonKeys
        for kind in TeacherKinds.all { out += kind.keys.filter { !out.contains($0) } }
        return out
    }

    /// `teacher.kind`.
    public var kind: String { type(of: backend).kind }

    /// Whether records of `split` are sent to the teacher.
    public func asks(split: String) -> Bool { splits?.contains(split) ?? true }

    /// The cache file: `teacher.cache`, or `teacher-cache.sqlite` inside `output` (pass the
    /// effective output directory, after any `--out` override). One rank of a partitioned
    /// run (`worldSize` > 1) has a file of its own beside it, `….rank-00003.sqlite`: SQLite's
    /// locking does not work over network filesystems, so ranks never share one file
    /// (`stepwise teacher cache merge` combines them).
    public func cacheURL(output: URL, rank: Int = 0, worldSize: Int = 1) -> URL {
        let shared = cache?.url ?? output.appendingPathComponent("teacher-cache.sqlite")
        guard worldSize > 1 else { return shared }
        let ext = shared.pathExtension
        let stem = shared.deletingPathExtension().lastPathComponent
        let name = String(format: "%@.rank-%05d", stem, rank) + (ext.isEmpty ? "" : "." + ext)
        return shared.deletingLastPathComponent().appendingPathComponent(name)
    }

    /// The settings of kind `T`, when the kind is `T`.
    public func backend<T: TeacherBackendOptions>(_ type: T.Type) -> T? { backend as? T }

    /// Decodes `teacher:`. `splits` are checked against `availableSplits` when given.
    public static func decode(_ s: ConfigSection, availableSplits: [String]?) -> TeacherOptions? {
        var ok = true
        let kindName = s.string("kind")
        var kind: (any TeacherBackendOptions.Type)?
        if let kindName {
            kind = TeacherKinds.named(kindName)
            if kind == nil {
                var message = "expected one of \(TeacherKinds.names.joined(separator: ", ")), got \(ConfigReader.quote(kindName))"
                if let suggestion = Suggestion.closest(to: kindName, among: TeacherKinds.names) {
                    message += " (did you mean \(suggestion)?)"
                }
                s.problem("kind", message)
            }
        } else if !s.has("kind") {
            s.missing("kind", expected: "one of \(TeacherKinds.names.joined(separator: ", "))")
        }
        let cache = s.path("cache")
        if s.has("cache"), cache == nil { ok = false }
        var splits: [String]?
        if s.has("splits") {
            splits = s.distinctNames("splits", among: availableSplits)
            if splits == nil { ok = false }
        }
        let maxFailures = s.has("max_failures")
            ? s.int("max_failures", in: 0...Int(Int32.max), expected: "a count of records, 0 or more") : defaultMaxFailures
        if maxFailures == nil { ok = false }
        let voting = decodeVoting(s, kind: kindName, ok: &ok)
        guard let kind else { return nil }
        // Keys that belong to another kind.
        for other in TeacherKinds.all where other.kind != kind.kind {
            for key in other.keys where s.has(key) && !kind.keys.contains(key) {
                s.reject(key, "only used with kind \(other.kind)")
                ok = false
            }
        }
        guard let backend = kind.decode(s), ok else { return nil }
        return TeacherOptions(
            backend: backend, cache: cache, splits: splits, maxFailures: maxFailures ?? defaultMaxFailures, voting: voting)
    }

    /// `samples`, `vote`, `keep` and `min_agreement`; the last three need `samples` > 1.
    static func decodeVoting(_ s: ConfigSection, kind: String?, ok: inout Bool) -> SampleVoting {
        var voting = SampleVoting()
        if s.has("samples") {
            if let n = s.int("samples", in: 1...64, expected: "a count of completions per record, 1 to 64") {
                voting.samples = n
                if n > 1, kind == HumanTeacherOptions.kind {
                    s.problem("samples", "must be 1 with kind human (the dataset has one explanation per record)")
                    ok = false
                }
            } else {
                ok = false
            }
        }
        if s.has("vote") {
            if let rule = s.choice("vote", SampleVoting.Rule.self) { voting.rule = rule } else { ok = false }
        }
        if s.has("keep") {
            if let keep = s.choice("keep", SampleVoting.Keep.self) { voting.keep = keep } else { ok = false }
        }
        if s.has("min_agreement") {
            if let f = s.number("min_agreement", expected: "a fraction greater than 0 and at most 1", accept: { $0 > 0 && $0 <= 1 }) {
                voting.minAgreement = f
            } else {
                ok = false
            }
        }
        for key in ["vote", "keep", "min_agreement"] where s.has(key) && voting.samples < 2 {
            s.problem(key, "needs teacher.samples greater than 1 (several completions to vote on)")
            ok = false
        }
        if voting.rule == .none {
            for key in ["keep", "min_agreement"] where s.has(key) {
                s.problem(key, "needs teacher.vote: majority (with vote none every sample is kept on its own)")
                ok = false
            }
        }
        return voting
    }

    /// The voting keys as set (none when `samples` is 1, so older canonical forms stay).
    var votingFields: [(String, JSONValue)] {
        guard voting.samples > 1 else { return [] }
        var fields: [(String, JSONValue)] = [("samples", .int(voting.samples)), ("vote", .string(voting.rule.rawValue))]
        if voting.rule == .majority {
            fields.append(("keep", .string(voting.keep.rawValue)))
            fields.append(("min_agreement", voting.minAgreement.map(JSONValue.double) ?? .null))
        }
        return fields
    }

    public var canonical: JSONValue {
        var fields: [(String, JSONValue)] = [("kind", .string(kind))]
        // Only when set: an unset key leaves the canonical form (and run hashes) as before.
        if let splits { fields.append(("splits", .array(splits.map(JSONValue.string)))) }
        if let cache { fields.append(("cache", .string(cache.path))) }
        if maxFailures != Self.defaultMaxFailures { fields.append(("max_failures", .int(maxFailures))) }
        return .object(fields + votingFields + backend.canonicalFields)
    }

    public static func == (a: TeacherOptions, b: TeacherOptions) -> Bool {
        a.backend.isEqual(to: b.backend) && a.cache == b.cache && a.splits == b.splits && a.maxFailures == b.maxFailures
            && a.voting == b.voting
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(kind)
        hasher.combine(canonical)
    }
}
