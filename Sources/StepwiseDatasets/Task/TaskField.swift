import StepwiseConfig
import StepwiseCore
import Yams

/// One entry of `dataset.fields`: where a record's input, label, id or explanation comes
/// from.
///
/// - a field name (`answer`; dotted names reach nested objects and list items:
///   `meta.source`, `answers.text.0`),
/// - a template over the record's fields (`"{{question}}\n{{context}}"`), when it has `{{`,
/// - or a mapping `{field: answer, pattern: '####\s*(.+?)\s*$'}` / `{template: …, pattern:
///   …}`: the value, then the pattern's first group (or whole match) of it.
public struct TaskField: Sendable, Hashable {
    public enum Source: Sendable, Hashable {
        case field(String)
        case template(TextTemplate)
    }

    public var source: Source
    public var pattern: TextPattern?

    public init(source: Source, pattern: TextPattern? = nil) {
        self.source = source
        self.pattern = pattern
    }

    /// `field 'answer'` or `the template '{{a}} {{b}}'`, for messages.
    public var described: String {
        switch source {
        case .field(let name): return "field '\(name)'"
        case .template(let t): return "template '\(t.source)'"
        }
    }

    /// The top-level record fields it reads.
    public var recordFields: [String] {
        switch source {
        case .field(let name): return [String(name.split(separator: ".").first ?? "")]
        case .template(let t): return t.fields
        }
    }

    public var canonical: JSONValue {
        var pairs: [(String, JSONValue)] = []
        switch source {
        case .field(let name): pairs.append(("field", .string(name)))
        case .template(let t): pairs.append(("template", .string(t.source)))
        }
        pairs.append(("pattern", pattern.map { .string($0.source) } ?? .null))
        return .object(pairs)
    }

    /// Decodes the value of `fields.<key>`; `allowTemplate`/`allowPattern` false for
    /// `choices`, which names a list field.
    static func decode(
        _ node: Node, path: String, reader: ConfigReader, allowTemplate: Bool = true, allowPattern: Bool = true
    ) -> TaskField? {
        if let text = ConfigReader.stringValue(node) {
            return source(text, path: path, reader: reader, mark: node.mark, allowTemplate: allowTemplate).map {
                TaskField(source: $0)
            }
        }
        let keys = allowPattern ? ["field", "template", "pattern"] : ["field"]
        guard case .mapping = node else {
            reader.report(path, "expected a field name, a template or a mapping {field, pattern}, got \(ConfigReader.describe(node))", at: node.mark)
            return nil
        }
        guard let s = ConfigSection(node, path: path, reader: reader, known: allowTemplate ? keys : keys.filter { $0 != "template" }) else {
            return nil
        }
        let field = s.string("field")
        let template = s.string("template")
        var result: Source?
        switch (field, template) {
        case (let f?, nil): result = source(f, path: s.keyPath("field"), reader: reader, mark: s.node("field")?.mark, allowTemplate: false)
        case (nil, let t?): result = templateSource(t, path: s.keyPath("template"), reader: reader, mark: s.node("template")?.mark)
        case (.some, .some):
            s.reject("template", "give either field or template, not both")
            return nil
        case (nil, nil):
            if !s.has("field") && !s.has("template") { s.missing("field", expected: "the record field to read (or template)") }
            return nil
        }
        var pattern: TextPattern?
        if let text = s.string("pattern") {
            do { pattern = try TextPattern(text) } catch {
                s.problem("pattern", error.description)
                return nil
            }
        } else if s.has("pattern") {
            return nil
        }
        return result.map { TaskField(source: $0, pattern: pattern) }
    }

    private static func source(_ text: String, path: String, reader: ConfigReader, mark: Mark?, allowTemplate: Bool) -> Source? {
        if text.contains("{{") {
            guard allowTemplate else {
                reader.report(path, "expected the name of a list field, not a template", at: mark)
                return nil
            }
            return templateSource(text, path: path, reader: reader, mark: mark)
        }
        if let name = TextTemplate.singleBraceNames(in: text).first {
            reader.report(path, "writes '{\(name)}'; templates are Mustache: write '{{\(name)}}' (or the bare field name)", at: mark)
            return nil
        }
        guard !text.isEmpty, !text.contains(where: { $0.isWhitespace }), !text.hasPrefix("."), !text.hasSuffix("."), !text.contains("..") else {
            reader.report(path, "expected a field name (dotted for nested fields: meta.source) or a template with {{…}}, got \(ConfigReader.quote(text))", at: mark)
            return nil
        }
        return .field(text)
    }

    private static func templateSource(_ text: String, path: String, reader: ConfigReader, mark: Mark?) -> Source? {
        if let name = TextTemplate.singleBraceNames(in: text).first {
            reader.report(path, "writes '{\(name)}'; templates are Mustache: write '{{\(name)}}'", at: mark)
            return nil
        }
        do {
            let template = try TextTemplate(text)
            guard !template.variables.isEmpty else {
                reader.report(path, "the template \(ConfigReader.quote(text)) uses no field", at: mark)
                return nil
            }
            return .template(template)
        } catch {
            reader.report(path, error.description, at: mark)
            return nil
        }
    }
}
