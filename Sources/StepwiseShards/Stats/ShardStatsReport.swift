import Foundation
import StepwiseCore

/// `stepwise stats`: per split, samples, shards, sizes and token-length quantiles, plus the
/// filter counts, truncation counts and teacher accuracy the run recorded in `OUT/run.json`
/// (`"splits" → <split> → "filtered" / "truncated" / "teacher_accuracy"`).
///
/// Fast by default: sizes and lengths come from each directory's `stats.stepwise`, which
/// the writer keeps current. A stats file that does not match its index, or `recompute`,
/// makes it decode the shards instead.
public struct ShardStatsReport: Sendable {
    public struct Split: Sendable {
        public var name: String
        public var stats: SplitStats
        /// Rank folders summed (0 for a single-machine split).
        public var ranks: Int
        /// Whether some stats had to be recomputed from the shards.
        public var recomputed: Bool
        public var filtered: JSONValue?
        public var truncated: JSONValue?
        public var teacherAccuracy: JSONValue?
        /// The tokens of the teacher's answers to the split's records (run.json `teacher_usage`).
        public var teacherUsage: TokenUsage?
        /// Their cost at the run's `teacher.price`.
        public var teacherCost: Double?
        /// Records voted on, by agreement (`"4/5"`), with `teacher.samples` > 1.
        public var votes: [(String, Int)] = []
    }

    public var root: URL
    public var splits: [Split]

    /// The teacher's tokens over every split, `nil` when the run recorded none.
    public var teacherUsage: TokenUsage? {
        let used = splits.compactMap(\.teacherUsage)
        return used.isEmpty ? nil : used.reduce(TokenUsage(), +)
    }

    /// Their cost, when the run had a price.
    public var teacherCost: Double? {
        let costs = splits.compactMap(\.teacherCost)
        return costs.isEmpty ? nil : costs.reduce(0, +)
    }

    /// The quantiles reported for every token column.
    public static let quantiles: [(String, Double)] = [("p50", 0.5), ("p90", 0.9), ("p99", 0.99)]

    public static func load(root: URL, recompute: Bool = false) throws -> ShardStatsReport {
        var fm: FileManager { .default }
        var isDir: ObjCBool = false
        guard fm.fileExists(atPath: root.path, isDirectory: &isDir), isDir.boolValue else {
            throw ShardError.io(path: root.path, problem: "not a directory")
        }
        let run = try loadRunRecord(root)
        var names = ShardDirectory.splits(in: root)
        if case .object(let pairs)? = run?["splits"] {
            for (name, _) in pairs where !names.contains(name) { names.append(name) }
        }
        var price: TokenPrice?
        if let p = run?["teacher_price"], let input = p["input_per_million"]?.doubleValue,
            let output = p["output_per_million"]?.doubleValue
        {
            price = TokenPrice(input: input, output: output, cachedInput: p["cached_input_per_million"]?.doubleValue)
        }
        var splits: [Split] = []
        for name in names {
            let dir = root.appendingPathComponent(name)
            let ranks = ShardDirectory.rankFolders(in: dir)
            var stats = SplitStats()
            var recomputed = false
            for url in ranks.isEmpty ? [dir] : ranks.map(\.url) {
                let (s, scanned) = try directoryStats(url, recompute: recompute)
                stats.merge(s)
                recomputed = recomputed || scanned
            }
            let fromRun = run?["splits"]?[name]
            let usage = fromRun?["teacher_usage"].map(TokenUsage.init(json:))
            var votes: [(String, Int)] = []
            if case .object(let pairs)? = fromRun?["votes"] {
                votes = pairs.compactMap { key, value in value.intValue.map { (key, $0) } }
            }
            splits.append(Split(
                name: name, stats: stats, ranks: ranks.count, recomputed: recomputed,
                filtered: fromRun?["filtered"], truncated: fromRun?["truncated"],
                teacherAccuracy: fromRun?["teacher_accuracy"], teacherUsage: usage,
                teacherCost: usage.flatMap { u in price.map { $0.cost(of: u) } }, votes: votes))
        }
        return ShardStatsReport(root: root, splits: splits)
    }

    /// Stats of one directory with its own shards; `true` when decoded from the shards.
    static func directoryStats(_ dir: URL, recompute: Bool) throws -> (SplitStats, Bool) {
        let indexURL = dir.appendingPathComponent("index.json")
        let statsURL = dir.appendingPathComponent(SplitStats.fileName)
        guard FileManager.default.fileExists(atPath: indexURL.path) else {
            return ((try? SplitStats.load(from: statsURL)) ?? SplitStats(), false)
        }
        let reader = try ShardReader(directory: dir)
        if !recompute, let s = try? SplitStats.load(from: statsURL), s.matches(reader.index) { return (s, false) }
        return (try ShardStatsScanner.scan(reader), true)
    }

    static func loadRunRecord(_ root: URL) throws -> JSONValue? {
        let url = root.appendingPathComponent("run.json")
        guard let data = FileManager.default.contents(atPath: url.path) else { return nil }
        do { return try JSONValue(parsing: data) } catch {
            throw ShardError.badIndex(path: url.path, problem: "not valid JSON")
        }
    }

    // MARK: Output

    public func jsonValue() -> JSONValue {
        var fields: [(String, JSONValue)] = [("splits", .object(splits.map { ($0.name, $0.jsonValue()) }))]
        if let usage = teacherUsage {
            fields.append(("teacher", .object([("usage", usage.json), ("cost", teacherCost.map(JSONValue.double) ?? .null)])))
        }
        return .object(fields)
    }

    public func text() -> String {
        var out = ""
        for s in splits { s.writeText(to: &out) }
        if splits.isEmpty { out += "\(root.path): no splits found\n" }
        if let usage = teacherUsage { out += "total: " + Split.describe(usage, cost: teacherCost) + "\n" }
        return out
    }
}

extension ShardStatsReport.Split {
    public var compressionRatio: Double? {
        stats.storedBytes > 0 ? (Double(stats.rawBytes) / Double(stats.storedBytes) * 1000).rounded() / 1000 : nil
    }

    public func jsonValue() -> JSONValue {
        var fields: [(String, JSONValue)] = [
            ("samples", .int(stats.samples)),
            ("shards", .int(stats.shards)),
            ("raw_bytes", .int(stats.rawBytes)),
            ("compressed_bytes", .int(stats.storedBytes)),
            ("compression_ratio", compressionRatio.map(JSONValue.double) ?? .null),
        ]
        if ranks > 0 { fields.append(("ranks", .int(ranks))) }
        fields.append(("source", .string(recomputed ? "shards" : "stats.stepwise")))
        fields.append(("columns", .object(stats.lengths.keys.sorted().map { name in
            let h = stats.lengths[name] ?? LengthHistogram()
            var c: [(String, JSONValue)] = [("min", h.min.map(JSONValue.int) ?? .null)]
            for (label, p) in ShardStatsReport.quantiles { c.append((label, h.quantile(p).map(JSONValue.int) ?? .null)) }
            c.append(("max", h.max.map(JSONValue.int) ?? .null))
            c.append(("mean", h.mean.map { .double(($0 * 100).rounded() / 100) } ?? .null))
            c.append(("tokens", .int(h.tokens)))
            return (name, .object(c))
        })))
        if let filtered { fields.append(("filtered", filtered)) }
        if let truncated { fields.append(("truncated", truncated)) }
        if let teacherAccuracy {
            var acc = teacherAccuracy
            if case .object(var pairs) = teacherAccuracy, let c = teacherAccuracy["correct"]?.intValue,
                let t = teacherAccuracy["total"]?.intValue, t > 0, teacherAccuracy["accuracy"] == nil
            {
                pairs.append(("accuracy", .double((Double(c) / Double(t) * 10000).rounded() / 10000)))
                acc = .object(pairs)
            }
            fields.append(("teacher_accuracy", acc))
        }
        if let teacherUsage { fields.append(("teacher_usage", teacherUsage.json)) }
        if let teacherCost { fields.append(("teacher_cost", .double(teacherCost))) }
        if !votes.isEmpty { fields.append(("votes", .object(votes.map { ($0.0, .int($0.1)) }))) }
        return .object(fields)
    }

    /// `teacher tokens: 1,234 prompt (56 cached) + 789 completion for 40 completions
    /// (3 estimated), cost 0.0123`.
    static func describe(_ usage: TokenUsage, cost: Double?) -> String {
        var text = "teacher tokens: \(usage.promptTokens) prompt"
        if usage.cachedPromptTokens > 0 { text += " (\(usage.cachedPromptTokens) cached)" }
        text += " + \(usage.completionTokens) completion for \(usage.completions) completions"
        if usage.estimatedCompletions > 0 { text += " (\(usage.estimatedCompletions) estimated: the server sent no usage)" }
        if let cost { text += String(format: ", cost %.4f", cost) }
        return text
    }

    func writeText(to out: inout String) {
        let ratio = compressionRatio.map { String(format: "%.2f", $0) } ?? "-"
        out += "\(name): \(stats.samples) samples in \(stats.shards) shards"
        if ranks > 0 { out += " from \(ranks) ranks" }
        out += "; \(Self.megabytes(stats.rawBytes)) raw, \(Self.megabytes(stats.storedBytes)) on disk (ratio \(ratio))\n"
        if !stats.lengths.isEmpty {
            out += "  " + "column".padding(toLength: 16, withPad: " ", startingAt: 0)
            for h in ["min", "p50", "p90", "p99", "max"] { out += h.leftPadded(7) }
            out += "   lengths (min → max)\n"
            for name in stats.lengths.keys.sorted() {
                let h = stats.lengths[name] ?? LengthHistogram()
                out += "  " + name.padding(toLength: 16, withPad: " ", startingAt: 0)
                var values = [h.min]
                values += ShardStatsReport.quantiles.map { h.quantile($0.1) }
                values.append(h.max)
                for v in values { out += (v.map(String.init) ?? "-").leftPadded(7) }
                out += "   " + Self.sparkline(h) + "\n"
            }
        }
        if case .object(let pairs)? = truncated, !pairs.isEmpty {
            out += "  truncated: " + pairs.map { "\($0.0) \($0.1.jsonText())" }.joined(separator: ", ") + "\n"
        }
        if case .object(let pairs)? = filtered, !pairs.isEmpty {
            out += "  filtered: " + pairs.map { "\($0.0) \($0.1.jsonText())" }.joined(separator: ", ") + "\n"
        }
        if let c = teacherAccuracy?["correct"]?.intValue, let t = teacherAccuracy?["total"]?.intValue, t > 0 {
            out += "  teacher accuracy: \(String(format: "%.1f", Double(c) * 100 / Double(t)))% (\(c)/\(t))\n"
        }
        if let teacherUsage, !teacherUsage.isZero { out += "  " + Self.describe(teacherUsage, cost: teacherCost) + "\n" }
        if !votes.isEmpty {
            out += "  vote agreement (records): " + votes.sorted { Self.fraction($0.0) > Self.fraction($1.0) }
                .map { "\($0.0) \($0.1)" }.joined(separator: ", ") + "\n"
        }
    }

    /// `"4/5"` as 0.8.
    static func fraction(_ text: String) -> Double {
        let parts = text.split(separator: "/").compactMap { Double($0) }
        return parts.count == 2 && parts[1] > 0 ? parts[0] / parts[1] : 0
    }

    static func megabytes(_ bytes: Int) -> String {
        bytes < 1 << 20 ? String(format: "%.1f KB", Double(bytes) / 1024) : String(format: "%.1f MB", Double(bytes) / 1048576)
    }

    /// A 16-bin histogram of lengths between min and max as block characters.
    static func sparkline(_ h: LengthHistogram) -> String {
        guard let lo = h.min, let hi = h.max else { return "" }
        let bins = 16
        var counts = [Int](repeating: 0, count: bins)
        for (length, c) in h.counts.enumerated() where c > 0 {
            let b = hi == lo ? 0 : Swift.min(bins - 1, (length - lo) * bins / (hi - lo + 1))
            counts[b] += c
        }
        let peak = counts.max() ?? 1
        let blocks: [Character] = [" ", "▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"]
        return String(counts.map { c in c == 0 ? blocks[0] : blocks[Swift.max(1, c * 8 / Swift.max(peak, 1))] })
    }
}

extension String {
    fileprivate func leftPadded(_ width: Int) -> String {
        count >= width ? self : String(repeating: " ", count: width - count) + self
    }
}
