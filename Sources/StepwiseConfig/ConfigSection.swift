import Foundation
import Yams

/// One mapping of a pipeline file (`teacher:`, `dataset.sample:` …) being decoded.
///
/// Internal. Unknown keys are reported when the section is opened, with a did-you-mean
/// among the section's known keys; typed getters convert values and report problems as
/// `expected …, got …` at the value's position.
public struct ConfigSection {
    public let reader: ConfigReader
    /// The dotted path of this mapping (empty at the top level).
    public let path: String
    /// Where the mapping starts; missing keys are reported here.
    public let mark: Mark?
    private var values: [String: Node] = [:]
    private var keyMarks: [String: Mark] = [:]

    /// Opens `node` as a mapping whose keys must be among `known`. Reports and returns
    /// `nil` when it is not a mapping; a null value (`parse:` with nothing after it)
    /// opens as an empty section when `nullIsEmpty`.
    public init?(_ node: Node, path: String, reader: ConfigReader, known: [String], nullIsEmpty: Bool = false) {
        self.reader = reader
        self.path = path
        self.mark = node.mark
        if nullIsEmpty, ConfigReader.isNull(node) { return }
        guard case .mapping(let mapping) = node else {
            reader.report(path.isEmpty ? nil : path,
                          "expected a mapping of keys (\(known.joined(separator: ", "))), got \(ConfigReader.describe(node))",
                          at: node.mark)
            return nil
        }
        for (keyNode, value) in mapping {
            guard let key = ConfigReader.stringValue(keyNode) ?? Self.plainKey(keyNode) else {
                reader.report(path.isEmpty ? nil : path,
                              "keys must be names, got \(ConfigReader.describe(keyNode))", at: keyNode.mark)
                continue
            }
            let keyPath = ConfigReader.join(path, key)
            guard known.contains(key) else {
                var message = "unknown key"
                if let moved = reader.movedKeys[keyPath] {
                    message = "this key moved: write \(moved)"
                } else if let suggestion = Suggestion.closest(to: key, among: known) {
                    message += " (did you mean \(suggestion)?)"
                } else if let home = Self.sectionOwning(key, except: path, reader: reader) {
                    message += " here (did you mean \(home).\(key)?)"
                } else {
                    message += "; \(path.isEmpty ? "a pipeline file" : path) has \(known.joined(separator: ", "))"
                }
                reader.report(keyPath, message, at: keyNode.mark)
                continue
            }
            values[key] = value
            if let mark = keyNode.mark { keyMarks[key] = mark }
        }
    }

    /// The section (other than `path`) that has a key named exactly `key`, for keys
    /// written at the wrong level (`recordings:` at the top instead of under `teacher:`).
    private static func sectionOwning(_ key: String, except path: String, reader: ConfigReader) -> String? {
        reader.sectionKeys
            .filter { $0.key != path && !$0.key.hasSuffix("[]") && $0.value.contains(key) }
            .map(\.key).sorted().first
    }

    /// A key written as a bare number or boolean (`1: x`) still names a key in messages.
    private static func plainKey(_ node: Node) -> String? {
        if case .scalar(let scalar) = node, ConfigReader.tagName(scalar) != .null { return scalar.string }
        return nil
    }

    public func keyPath(_ key: String) -> String { ConfigReader.join(path, key) }

    /// Whether the key is present.
    public func has(_ key: String) -> Bool { values[key] != nil }

    /// The raw value of a key.
    public func node(_ key: String) -> Node? { values[key] }

    /// Reports `key` as present where it does not belong (`only used with kind replay`).
    public func reject(_ key: String, _ reason: String) {
        guard values[key] != nil else { return }
        reader.report(keyPath(key), reason, at: keyMarks[key] ?? mark)
    }

    /// Reports a required key that is absent; `expected` says what it should hold.
    public func missing(_ key: String, expected: String, condition: String? = nil) {
        let prefix = condition.map { "required \($0)" } ?? "required key is missing"
        reader.report(keyPath(key), "\(prefix); expected \(expected)", at: mark)
    }

    /// Reports a value problem at the value.
    public func problem(_ key: String, _ message: String) {
        reader.report(keyPath(key), message, at: values[key]?.mark ?? keyMarks[key] ?? mark)
    }

    private func mismatch(_ key: String, _ node: Node, _ expected: String) {
        reader.report(keyPath(key), "expected \(expected), got \(ConfigReader.describe(node))", at: node.mark ?? mark)
    }

    // MARK: - Typed getters: nil when absent or wrong (wrong is reported)

    /// A nested mapping.
    public func section(_ key: String, known: [String], nullIsEmpty: Bool = false) -> ConfigSection? {
        guard let node = values[key] else { return nil }
        return ConfigSection(node, path: keyPath(key), reader: reader, known: known, nullIsEmpty: nullIsEmpty)
    }

    public func string(_ key: String, nonEmpty: Bool = true, expected: String = "a string") -> String? {
        guard let node = values[key] else { return nil }
        guard let value = ConfigReader.stringValue(node), !nonEmpty || !value.isEmpty else {
            mismatch(key, node, nonEmpty ? "a non-empty string" : expected)
            return nil
        }
        return value
    }

    /// An integer in `range`; `expected` describes the range for messages.
    public func int(_ key: String, in range: ClosedRange<Int>, expected: String) -> Int? {
        guard let node = values[key] else { return nil }
        guard let value = ConfigReader.intValue(node), range.contains(value) else {
            mismatch(key, node, expected)
            return nil
        }
        return value
    }

    public func positiveInt(_ key: String) -> Int? {
        int(key, in: 1...Int.max, expected: "a positive integer")
    }

    public func nonNegativeInt(_ key: String) -> Int? {
        int(key, in: 0...Int.max, expected: "a non-negative integer")
    }

    /// A number accepted by `accept`; `expected` describes it for messages.
    public func number(_ key: String, expected: String, accept: (Double) -> Bool) -> Double? {
        guard let node = values[key] else { return nil }
        guard let value = ConfigReader.doubleValue(node), accept(value) else {
            mismatch(key, node, expected)
            return nil
        }
        return value
    }

    public func bool(_ key: String) -> Bool? {
        guard let node = values[key] else { return nil }
        guard let value = ConfigReader.boolValue(node) else {
            mismatch(key, node, "true or false")
            return nil
        }
        return value
    }

    /// One of an enumeration's spellings, with a did-you-mean for near misses.
    public func choice<E: RawRepresentable & CaseIterable>(_ key: String, _ type: E.Type) -> E? where E.RawValue == String {
        guard let node = values[key] else { return nil }
        return Self.choice(node, E.self, path: keyPath(key), reader: reader, fallbackMark: mark)
    }

    public static func choice<E: RawRepresentable & CaseIterable>(
        _ node: Node, _ type: E.Type, path: String, reader: ConfigReader, fallbackMark: Mark?
    ) -> E? where E.RawValue == String {
        let names = E.allCases.map(\.rawValue)
        if let text = ConfigReader.stringValue(node), let value = E(rawValue: text) { return value }
        var message = "expected one of \(names.joined(separator: ", ")), got \(ConfigReader.describe(node))"
        if case .scalar(let scalar) = node, let suggestion = Suggestion.closest(to: scalar.string, among: names) {
            message += " (did you mean \(suggestion)?)"
        }
        reader.report(path, message, at: node.mark ?? fallbackMark)
        return nil
    }

    /// A path, resolved against the pipeline file's directory.
    public func path(_ key: String) -> ConfigPath? {
        guard let node = values[key] else { return nil }
        guard let text = ConfigReader.stringValue(node), !text.isEmpty else {
            mismatch(key, node, "a path (a non-empty string)")
            return nil
        }
        return ConfigPath(text, relativeTo: reader.baseDirectory)
    }

    /// A list; each item is converted by `item` (which reports its own problems with
    /// the item's path `key[i]`). `nil` when not a list or any item failed.
    public func list<T>(_ key: String, expected: String, minCount: Int = 0,
                 item: (Node, String) -> T?) -> [T]? {
        guard let node = values[key] else { return nil }
        guard case .sequence(let sequence) = node else {
            mismatch(key, node, expected)
            return nil
        }
        if sequence.count < minCount {
            mismatch(key, node, "\(expected) with at least \(minCount) item\(minCount == 1 ? "" : "s")")
            return nil
        }
        var out: [T] = []
        var failed = false
        for (index, element) in sequence.enumerated() {
            if let value = item(element, "\(keyPath(key))[\(index)]") { out.append(value) } else { failed = true }
        }
        return failed ? nil : out
    }

    /// A list of distinct enumeration values.
    public func distinctChoices<E: RawRepresentable & CaseIterable & Hashable>(
        _ key: String, _ type: E.Type, minCount: Int
    ) -> [E]? where E.RawValue == String {
        let names = E.allCases.map(\.rawValue).joined(separator: ", ")
        guard let values = list(key, expected: "a list of \(names)", minCount: minCount, item: { node, path in
            Self.choice(node, E.self, path: path, reader: reader, fallbackMark: mark)
        }) else { return nil }
        var seen = Set<E>()
        for value in values where !seen.insert(value).inserted {
            problem(key, "\(value.rawValue) is listed twice; each may appear once")
            return nil
        }
        return values
    }
}

extension ConfigSection {
    /// Whether every key of `values` that the section has decoded to a value: a key that is
    /// present but `nil` was wrong (and is reported already).
    public func allPresentDecoded(_ values: [String: Any?]) -> Bool {
        values.allSatisfy { key, value in !has(key) || value != nil }
    }
}

extension ConfigSection {
    /// A list of distinct names (split names and the like): each a non-empty string of
    /// letters, digits, `_`, `-` and `.`, and one of `among` when that is given; `unknown`
    /// words the problem with a name that is not (reported at the key).
    public func distinctNames(
        _ key: String, among allowed: [String]?, minCount: Int = 1, unknown: ((String) -> String)? = nil
    ) -> [String]? {
        let expected = allowed.map { "a list of \($0.joined(separator: ", "))" } ?? "a list of names"
        guard let names = list(key, expected: expected, minCount: minCount, item: { node, path -> String? in
            guard let text = ConfigReader.stringValue(node), !text.isEmpty,
                text.utf8.allSatisfy({ $0.isNameByte })
            else {
                reader.report(path, "expected a name (letters, digits, _, - or .), got \(ConfigReader.describe(node))", at: node.mark)
                return nil
            }
            if let allowed, !allowed.contains(text) {
                if let unknown {
                    problem(key, unknown(text))
                    return nil
                }
                var message = "expected one of \(allowed.joined(separator: ", ")), got \(ConfigReader.quote(text))"
                if let suggestion = Suggestion.closest(to: text, among: allowed) { message += " (did you mean \(suggestion)?)" }
                reader.report(path, message, at: node.mark)
                return nil
            }
            return text
        }) else { return nil }
        var seen = Set<String>()
        for name in names where !seen.insert(name).inserted {
            problem(key, "\(name) is listed twice; each may appear once")
            return nil
        }
        return names
    }
}

extension UInt8 {
    /// Letters, digits, `_`, `-`, `.`: what a split or dataset name may hold.
    public var isNameByte: Bool {
        (self >= 0x30 && self <= 0x39) || (self | 0x20 >= 0x61 && self | 0x20 <= 0x7A) || self == 0x5F || self == 0x2D
            || self == 0x2E
    }
}
