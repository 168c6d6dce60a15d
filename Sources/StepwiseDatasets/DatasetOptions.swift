import Foundation
import StepwiseConfig
import StepwiseCore
import StepwiseLoaders
import StepwiseRationales
import Yams

/// `dataset:` — which dataset, from where, which splits, and how it is loaded.
public struct DatasetOptions: PipelineSection {
    /// `dataset.name` with the dataset's own settings (`dataset.format`, `round` …).
    public var descriptor: any DatasetDescriptor
    /// `dataset.splits`, in the order given (default: every split the dataset has).
    public var splits: [String]
    /// `dataset.sample`, `dataset.on_bad_record`, `dataset.limit`.
    public var load: LoadOptions
    /// `dataset.augment`: other datasets whose records join the train split (the paper's
    /// SVAMP + ASDiv); empty when none.
    public var augment: [AugmentSource]

    public init(
        descriptor: any DatasetDescriptor, splits: [String]? = nil, load: LoadOptions = LoadOptions(),
        augment: [AugmentSource] = []
    ) {
        self.descriptor = descriptor
        self.splits = splits ?? descriptor.splits
        self.load = load
        self.augment = augment
    }

    public var name: String { descriptor.name }
    /// `dataset.source`: a file, directory or archive.
    public var source: ConfigPath { descriptor.source }

    public static let commonKeys = ["name", "source", "splits"] + LoadOptions.keys + ["augment"]
    /// Every key of `dataset:`: the common ones, then each built-in dataset's, then a task's.
    public static var keys: [String] {
        var out = commonKeys
        for kind in DatasetKinds.builtins { out += kind.keys.filter { !out.contains($0) } }
        out += TaskDataset.keys
        let order = [
            "name", "format", "source", "files", "splits", "fields", "labels", "sample", "round", "explanations",
            "on_bad_record", "limit", "augment",
        ]
        return out.sorted { (order.firstIndex(of: $0) ?? order.count) < (order.firstIndex(of: $1) ?? order.count) }
    }
    public static let augmentKeys = ["name", "format", "source", "splits"]

    /// Decodes `dataset:`: a built-in dataset by its name, any other name as a
    /// ``TaskDataset`` described by `fields` and `labels`.
    public static func decode(_ s: ConfigSection) -> DatasetOptions? {
        var ok = true
        let nameText = s.string("name")
        if !s.has("name") {
            s.missing("name", expected: "one of the built-in datasets (\(DatasetKinds.builtinNames.joined(separator: ", "))) or your task's name")
        }
        if let nameText, !nameText.utf8.allSatisfy({ $0.isNameByte }) {
            s.problem("name", "expected a name (letters, digits, _, - or .), got \(ConfigReader.quote(nameText))")
            ok = false
        }
        let kind = nameText.flatMap { DatasetKinds.builtin(named: $0) }
        let source = s.path("source")
        if !s.has("source") { s.missing("source", expected: "a path to a file, directory or archive") }

        var splits: [String]?
        if s.has("splits"), let kind {
            splits = s.distinctNames("splits", among: kind.splits) { wrong in
                "\(kind.name) has no \(wrong) split (it has \(kind.splits.joined(separator: ", ")))"
            }
            if splits == nil { ok = false }
        }
        let load = LoadOptions.decode(s)
        if load == nil { ok = false }

        var descriptor: (any DatasetDescriptor)?
        if let kind {
            for other in DatasetKinds.builtins where other.name != kind.name {
                for key in other.keys where s.has(key) && !kind.keys.contains(key) {
                    s.reject(key, "only used with dataset \(other.name), not \(kind.name)")
                    ok = false
                }
            }
            for key in TaskDataset.keys where s.has(key) {
                s.reject(key, "describes a task of your own; \(kind.name) is built in (name your task otherwise to describe it)")
                ok = false
            }
            descriptor = source.flatMap { kind.decode(s, source: $0) }
            if source != nil, descriptor == nil { ok = false }
        } else if let nameText, nameText.utf8.allSatisfy({ $0.isNameByte }) {
            for other in DatasetKinds.builtins {
                for key in other.keys where s.has(key) && key != "format" {
                    s.reject(key, "only used with dataset \(other.name)")
                    ok = false
                }
            }
            let task = TaskDataset.decode(s, name: nameText, source: source)
            if task == nil { ok = false }
            descriptor = task
            splits = task?.splits
        }

        var augment: [AugmentSource] = []
        if s.has("augment") {
            if let items = s.list("augment", expected: "a list of sources ({name, format, source, splits})", item: { node, path in
                decodeAugment(node, path: path, main: descriptor, reader: s.reader)
            }) {
                augment = items
                if let splits, !splits.contains("train"), !items.isEmpty {
                    s.problem("augment", "adds records to the train split, but dataset.splits has no train")
                    ok = false
                }
            } else {
                ok = false
            }
        }
        guard ok, let descriptor, let load else { return nil }
        return DatasetOptions(descriptor: descriptor, splits: splits, load: load, augment: augment)
    }

    private static func decodeAugment(
        _ node: Yams.Node, path: String, main: (any DatasetDescriptor)?, reader: ConfigReader
    ) -> AugmentSource? {
        guard let s = ConfigSection(node, path: path, reader: reader, known: augmentKeys) else { return nil }
        let names = DatasetKinds.builtinNames
        let nameText = s.string("name")
        var kind: (any BuiltinDataset.Type)?
        if let nameText {
            kind = DatasetKinds.builtin(named: nameText)
            if kind == nil { s.problem("name", "expected one of \(names.joined(separator: ", ")), got \(ConfigReader.quote(nameText))") }
        } else if !s.has("name") {
            s.missing("name", expected: "one of \(names.joined(separator: ", "))")
        }
        let source = s.path("source")
        if !s.has("source") { s.missing("source", expected: "a path to a file, directory or archive") }
        var splits = ["train"]
        var ok = true
        if s.has("splits") {
            if let chosen = s.distinctNames("splits", among: kind?.splits, unknown: { wrong in
                "\(nameText ?? "") has no \(wrong) split (it has \(kind?.splits.joined(separator: ", ") ?? ""))"
            }) { splits = chosen } else { ok = false }
        }
        guard let kind, let source, let descriptor = kind.decode(s, source: source) else { return nil }
        if let main, descriptor.labels != main.labels {
            s.problem("name", "\(kind.name) has \(descriptor.labels.kind.rawValue) labels and cannot augment \(main.name), which has \(main.labels.kind.rawValue) labels")
            ok = false
        }
        guard ok else { return nil }
        return AugmentSource(descriptor: descriptor, splits: splits)
    }

    public var canonical: JSONValue {
        .object(
            [("name", .string(name)), ("source", .string(source.path)), ("splits", .array(splits.map(JSONValue.string)))]
                + descriptor.canonicalFields + load.canonicalFields
                + [("augment", .array(augment.map(\.canonical)))])
    }

    /// Every file or directory the dataset reads, with the key that names it.
    public var inputPaths: [(keyPath: String, path: ConfigPath)] {
        var out: [(String, ConfigPath)] = [("dataset.source", source)] + descriptor.inputPaths
        for (index, extra) in augment.enumerated() { out.append(("dataset.augment[\(index)].source", extra.source)) }
        return out
    }

    /// The loaders feeding `split`: the dataset itself, then any `augment` sources that have it.
    public func loaders(split: String, rank: Int, worldSize: Int, batchSize: Int) throws -> [DatasetLoader] {
        func loader(_ d: any DatasetDescriptor, _ split: String) throws -> DatasetLoader {
            try DatasetLoader(
                options: LoaderOptions(dataset: d.name, load: load, rank: rank, worldSize: worldSize, batchSize: batchSize),
                split: split, readerSettings: .object([("source", .string(d.source.path))] + d.canonicalFields),
                makeReader: { try d.reader(split: split) })
        }
        var list = [try loader(descriptor, split)]
        if split == "train" {
            for extra in augment {
                for extraSplit in extra.splits { list.append(try loader(extra.descriptor, extraSplit)) }
            }
        }
        return list
    }

    /// Decodes a `dataset:` mapping given as YAML text (tools that read one dataset alone).
    public static func decode(yaml: String, file: String, baseDirectory: URL) throws(ConfigError) -> DatasetOptions {
        let reader = ConfigReader(file: file, baseDirectory: baseDirectory.standardizedFileURL)
        var options: DatasetOptions?
        if let root = reader.compose(yaml, emptyMessage: "empty dataset description"),
            let section = ConfigSection(root, path: "dataset", reader: reader, known: keys)
        {
            options = decode(section)
        }
        let issues = reader.sortedIssues()
        if let options, issues.isEmpty { return options }
        throw ConfigError(file: file, issues: issues)
    }

    public static func == (a: DatasetOptions, b: DatasetOptions) -> Bool { a.canonical == b.canonical }
    public func hash(into hasher: inout Hasher) { hasher.combine(canonical) }
}

/// One item of `dataset.augment`: another dataset whose records are added to train.
public struct AugmentSource: Sendable {
    public var descriptor: any DatasetDescriptor
    public var source: ConfigPath { descriptor.source }
    /// Which of its splits are added to train (default `[train]`).
    public var splits: [String]

    public var canonical: JSONValue {
        .object(
            [("name", .string(descriptor.name)), ("source", .string(source.path))] + descriptor.canonicalFields
                + [("splits", .array(splits.map(JSONValue.string)))])
    }
}
