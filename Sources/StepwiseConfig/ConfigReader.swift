import Foundation
import StepwiseCore
import Yams

/// Walks a composed YAML tree, converting values and collecting every problem.
///
/// Internal: one instance per file, used from one thread. Getters return `nil` and record
/// an issue when a value has the wrong type or range, so decoding goes on past the first
/// mistake and the caller checks ``sortedIssues()`` at the end.
public final class ConfigReader {
    public let file: String
    public let baseDirectory: URL
    /// Every section's keys by dotted path (`teacher`, `dataset.sample`), for "did you mean
    /// teacher.recordings?" when a key is written at the wrong level.
    public let sectionKeys: [String: [String]]
    /// Keys that moved to another section, by old dotted path → new one
    /// (`tokenizer.input_prefix` → `student.label_prefix`), for "moved to …" messages.
    public let movedKeys: [String: String]
    private var issues: [(sequence: Int, line: Int, column: Int, issue: ConfigIssue)] = []

    public init(file: String, baseDirectory: URL, sectionKeys: [String: [String]] = [:], movedKeys: [String: String] = [:]) {
        self.file = file
        self.baseDirectory = baseDirectory
        self.sectionKeys = sectionKeys
        self.movedKeys = movedKeys
    }

    /// Records a problem at `mark` (the node it is about).
    public func report(_ keyPath: String?, _ message: String, at mark: Mark?) {
        let issue = ConfigIssue(
            file: file, keyPath: keyPath, line: mark?.line, column: mark?.column, message: message)
        issues.append((issues.count, mark?.line ?? Int.max, mark?.column ?? Int.max, issue))
    }

    /// The issues in file order; ties keep the order they were found in.
    public func sortedIssues() -> [ConfigIssue] {
        issues.sorted { ($0.line, $0.column, $0.sequence) < ($1.line, $1.column, $1.sequence) }.map(\.issue)
    }

    /// Parses `yaml` into a node tree; `nil` (with the problem reported) when it is not
    /// YAML or is empty.
    public func compose(_ yaml: String, emptyMessage: String) -> Node? {
        let root: Node?
        do {
            root = try Yams.compose(yaml: yaml)
        } catch let error as YamlError {
            reportSyntax(error)
            return nil
        } catch {
            report(nil, "cannot parse the YAML: \(error)", at: nil)
            return nil
        }
        guard let root else {
            report(nil, emptyMessage, at: nil)
            return nil
        }
        return root
    }

    private func reportSyntax(_ error: YamlError) {
        switch error {
        case let .scanner(context, problem, mark, _), let .parser(context, problem, mark, _),
            let .composer(context, problem, mark, _):
            var message = "YAML syntax error: \(problem)"
            if let context { message += " (\(context.text) at line \(context.mark.line), column \(context.mark.column))" }
            report(nil, message, at: mark)
        case let .reader(problem, _, _, _):
            report(nil, "YAML syntax error: \(problem)", at: nil)
        case let .duplicatedKeysInMapping(duplicates, context):
            let keys = duplicates.map { "\"\($0)\"" }.joined(separator: ", ")
            report(nil, "duplicate key \(keys) in one mapping; each key may appear once", at: context.mark)
        default:
            report(nil, "cannot parse the YAML: \(error)", at: nil)
        }
    }

    // MARK: - Paths

    /// `parent.key`, or `key` at the top level.
    public static func join(_ parent: String, _ key: String) -> String {
        parent.isEmpty ? key : "\(parent).\(key)"
    }

    // MARK: - Describing values

    /// How a value is quoted after "got": strings in double quotes (shortened), other
    /// scalars as written, collections by kind.
    public static func describe(_ node: Node) -> String {
        switch node {
        case .scalar(let scalar):
            switch ConfigReader.tagName(scalar) {
            case .str: return quote(scalar.string)
            case .null: return "null"
            default: return scalar.string
            }
        case .mapping: return "a mapping"
        case .sequence: return "a list"
        case .alias: return "an alias"
        }
    }

    /// A string in double quotes, JSON-escaped, shortened past 60 characters.
    public static func quote(_ text: String) -> String {
        let shown = text.count > 60 ? String(text.prefix(57)) + "..." : text
        var quoted = ""
        JSONValue.writeString(shown, to: &quoted)
        return quoted
    }

    // MARK: - Scalar conversions (no reporting)

    /// The scalar's resolved YAML tag: quoted scalars are strings, plain ones are
    /// resolved by YAML 1.1 rules (as PyYAML does), so `4` is an int and `"4"` a string.
    public static func tagName(_ scalar: Node.Scalar) -> Tag.Name {
        // `Node.tag` resolves an implicit tag; the scalar's own `tag` would not.
        Tag.Name(rawValue: Node.scalar(scalar).tag.rawValue)
    }

    public static func stringValue(_ node: Node) -> String? {
        guard case .scalar(let scalar) = node, ConfigReader.tagName(scalar) == .str else { return nil }
        return scalar.string
    }

    /// An integer, also written as a float with no fractional part (`4.0`), as JSON
    /// Schema's `integer` accepts it.
    public static func intValue(_ node: Node) -> Int? {
        guard case .scalar(let scalar) = node else { return nil }
        switch ConfigReader.tagName(scalar) {
        case .int: return Int.construct(from: scalar)
        case .float:
            guard let d = Double.construct(from: scalar), d.isFinite, d == d.rounded(), abs(d) < 9e15 else { return nil }
            return Int(d)
        default: return nil
        }
    }

    public static func doubleValue(_ node: Node) -> Double? {
        guard case .scalar(let scalar) = node else { return nil }
        switch ConfigReader.tagName(scalar) {
        case .int: return Int.construct(from: scalar).map(Double.init)
        case .float: return Double.construct(from: scalar).flatMap { $0.isFinite ? $0 : nil }
        default: return nil
        }
    }

    public static func boolValue(_ node: Node) -> Bool? {
        guard case .scalar(let scalar) = node, ConfigReader.tagName(scalar) == .bool else { return nil }
        return Bool.construct(from: scalar)
    }

    public static func isNull(_ node: Node) -> Bool {
        guard case .scalar(let scalar) = node else { return false }
        return ConfigReader.tagName(scalar) == .null
    }
}

extension ConfigReader {
    /// The node as JSON (mappings keep their key order); `nil` for what JSON cannot hold:
    /// a non-string key, a non-finite number, an alias or tag JSON has no form for.
    public static func jsonValue(_ node: Node) -> JSONValue? {
        switch node {
        case .scalar(let scalar):
            switch tagName(scalar) {
            case .null: return .null
            case .bool: return Bool.construct(from: scalar).map(JSONValue.bool)
            case .int: return Int.construct(from: scalar).map(JSONValue.int)
            case .float: return Double.construct(from: scalar).flatMap { $0.isFinite ? JSONValue.double($0) : nil }
            case .str: return .string(scalar.string)
            default: return nil
            }
        case .mapping(let mapping):
            var pairs: [(String, JSONValue)] = []
            for (key, value) in mapping {
                guard let name = stringValue(key), let converted = jsonValue(value) else { return nil }
                pairs.removeAll { $0.0 == name }
                pairs.append((name, converted))
            }
            return .object(pairs)
        case .sequence(let sequence):
            var items: [JSONValue] = []
            for item in sequence {
                guard let converted = jsonValue(item) else { return nil }
                items.append(converted)
            }
            return .array(items)
        case .alias:
            return nil
        }
    }
}
