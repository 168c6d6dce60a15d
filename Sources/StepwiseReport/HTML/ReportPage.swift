import StepwiseCore
import StepwisePipeline
import StepwiseShards

extension Report {
    /// The whole page: one HTML file with inline CSS, SVG and a few lines of JS for the
    /// record table's search; nothing is fetched.
    public func html() -> String {
        let r = output.record
        var page = """
            <!doctype html>
            <html lang="en"><head><meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>Stepwise report: \(HTMLText.escape(r.pipeline))</title>
            <style>\(Self.css)</style></head><body>
            <h1>\(HTMLText.escape(r.pipeline))</h1>
            <p class="meta">Stepwise \(StepwiseVersion.current) · config sha256 <code>\(r.configHash.prefix(16))…</code>
            · \(HTMLText.escape(output.labelKind.map { "labels: \($0)" } ?? "")) · \(output.splits.count) split(s)</p>\n
            """
        page += otherFields(runJSON, title: "Also in run.json", known: Self.knownRunKeys)
        for section in sections { page += splitSection(section) }
        page += records
        page += "<script>\(Self.script)</script></body></html>\n"
        return page
    }

    private func splitSection(_ s: Section) -> String {
        let split = s.split
        let filtered = split.record.filtered.values.reduce(0, +)
        var h = "<section class=\"split\" id=\"split-\(HTMLText.escape(split.name))\"><h2>\(HTMLText.escape(split.name))</h2>\n"
        h += "<table class=\"figures\"><tr><th>samples</th><th>shards</th><th>filtered</th><th>teacher accuracy</th></tr><tr>"
        h += "<td>\(HTMLText.count(split.stats.samples))</td><td>\(split.stats.shards)</td><td>\(HTMLText.count(filtered))</td>"
        let acc = split.record.teacherAccuracy
        h += "<td class=\"accuracy\">" + (acc.accuracy.map { String(format: "%.2f%%", $0 * 100) + " (\(acc.correct)/\(acc.total))" } ?? "–") + "</td></tr></table>\n"
        h += "<h3>Token lengths</h3><div class=\"charts\">"
        let limits = output.tokenLimits
        for name in split.stats.lengths.keys.sorted() {
            let hist = split.stats.lengths[name] ?? LengthHistogram()
            let cut = split.record.truncated[name] ?? 0
            h += "<figure>" + SVGCharts.histogram(hist, limit: limits[name], title: name)
                + "<figcaption>\(HTMLText.escape(name)): p50 \(hist.quantile(0.5).map(String.init) ?? "–"), "
                + "p99 \(hist.quantile(0.99).map(String.init) ?? "–"), max \(hist.max.map(String.init) ?? "–"); truncated \(cut)</figcaption></figure>"
        }
        h += "</div>\n"
        let reasons = split.record.filtered.sorted { ($1.value, $0.key) < ($0.value, $1.key) }.map { ($0.key, $0.value) }
        h += "<h3>Filtered, by reason</h3>"
        h += reasons.isEmpty ? "<p class=\"none\">Nothing was filtered.</p>\n" : SVGCharts.bars(reasons, title: "filter reasons: \(split.name)") + "\n"
        if let m = s.confusion { h += confusionTable(m) }
        h += teacherFigures(split.record)
        if let extra = runJSON["splits"]?[split.name] { h += otherFields(extra, title: "Also in run.json", known: Self.knownSplitKeys) }
        return h + "</section>\n"
    }

    /// The teacher's tokens and their cost, and the vote agreement of records asked several
    /// times (`teacher.samples`), when the run recorded them.
    private func teacherFigures(_ record: SplitRecord) -> String {
        var h = ""
        let u = record.teacherUsage
        if !u.isZero {
            h += "<h3>Teacher tokens</h3><table class=\"figures usage\"><tr><th>prompt</th><th>of them cached</th><th>completion</th>"
                + "<th>completions</th><th>estimated</th><th>cost</th></tr><tr>"
                + "<td>\(HTMLText.count(u.promptTokens))</td><td>\(HTMLText.count(u.cachedPromptTokens))</td>"
                + "<td>\(HTMLText.count(u.completionTokens))</td><td>\(HTMLText.count(u.completions))</td>"
                + "<td>\(HTMLText.count(u.estimatedCompletions))</td>"
                + "<td>\(output.record.teacherPrice.map { String(format: "%.4f", $0.cost(of: u)) } ?? "– (no teacher.price)")</td></tr></table>\n"
            if u.estimatedCompletions > 0 {
                h += "<p class=\"note\">Estimated: the server sent no usage for these completions (4 bytes per token).</p>\n"
            }
        }
        if !record.votes.isEmpty {
            func fraction(_ key: String) -> Double {
                let parts = key.split(separator: "/").compactMap { Double($0) }
                return parts.count == 2 && parts[1] > 0 ? parts[0] / parts[1] : 0
            }
            let bars = record.votes.sorted { (fraction($1.key), $1.key) < (fraction($0.key), $0.key) }.map { ($0.key, $0.value) }
            h += "<h3>Vote agreement (samples with the voted label / samples asked)</h3>"
                + SVGCharts.bars(bars, title: "vote agreement") + "\n"
        }
        return h
    }

    private func confusionTable(_ m: ConfusionMatrix) -> String {
        let peak = max(1, m.counts.flatMap { $0 }.max() ?? 1)
        var h = "<h3>Teacher label vs gold label</h3><table class=\"confusion\"><tr><th>gold ↓ / teacher →</th>"
        h += m.labels.map { "<th>\(HTMLText.escape($0))</th>" }.joined() + "</tr>"
        for (i, gold) in m.labels.enumerated() {
            h += "<tr><th>\(HTMLText.escape(gold))</th>"
            for (j, n) in m.counts[i].enumerated() {
                let alpha = String(format: "%.2f", 0.08 + 0.8 * Double(n) / Double(peak))
                let tone = i == j ? "46,125,50" : "198,40,40"
                h += "<td style=\"background:rgba(\(tone),\(n == 0 ? "0" : alpha))\">\(HTMLText.count(n))</td>"
            }
            h += "</tr>"
        }
        return h + "</table><p class=\"note\">\(HTMLText.count(m.agreeing)) of \(HTMLText.count(m.total)) records agree (kept and filtered ones the teacher answered).</p>\n"
    }

    /// The fields of a `run.json` object this report does not know (what later versions may
    /// record), one row per field or sub-field; empty when none.
    private func otherFields(_ json: JSONValue, title: String, known: Set<String>) -> String {
        guard case .object(let fields) = json else { return "" }
        var rows: [(String, String)] = []
        for (key, value) in fields where !known.contains(key) && !value.isNull {
            if case .object(let pairs) = value {
                rows += pairs.map { ("\(key).\($0.0)", $0.1.stringValue ?? $0.1.jsonText()) }
            } else {
                rows.append((key, value.jsonText()))
            }
        }
        guard !rows.isEmpty else { return "" }
        return "<h3>\(title)</h3><table class=\"extras\">"
            + rows.map { "<tr><th>\(HTMLText.escape($0.0))</th><td>\(HTMLText.escape($0.1))</td></tr>" }.joined() + "</table>\n"
    }

    /// Kept records' texts are decoded from their tokens unless the run stored them.
    private var decodedNote: String {
        output.config["output"]?["text_columns"]?.boolValue == true
            ? "" : " (kept records' texts decoded from their tokens; <code>output.text_columns: true</code> stores them as written)"
    }

    private var records: String {
        var h = """
            <section id="records"><h2>Records</h2>
            <p>The first kept and filtered records of each split\(decodedNote). <input id="q" type="search" placeholder="search text, id, label…" oninput="filterRows()">
            <select id="k" onchange="filterRows()"><option value="all">all</option><option value="kept">kept</option><option value="filtered">filtered</option></select>
            <span id="shown"></span> shown</p>
            <table class="records"><thead><tr><th>split</th><th>status</th><th>id</th><th>input</th><th>rationale</th><th>teacher</th><th>gold</th></tr></thead><tbody>\n
            """
        for s in sections {
            for r in s.samples {
                let status = r.reason.map { "filtered: \($0)" } ?? "kept"
                h += "<tr class=\"rec\" data-kept=\"\(r.kept ? "kept" : "filtered")\"><td>\(HTMLText.escape(r.split))</td>"
                    + "<td class=\"\(r.kept ? "kept" : "filtered")\">\(HTMLText.escape(status))</td><td>\(HTMLText.escape(r.id))</td>"
                    + "<td>\(HTMLText.escape(r.input))</td><td>\(HTMLText.escape(r.rationale))</td>"
                    + "<td>\(HTMLText.escape(r.teacherLabel))</td><td>\(HTMLText.escape(r.label))</td></tr>\n"
            }
        }
        return h + "</tbody></table></section>\n"
    }

    /// `run.json` fields shown elsewhere (or bookkeeping); the others are listed as they are.
    static let knownRunKeys: Set<String> = [
        "config", "config_hash", "duration_seconds", "finished", "format", "parse_hash", "pending", "pipeline",
        "prompts_hash", "rank", "splits", "started_at", "task", "tokenizer_fingerprint", "updated_at", "world_size",
        "teacher_price",
    ]
    static let knownSplitKeys: Set<String> = [
        "committed_position", "samples", "shards", "filtered", "truncated", "teacher_accuracy", "rejects_bytes",
        "dedup_bytes", "done", "teacher_usage", "votes",
    ]

    static let css = """
        body{font:14px/1.4 system-ui,sans-serif;margin:24px;color:#222;max-width:1200px}
        h1{margin:0 0 4px}.meta{color:#666;margin-top:0}code{font-size:12px}
        table{border-collapse:collapse;margin:6px 0}th,td{border:1px solid #ddd;padding:3px 8px;text-align:left;vertical-align:top}
        .figures td,.confusion td{text-align:right}.charts{display:flex;flex-wrap:wrap;gap:8px}
        figure{margin:0}figcaption{font-size:12px;color:#555}
        .bar{fill:#4a78b5}.bar.reason{fill:#c4693d}.axis{stroke:#888}line.limit{stroke:#d32f2f;stroke-width:2;stroke-dasharray:5,3}
        .limit-label{fill:#d32f2f;font-size:11px}.tick{font-size:11px;fill:#555}.ct{font-size:12px;font-weight:600}
        .records td{max-width:380px;font-size:12px;white-space:pre-wrap}.kept{color:#2e7d32}.filtered{color:#c62828}
        .none,.note{color:#666}#q{width:260px}
        """

    static let script = """
        function filterRows(){var q=document.getElementById('q').value.toLowerCase(),k=document.getElementById('k').value,n=0;
        document.querySelectorAll('tr.rec').forEach(function(r){var ok=(k==='all'||r.dataset.kept===k)&&(!q||r.textContent.toLowerCase().indexOf(q)>=0);
        r.hidden=!ok;if(ok)n++;});document.getElementById('shown').textContent=n;}
        if(location.hash.indexOf('#q=')===0){document.getElementById('q').value=decodeURIComponent(location.hash.slice(3));}
        filterRows();
        """
}
