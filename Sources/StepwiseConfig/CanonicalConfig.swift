import StepwiseCore

extension PipelineConfig {
    /// The effective configuration as one JSON value: every key that applies, with
    /// defaults filled in, paths absolute, objects with sorted keys. Keys that do not
    /// apply (ANLI's `round` for e-SNLI, OpenAI settings for a replay teacher) are left
    /// out; optional settings that are unset are `null`; `run.workers` is `null` when it
    /// is left to the number of cores.
    public var canonicalValue: JSONValue {
        var teacher: [(String, JSONValue)] = [
            ("kind", .string(teacher.kind.rawValue)),
            ("cache", .string(self.teacher.cacheURL(output: output.dir.url).path)),
        ]
        // Only when set: an unset key leaves the canonical form (and run hashes) as before.
        if let splits = self.teacher.splits { teacher.append(("splits", .array(splits.map { .string($0.rawValue) }))) }
        switch self.teacher.backend {
        case .human: break
        case .replay(let recordings): teacher.append(("recordings", .string(recordings.path)))
        case .openai(let o):
            teacher += [
                ("base_url", .string(o.baseURL.absoluteString)), ("model", .string(o.model)),
                ("api", .string(o.api.rawValue)), ("api_key_env", .string(o.apiKeyEnv)),
                ("batch_size", .int(o.batchSize)), ("concurrency", .int(o.concurrency)),
                ("max_tokens", .int(o.maxTokens)), ("temperature", .double(o.temperature)),
                ("stop", .array(o.stop.map(JSONValue.string))), ("seed", o.seed.map(JSONValue.int) ?? .null),
                ("timeout_s", .double(o.timeoutSeconds)), ("max_retries", .int(o.maxRetries)),
                ("requests_per_minute", o.requestsPerMinute.map(JSONValue.int) ?? .null),
                ("tokens_per_minute", o.tokensPerMinute.map(JSONValue.int) ?? .null),
                ("price_per_million_tokens", o.pricePerMillionTokens.map {
                    .object([("completion", .double($0.completion)), ("prompt", .double($0.prompt))])
                } ?? .null),
            ]
        }

        var dataset: [(String, JSONValue)] = [
            ("name", .string(dataset.name.rawValue)), ("format", .string(self.dataset.format.rawValue)),
            ("source", .string(self.dataset.source.path)),
            ("splits", .array(self.dataset.splits.map { .string($0.rawValue) })),
            ("sample", .object([("fraction", .double(self.dataset.sample.fraction)), ("seed", .int(self.dataset.sample.seed))])),
            ("on_bad_record", .string(self.dataset.onBadRecord.rawValue)),
            ("limit", self.dataset.limit.map(JSONValue.int) ?? .null),
            ("augment", .array(self.dataset.augment.map { a in
                .object([
                    ("name", .string(a.name.rawValue)), ("format", .string(a.format.rawValue)),
                    ("source", .string(a.source.path)), ("splits", .array(a.splits.map { .string($0.rawValue) })),
                ])
            })),
        ]
        if let round = self.dataset.round { dataset.append(("round", .int(round))) }
        if let explanations = self.dataset.explanations { dataset.append(("explanations", .string(explanations.path))) }

        let value: JSONValue = .object([
            ("name", .string(name)),
            ("description", .optional(description)),
            ("dataset", .object(dataset)),
            ("prompt", .object([
                ("exemplars", .optional(prompt.exemplars?.path)), ("style", .string(prompt.style.rawValue)),
                ("system", .optional(prompt.system)),
            ])),
            ("teacher", .object(teacher)),
            ("parse", .object([
                ("mode", .string(parse.mode.rawValue)), ("rationale_too_long", .string(parse.rationaleTooLong.rawValue)),
                ("drop_duplicate_inputs", .bool(parse.dropDuplicateInputs)),
                ("drop_teacher_disagreement", .bool(parse.dropTeacherDisagreement)),
            ])),
            ("tokenizer", .object([
                ("path", .string(tokenizer.path.path)), ("max_input_tokens", .int(tokenizer.maxInputTokens)),
                ("max_target_tokens", .int(tokenizer.maxTargetTokens)), ("input_prefix", .string(tokenizer.inputPrefix)),
                ("rationale_prefix", .string(tokenizer.rationalePrefix)),
            ])),
            ("output", .object([
                ("dir", .string(output.dir.path)), ("compression", .string(output.compression.text)),
                ("shard_size_limit", .int(output.shardSizeLimit)), ("token_dtype", .string(output.tokenDType.rawValue)),
                ("text_columns", .bool(output.textColumns)), ("hashes", .array(output.hashes.map { .string($0.rawValue) })),
            ])),
            ("run", .object([
                ("batch_size", .int(run.batchSize)), ("workers", run.workers.map(JSONValue.int) ?? .null),
                ("channel_capacity", .int(run.channelCapacity)),
            ])),
        ])
        return Self.sortingKeys(value)
    }

    /// ``canonicalValue`` as compact JSON text: the same effective configuration always
    /// gives the same bytes, whatever order or spelling (`zstd` vs `zstd:3`, omitted
    /// defaults) the file used. Hash this into the run manifest.
    public var canonicalJSON: String { canonicalValue.jsonText() }

    /// ``canonicalJSON`` without the given key paths (sections or leaves), e.g.
    /// `["run", "output.dir", "teacher.cache"]` for a manifest hash that survives moving
    /// the output directory or changing the number of workers.
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

    private static func sortingKeys(_ value: JSONValue) -> JSONValue {
        switch value {
        case .object(let pairs): return .object(pairs.map { ($0.0, sortingKeys($0.1)) }.sorted { $0.0 < $1.0 })
        case .array(let items): return .array(items.map(sortingKeys))
        default: return value
        }
    }
}
