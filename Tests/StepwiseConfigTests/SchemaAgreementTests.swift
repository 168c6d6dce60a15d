import Foundation
import StepwiseConfig
import StepwisePipeline
import Testing

/// `Schemas/pipeline.schema.json` and the Swift decoder agree: every pipeline in
/// `Pipelines/` (top level only; `Pipelines/prompts/` holds exemplar files) and every
/// good fixture is accepted by both; every bad fixture is rejected by both.
///
/// The decoder half always runs. The schema half needs Python with `jsonschema` and
/// PyYAML (see ``SchemaChecker``); without them it is skipped, and the reason printed.
@Suite struct SchemaAgreementTests {
    static let accepted = TestPaths.yamlFiles(in: TestPaths.pipelines) + TestPaths.yamlFiles(in: TestPaths.goodFixtures)
    static let rejected = TestPaths.yamlFiles(in: TestPaths.badFixtures)
    static let schemaAvailable: Bool = {
        let checker = SchemaChecker.shared
        if !checker.available { print("SchemaAgreementTests: \(checker.unavailableReason)") }
        return checker.available
    }()

    @Test func decoderAcceptsPipelinesAndGoodFixtures() {
        #expect(!Self.accepted.isEmpty)
        for url in Self.accepted {
            do {
                _ = try PipelineConfig.load(from: url)
            } catch {
                Issue.record("decoder rejected \(url.path):\n\(error)")
            }
        }
    }

    @Test func decoderRejectsBadFixtures() {
        for url in Self.rejected {
            #expect(throws: ConfigError.self, "decoder accepted \(url.lastPathComponent)") {
                try PipelineConfig.load(from: url)
            }
        }
    }

    @Test(.enabled(if: schemaAvailable, "needs Python with jsonschema and PyYAML"))
    func schemaAcceptsPipelinesAndGoodFixtures() throws {
        let verdicts = try SchemaChecker.shared.check(Self.accepted)
        #expect(verdicts.count == Self.accepted.count)
        for verdict in verdicts where !verdict.valid {
            Issue.record("schema rejected \(verdict.file):\n\(verdict.errors.joined(separator: "\n"))")
        }
    }

    @Test(.enabled(if: schemaAvailable, "needs Python with jsonschema and PyYAML"))
    func schemaRejectsBadFixtures() throws {
        let verdicts = try SchemaChecker.shared.check(Self.rejected)
        #expect(verdicts.count == Self.rejected.count)
        for verdict in verdicts where verdict.valid {
            Issue.record("schema accepted bad fixture \(verdict.file)")
        }
    }

    /// The schema lists exactly the keys the decoder knows, section by section, so a key
    /// added to one side only is caught even before a fixture uses it.
    @Test func schemaAndDecoderKnowTheSameKeys() throws {
        let data = try Data(contentsOf: TestPaths.schema)
        let schema = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let defs = try #require(schema["$defs"] as? [String: Any])
        func keys(_ object: Any?) -> Set<String> {
            Set(((object as? [String: Any])?["properties"] as? [String: Any])?.keys.map { $0 } ?? [])
        }
        #expect(schema["additionalProperties"] as? Bool == false)
        #expect(keys(schema) == Set(PipelineConfig.topLevelKeys))
        let expected: [String: Set<String>] = [
            "dataset": Set(PipelineConfig.sectionKeys["dataset"] ?? []),
            "prompt": Set(PipelineConfig.sectionKeys["prompt"] ?? []),
            "teacher": Set(PipelineConfig.sectionKeys["teacher"] ?? []),
            "parse": Set(PipelineConfig.sectionKeys["parse"] ?? []),
            "tokenizer": Set(PipelineConfig.sectionKeys["tokenizer"] ?? []),
            "student": Set(PipelineConfig.sectionKeys["student"] ?? []),
            "output": Set(PipelineConfig.sectionKeys["output"] ?? []),
            "run": Set(PipelineConfig.sectionKeys["run"] ?? []),
        ]
        for (section, known) in expected {
            #expect(!known.isEmpty)
            #expect(keys(defs[section]) == known, "schema section \(section)")
            let def = defs[section] as? [String: Any]
            #expect(def?["additionalProperties"] as? Bool == false, "\(section) allows unknown keys")
        }
        #expect(undocumentedKeys(in: schema, defs: defs, path: "") == [])
    }

    /// Key paths of properties (anywhere in the schema) that have no description, either
    /// their own or that of the definition they refer to.
    private func undocumentedKeys(in object: Any, defs: [String: Any], path: String) -> [String] {
        var out: [String] = []
        if let dictionary = object as? [String: Any] {
            if let properties = dictionary["properties"] as? [String: Any] {
                for (key, value) in properties {
                    guard let property = value as? [String: Any] else { continue }  // `false`: forbidden key
                    var description = property["description"] as? String
                    if description == nil, let ref = property["$ref"] as? String {
                        let name = String(ref.split(separator: "/").last ?? "")
                        description = (defs[name] as? [String: Any])?["description"] as? String
                    }
                    if description?.isEmpty ?? true { out.append(path + "." + key) }
                }
            }
            // Declarations only: conditions (allOf/if/then/else) restate declared keys.
            for (key, value) in dictionary where ["properties", "$defs", "items"].contains(key) {
                if key == "items" {
                    out += undocumentedKeys(in: value, defs: defs, path: path + "[]")
                } else if let members = value as? [String: Any] {
                    for (name, member) in members {
                        out += undocumentedKeys(in: member, defs: defs, path: path + "." + name)
                    }
                }
            }
        }
        return out
    }
}
