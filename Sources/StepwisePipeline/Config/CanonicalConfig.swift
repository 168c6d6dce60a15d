import StepwiseConfig
import StepwiseCore

extension PipelineConfig {
    /// The effective configuration as one JSON value: each section's ``PipelineSection/canonical``
    /// (every key that applies, defaults filled in, paths absolute), objects with sorted keys.
    public var canonicalValue: JSONValue {
        let value: JSONValue = .object([
            ("name", .string(name)),
            ("description", .optional(description)),
            ("dataset", dataset.canonical),
            ("prompt", prompt.canonical),
            ("teacher", teacherCanonical),
            ("parse", parse.canonical),
            ("tokenizer", tokenizer.canonical),
            ("student", student.canonical),
            ("output", output.canonical),
            ("run", run.canonical),
        ])
        return Self.sortingKeys(value)
    }

    /// `teacher:` with the cache file it resolves to (`teacher.cache`, or one inside
    /// `output.dir`).
    private var teacherCanonical: JSONValue {
        guard case .object(let fields) = teacher.canonical else { return teacher.canonical }
        return .object(fields.filter { $0.0 != "cache" } + [("cache", .string(teacher.cacheURL(output: output.dir.url).path))])
    }

    /// ``canonicalValue`` as compact JSON text: the same effective configuration always
    /// gives the same bytes, whatever order or spelling (`zstd` vs `zstd:3`, omitted
    /// defaults) the file used.
    public var canonicalJSON: String { canonicalValue.jsonText() }

    /// ``canonicalJSON`` without the given key paths (sections or leaves), e.g.
    /// `["run", "output.dir", "teacher.cache"]` for a hash that survives moving the output
    /// directory or changing the number of workers.
    public func canonicalJSON(ignoring: Set<String>) -> String {
        Self.removing(ignoring, from: canonicalValue, path: "").jsonText()
    }

    private static func removing(_ paths: Set<String>, from value: JSONValue, path: String) -> JSONValue {
        guard case .object(let pairs) = value else { return value }
        return .object(pairs.compactMap { key, child in
            let sub = ConfigReader.join(path, key)
            return paths.contains(sub) ? nil : (key, removing(paths, from: child, path: sub))
        })
    }

    /// The key paths whose effective values differ between `other` and `self`, sorted:
    /// leaves such as `teacher.model` or `dataset.sample.fraction`; a list that differs
    /// is one entry (`teacher.stop`); a key present on one side only is listed too.
    /// Empty when the two are equivalent.
    ///
    /// - Parameter ignoring: key paths (or section names) to leave out, e.g. `["run"]`
    ///   for settings that change speed but not results.
    public func differences(from other: PipelineConfig, ignoring: Set<String> = []) -> [String] {
        var out: [String] = []
        Self.diff(other.canonicalValue, canonicalValue, path: "", ignoring: ignoring, into: &out)
        return out.sorted()
    }

    private static func diff(_ a: JSONValue, _ b: JSONValue, path: String, ignoring: Set<String>, into out: inout [String]) {
        if ignoring.contains(path) { return }
        guard case .object(let left) = a, case .object(let right) = b else {
            if a != b { out.append(path) }
            return
        }
        let l = Dictionary(left, uniquingKeysWith: { first, _ in first })
        let r = Dictionary(right, uniquingKeysWith: { first, _ in first })
        for key in Set(l.keys).union(r.keys) {
            let sub = ConfigReader.join(path, key)
            switch (l[key], r[key]) {
            case let (x?, y?): diff(x, y, path: sub, ignoring: ignoring, into: &out)
            default: if !ignoring.contains(sub) { out.append(sub) }
            }
        }
    }

    static func sortingKeys(_ value: JSONValue) -> JSONValue {
        switch value {
        case .object(let pairs): return .object(pairs.map { ($0.0, sortingKeys($0.1)) }.sorted { $0.0 < $1.0 })
        case .array(let items): return .array(items.map(sortingKeys))
        default: return value
        }
    }
}

extension PipelineConfig {
    /// run.json's `task`: what a reader of the output needs to know about the task — the
    /// dataset, its label kind (and classes), and how the student's two tasks are prefixed.
    public var taskDescription: JSONValue {
        .object([
            ("dataset", .string(dataset.name)), ("labels", dataset.descriptor.labels.canonical),
            ("label_prefix", .string(student.labelPrefix)), ("rationale_prefix", .string(student.rationalePrefix)),
        ])
    }
}
