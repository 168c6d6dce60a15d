import Foundation
import StepwiseConfig
import StepwisePipeline
import Testing

/// Every bad fixture is rejected with exactly the messages its `# expect:` lines give, in
/// that order (so all problems of a file are reported, not just the first).
@Suite struct BadFixtureTests {
    static let fixtures = TestPaths.yamlFiles(in: TestPaths.badFixtures) + TestPaths.yamlFiles(in: TestPaths.decoderOnlyBadFixtures)

    @Test func thereAreBadFixtures() {
        #expect(Self.fixtures.count >= 20)
    }

    @Test(arguments: fixtures.map { $0.deletingLastPathComponent().lastPathComponent + "/" + $0.lastPathComponent })
    func rejectedWithExpectedMessages(_ name: String) throws {
        let url = TestPaths.badFixtures.deletingLastPathComponent().appendingPathComponent(name)
        let expected = try TestPaths.expectations(of: url)
        #expect(!expected.isEmpty, "\(name) has no # expect: line")
        do {
            let config = try PipelineConfig.load(from: url)
            Issue.record("\(name) was accepted: \(config.canonicalJSON)")
        } catch {
            #expect(error.issues.map(\.detail) == expected)
            #expect(error.file == url.path)
            for issue in error.issues {
                #expect(issue.description.hasPrefix(url.path + (issue.keyPath == nil && issue.line != nil ? ":" : ": ")))
            }
        }
    }

    @Test func messagesNameTheFileAsGiven() throws {
        let relative = URL(fileURLWithPath: "Fixtures/bad/concurrency-word.yaml", relativeTo: TestPaths.testsDirectory)
        #expect(throws: ConfigError.self) { try PipelineConfig.load(from: relative) }
        do {
            _ = try PipelineConfig.load(from: relative)
        } catch {
            #expect(error.description
                == #"Fixtures/bad/concurrency-word.yaml: teacher.concurrency: expected a positive integer, got "four""#)
        }
    }

    @Test func pastedKeyIsNeverEchoed() throws {
        let url = TestPaths.badFixtures.appendingPathComponent("api-key-literal.yaml")
        do {
            _ = try PipelineConfig.load(from: url)
            Issue.record("accepted a literal key")
        } catch {
            #expect(!error.description.contains("Abc123"))
            #expect(!error.description.contains("sk-proj"))
        }
    }

    @Test func missingFileIsAnIssueNotACrash() {
        let url = TestPaths.badFixtures.appendingPathComponent("no-such-file.yaml")
        do {
            _ = try PipelineConfig.load(from: url)
            Issue.record("loaded a missing file")
        } catch {
            #expect(error.issues.count == 1)
            #expect(error.issues[0].message.hasPrefix("cannot read the file"))
        }
    }

    @Test func validateReportsOnlyTheBadFiles() {
        let good = TestPaths.goodFixtures.appendingPathComponent("issue-example.yaml")
        let bad1 = TestPaths.badFixtures.appendingPathComponent("key-typo.yaml")
        let bad2 = TestPaths.badFixtures.appendingPathComponent("compression.yaml")
        let errors = PipelineConfig.validate(urls: [bad1, good, bad2])
        #expect(errors.map(\.file) == [bad1.path, bad2.path])
        #expect(errors.map(\.issues.count) == [1, 3])
    }
}
