import Crypto
import Foundation
import StepwiseConfig
import StepwiseCore
import StepwiseTeacher

/// Hashes that tell whether an output directory belongs to this configuration.
enum Fingerprint {
    static func sha256(_ data: Data) -> String { SHA256.hex(data) }

    static func sha256(_ text: String) -> String { sha256(Data(text.utf8)) }

    /// The effective configuration as JSON, without what may change between runs into the
    /// same directory: the output directory itself, the run settings (workers, batch sizes —
    /// the output does not depend on them) and, separately hashed, the `parse` section.
    static func comparableConfig(_ config: PipelineConfig, options: RunOptions) -> JSONValue {
        guard case .object(var pairs) = config.canonicalValue else { return config.canonicalValue }
        pairs.removeAll { $0.0 == "parse" || $0.0 == "run" || $0.0 == "description" }
        pairs = pairs.map { key, value in
            if key == "output", case .object(let out) = value {
                return (key, .object(out.filter { $0.0 != "dir" }))
            }
            if key == "teacher", case .object(let t) = value {
                // Where the cache lives, prices and budgets do not change the output, and the
                // failure allowance may be raised to let an interrupted run finish.
                let free = ["cache", "max_failures"] + OpenAITeacherOptions.notFingerprinted
                return (key, .object(t.filter { !free.contains($0.0) }))
            }
            return (key, value)
        }
        pairs.append(("limit", options.limit.map(JSONValue.int) ?? .null))
        pairs.append(("world_size", .int(options.worldSize)))
        pairs.append(("rank", .int(options.rank)))
        return .object(pairs)
    }

    static func parseSection(_ config: PipelineConfig) -> JSONValue {
        config.canonicalValue["parse"] ?? .null
    }

    /// Key paths whose values differ between two JSON trees (`teacher.model`, `dataset.sample.fraction`).
    static func differences(_ a: JSONValue, _ b: JSONValue, path: String = "") -> [String] {
        switch (a, b) {
        case let (.object(x), .object(y)):
            var keys: [String] = []
            for (k, _) in x + y where !keys.contains(k) { keys.append(k) }
            return keys.flatMap { k in
                differences(a[k] ?? .null, b[k] ?? .null, path: path.isEmpty ? k : "\(path).\(k)")
            }
        case let (.int(x), .double(y)), let (.double(y), .int(x)):
            return Double(x) == y ? [] : [path]
        default:
            return a == b ? [] : [path.isEmpty ? "(whole file)" : path]
        }
    }
}
