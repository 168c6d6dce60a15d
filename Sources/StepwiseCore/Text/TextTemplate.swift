import Mustache

/// A Mustache template over a record's fields (`{{question}}`, `{{meta.source}}`,
/// `{{#choices}}…{{/choices}}`), parsed once and rendered many times: the one template
/// syntax of pipeline files (`dataset.fields`) and exemplar files (`question`, `answer`).
///
/// Rendered as plain text (nothing is HTML-escaped). Missing values render empty, as in
/// Mustache; callers that must not lose a field check ``fields`` against the record first.
/// Partials, lambdas and delimiter changes are not used.
public struct TextTemplate: Sendable, Hashable, CustomStringConvertible {
    /// The template as written.
    public let source: String
    private let template: MustacheTemplate
    /// The names the template looks up, dotted (`meta.source`), in order of first use;
    /// inside a section a name may be the section item's (`{{#choices}}{{text}}{{/choices}}`
    /// lists `choices.text`). Names inside inverted sections are not listed.
    public let variables: [String]

    /// Parses `source`; throws ``TextTemplateError`` naming the line and column of a
    /// malformed tag.
    public init(_ source: String) throws(TextTemplateError) {
        self.source = source
        do {
            // Text, not HTML: the pragma turns the escaping off for the whole template.
            template = try MustacheTemplate(string: "{{% CONTENT_TYPE: TEXT}}" + source)
        } catch let error as MustacheTemplate.ParserError {
            let column = error.context.lineNumber == 1 ? error.context.columnNumber - 24 : error.context.columnNumber
            throw TextTemplateError(
                template: source, message: "line \(error.context.lineNumber), column \(max(1, column)): \(Self.explain(error.error))")
        } catch {
            throw TextTemplateError(template: source, message: "\(error)")
        }
        let probe = TemplateProbe()
        _ = template.render(probe.root)
        variables = probe.names
    }

    /// What a parser error means, in words.
    private static func explain(_ error: Error) -> String {
        switch error as? MustacheTemplate.Error {
        case .sectionCloseNameIncorrect?: return "the closing tag {{/…}} names another section than the one open"
        case .unfinishedName?: return "a tag is not closed with }} (or its name is malformed)"
        case .expectedSectionEnd?: return "a section {{#…}} or {{^…}} is never closed with {{/…}}"
        case .invalidSetDelimiter?: return "a delimiter change {{=…=}} is malformed (and not used in Stepwise templates)"
        case .invalidConfigVariableSyntax?, .unrecognisedConfigVariable?: return "a {{%…}} pragma is not supported"
        default: return "\(error)"
        }
    }

    /// The top-level names the template needs (`question` for `{{question}}` and for
    /// `{{#question}}…`).
    public var fields: [String] {
        var out: [String] = []
        for name in variables {
            let first = String(name.split(separator: ".").first ?? "")
            if !out.contains(first) { out.append(first) }
        }
        return out
    }

    /// The text for a record whose fields are `values` (a JSON object).
    public func render(_ values: JSONValue) -> String {
        template.render(TemplateScope(values))
    }

    /// The text for plain string variables.
    public func render(_ values: [String: String]) -> String {
        render(.object(values.sorted { $0.key < $1.key }.map { ($0.key, .string($0.value)) }))
    }

    /// Whether `source` uses the single-brace placeholders of other template languages
    /// (`{name}`), which Mustache leaves as text: the names written that way.
    public static func singleBraceNames(in source: String) -> [String] {
        var out: [String] = []
        let bytes = Array(source.utf8)
        var i = 0
        while i < bytes.count {
            if bytes[i] == UInt8(ascii: "{"), !(i > 0 && bytes[i - 1] == UInt8(ascii: "{")),
                i + 1 < bytes.count, bytes[i + 1] != UInt8(ascii: "{"),
                let close = bytes[(i + 1)...].firstIndex(of: UInt8(ascii: "}")), close > i + 1,
                !(close + 1 < bytes.count && bytes[close + 1] == UInt8(ascii: "}"))
            {
                let name = bytes[(i + 1)..<close]
                if name.allSatisfy({ $0 == UInt8(ascii: "_") || ($0 >= 0x30 && $0 <= 0x39) || ($0 | 0x20 >= 0x61 && $0 | 0x20 <= 0x7A) }),
                    let first = name.first, !(first >= 0x30 && first <= 0x39)
                {
                    out.append(String(decoding: name, as: UTF8.self))
                }
                i = close
            }
            i += 1
        }
        return out
    }

    public static func == (a: TextTemplate, b: TextTemplate) -> Bool { a.source == b.source }
    public func hash(into hasher: inout Hasher) { hasher.combine(source) }
    public var description: String { source }
}

/// A template that does not parse.
public struct TextTemplateError: Error, Sendable, CustomStringConvertible {
    public var template: String
    public var message: String
    public var description: String { "template \(template.debugDescription): \(message)" }
}

/// A JSON value as Mustache sees it: objects look up their keys, arrays are sections,
/// strings and numbers render as text, `null` is missing.
struct TemplateScope: MustacheParent, MustacheCustomRenderable {
    let value: JSONValue

    init(_ value: JSONValue) { self.value = value }

    func child(named name: String) -> Any? {
        value[name].flatMap(Self.mustacheValue)
    }

    static func mustacheValue(_ value: JSONValue) -> Any? {
        switch value {
        case .null: return nil
        case .bool(let b): return b
        case .int(let i): return i
        case .double(let d): return d == d.rounded() && abs(d) < 1e15 ? String(Int(d)) + ".0" : String(d)
        case .string(let s): return s
        case .array(let items): return TemplateList(items: items.map(TemplateScope.init))
        case .object: return TemplateScope(value)
        }
    }

    var renderText: String {
        switch value {
        case .string(let s): return s
        case .int(let i): return String(i)
        case .bool(let b): return b ? "true" : "false"
        case .null: return ""
        default: return value.jsonText()
        }
    }

    var isNull: Bool { value.isNull }
}

/// A JSON array as Mustache sees it: a section iterates it, and a number names an item
/// (`{{tags.0}}`).
struct TemplateList: MustacheSequence, MustacheParent {
    let items: [TemplateScope]

    func makeIterator() -> IndexingIterator<[TemplateScope]> { items.makeIterator() }

    func child(named name: String) -> Any? {
        guard let i = Int(name), items.indices.contains(i) else { return nil }
        return items[i]
    }
}

/// Renders a template once against a context that answers every name, to learn the names.
private final class TemplateProbe: @unchecked Sendable {
    var names: [String] = []
    var root: ProbeScope { ProbeScope(path: "", probe: self) }

    func record(_ name: String) {
        if !names.contains(name) { names.append(name) }
    }
}

private struct ProbeScope: MustacheParent, MustacheCustomRenderable {
    let path: String
    let probe: TemplateProbe

    func child(named name: String) -> Any? {
        let full = path.isEmpty ? name : path + "." + name
        probe.record(full)
        return ProbeScope(path: full, probe: probe)
    }

    var renderText: String { "" }
    var isNull: Bool { false }
}
