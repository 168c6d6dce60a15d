import Foundation
import StepwiseCore
import StepwiseShards

extension DatasetCard {
    /// The card's Markdown after the front matter.
    var body: String {
        let r = output.record
        var md = "# \(r.pipeline)\n\n"
        if let description, !description.isEmpty { md += description + "\n\n" }
        md += """
            Training data for [Distilling Step-by-Step](https://arxiv.org/abs/2305.02301) (Hsieh et al., 2023), \
            made by Stepwise \(version): for every input a teacher model wrote a \
            rationale and a label; both are tokenized for a T5 student trained on two tasks, \
            `\(r.task["label_prefix"]?.stringValue ?? "predict: ")` + input → label and \
            `\(r.task["rationale_prefix"]?.stringValue ?? "explain: ")` + input → rationale.\n\n
            """
        md += files + columnTable + splitTable + provenance + lengths
        return md
    }

    private var files: String {
        var md = "## Files\n\n"
        if filledSplits.contains(where: { !$0.parquetFiles.isEmpty }) {
            md += "- `parquet/<split>/`: Parquet, one file per shard (`datasets.load_dataset(\"parquet\", data_dir=\"parquet\")`, or this repository's `configs`).\n"
        }
        md += "- `<split>/`: MDS shards (`streaming.StreamingDataset(local=..., split=...)`).\n"
        md += "- `rejects.jsonl`: every record left out, with its reason; `run.json`: the run record.\n\n"
        return md
    }

    private var columnTable: String {
        let meaning: [String: String] = [
            "id": "the record's stable id", "input_ids": "label prefix + input, tokens",
            "expl_input_ids": "rationale prefix + input, tokens", "labels": "gold label, tokens",
            "teacher_labels": "teacher's label, tokens", "aux_labels": "teacher's rationale, tokens",
            "input": "input text", "label": "gold label text", "teacher_label": "teacher's label text",
            "rationale": "teacher's rationale text",
            "metadata": "JSON: the example's sample index and its record's vote (teacher.samples > 1)",
        ]
        var md = "## Columns\n\n| column | type | content |\n|---|---|---|\n"
        for (name, isTokens) in columns {
            md += "| `\(name)` | \(isTokens ? "list<int32>" : "string") | \(meaning[name] ?? "") |\n"
        }
        return md + "\nToken ids end with EOS (`</s>`) and are cut at the limits below.\n\n"
    }

    private var splitTable: String {
        var md = "## Splits\n\n| split | examples | filtered | teacher accuracy |\n|---|---:|---:|---:|\n"
        for s in output.splits {
            let filtered = s.record.filtered.values.reduce(0, +)
            let acc = s.record.teacherAccuracy
            let accuracy = acc.accuracy.map { String(format: "%.2f%% (%d/%d)", $0 * 100, acc.correct, acc.total) } ?? "-"
            md += "| \(s.name) | \(s.stats.samples) | \(filtered) | \(accuracy) |\n"
        }
        let reasons = Set(output.splits.flatMap { $0.record.filtered.keys }).sorted()
        if !reasons.isEmpty {
            md += "\nFiltered, by reason:\n\n| reason |" + output.splits.map { " \($0.name) |" }.joined() + "\n|---|"
                + output.splits.map { _ in "---:|" }.joined() + "\n"
            for reason in reasons {
                md += "| `\(reason)` |" + output.splits.map { " \($0.record.filtered[reason] ?? 0) |" }.joined() + "\n"
            }
        }
        return md + "\n"
    }

    private var provenance: String {
        let r = output.record
        let c = output.config
        var rows: [(String, String)] = [
            ("Stepwise", version),
            ("pipeline", "`\(r.pipeline)`, config sha256 `\(r.configHash)`, parse sha256 `\(r.parseHash)`"),
        ]
        if let d = c["dataset"] {
            var text = "`\(d["name"]?.stringValue ?? "?")`"
            if let format = d["format"]?.stringValue { text += ", format `\(format)`" }
            if let source = d["source"]?.stringValue { text += ", source `\(Self.fileName(source))`" }
            if let fraction = d["sample"]?["fraction"], fraction != .double(1), fraction != .int(1) {
                text += ", sample \(fraction.jsonText()) (seed \(d["sample"]?["seed"]?.jsonText() ?? "0"))"
            }
            if let limit = c["limit"], !limit.isNull { text += ", first \(limit.jsonText()) records" }
            rows.append(("dataset", text))
        }
        if let teacher = c["teacher"] { rows.append(("teacher", settings(teacher))) }
        let usage = output.splits.map(\.record.teacherUsage).reduce(TokenUsage(), +)
        if !usage.isZero {
            var text = "\(usage.promptTokens) prompt + \(usage.completionTokens) completion tokens for \(usage.completions) completions"
            if usage.estimatedCompletions > 0 { text += " (\(usage.estimatedCompletions) estimated)" }
            if let price = r.teacherPrice { text += String(format: ", cost %.4f", price.cost(of: usage)) }
            rows.append(("teacher tokens", text))
        }
        if let prompt = c["prompt"], !prompt.isNull {
            var text = settings(prompt)
            if let hash = r.promptsHash { text += "; exemplar file sha256 `\(hash)`" }
            rows.append(("prompt", text))
        }
        rows.append(("parse", settings(parse)))
        if let tokenizer = c["tokenizer"] {
            rows.append(("tokenizer", settings(tokenizer) + "; model fingerprint `\(r.tokenizerFingerprint)`"))
        }
        if let student = c["student"] { rows.append(("student prefixes", settings(student))) }
        if r.worldSize > 1 { rows.append(("partitioned", "\(r.worldSize) ranks")) }
        var md = "## Provenance\n\n| | |\n|---|---|\n"
        for (k, v) in rows { md += "| \(k) | \(v.replacingOccurrences(of: "|", with: "\\|")) |\n" }
        return md + "\n"
    }

    private var lengths: String {
        var md = "## Token lengths\n\nPer split and column: min / p50 / p90 / p99 / max tokens, and the examples cut at the limit.\n\n"
        let limits = output.tokenLimits
        for s in filledSplits {
            md += "**\(s.name)**\n\n| column | min | p50 | p90 | p99 | max | mean | limit | truncated |\n|---|---:|---:|---:|---:|---:|---:|---:|---:|\n"
            for name in s.stats.lengths.keys.sorted() {
                let h = s.stats.lengths[name] ?? LengthHistogram()
                let cells = [h.min, h.quantile(0.5), h.quantile(0.9), h.quantile(0.99), h.max].map { $0.map(String.init) ?? "-" }
                let mean = h.mean.map { String(format: "%.1f", $0) } ?? "-"
                let limit = limits[name].map(String.init) ?? "-"
                md += "| `\(name)` | " + cells.joined(separator: " | ") + " | \(mean) | \(limit) | \(s.record.truncated[name] ?? 0) |\n"
            }
            md += "\n"
        }
        return md
    }

    /// `key: value` pairs of a settings object, paths reduced to file names; the cache, and
    /// the teacher's address and key variable (a private host has no place on the Hub), left out.
    private func settings(_ value: JSONValue) -> String {
        guard case .object(let pairs) = value else { return value.isNull ? "-" : "`\(value.jsonText())`" }
        let pathKeys: Set<String> = ["recordings", "exemplars", "path", "source", "batch_file"]
        let hidden: Set<String> = ["cache", "base_url", "api_key_env"]
        return pairs.filter { !hidden.contains($0.0) && !$0.1.isNull }.map { key, v in
            if pathKeys.contains(key), let s = v.stringValue { return "\(key) `\(Self.fileName(s))`" }
            return "\(key) `\(v.stringValue ?? v.jsonText())`"
        }.joined(separator: ", ")
    }

    static func fileName(_ path: String) -> String { URL(fileURLWithPath: path).lastPathComponent }
}
