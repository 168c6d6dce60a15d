import ArgumentParser
import Foundation
import StepwiseConfig
import StepwiseCore
import StepwisePipeline
import StepwiseTeacher

/// `stepwise plan PIPELINE.yaml`: what a run would cost, without sending anything.
struct PlanCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plan",
        abstract: "Dry run: records per split, prompts to send, cache hits, estimated tokens and cost.",
        discussion: """
            Loads the input and assembles the prompts exactly as `stepwise run` would, looks each
            prompt up in the completion cache, and sends nothing. After a first run, tokens are
            measured: prompt tokens at the tokens per byte the server counted for the cached
            prompts, completion tokens at the mean the server counted for the cached
            completions. Before one, prompt tokens are estimated at four UTF-8 bytes per token
            and completion tokens at teacher.max_tokens (an upper bound). With teacher.samples
            k, each prompt is asked k times. The cost needs teacher.price. Exit codes:
            0 success, 1 unreadable input, 2 invalid pipeline file.
            """)

    @OptionGroup var target: PipelineArguments

    @Flag(help: "Print JSON instead of a table.")
    var json = false

    func run() async throws {
        let config = try target.config()
        let options = target.runOptions()
        let plans = try await PromptSurvey(runner: PipelineRunner(config: config, options: options)).plan()
        let openai = config.teacher.backend(OpenAITeacherOptions.self)
        let price = openai?.price
        let samples = config.teacher.voting.samples
        var rows: [JSONValue] = []
        var totalCost = 0.0
        var lines = ["\(config.name): teacher \(config.teacher.kind)" + (openai.map { " (\($0.model))" } ?? "")]
        lines.append("  split        records  to teacher  cache hits  prompts to send  prompt tokens  completion tokens  cost")
        for p in plans {
            let perCompletion = p.cachedCompletionTokens > 0 ? p.cachedCompletionTokens : (openai?.maxTokens ?? 0)
            let completionTokens = p.promptsToSend * perCompletion * samples
            let promptTokens = p.promptTokens * samples
            let cost = price.map { $0.cost(promptTokens: promptTokens, completionTokens: completionTokens) }
            totalCost += cost ?? 0
            rows.append(.object([
                ("split", .string(p.split)), ("records", .int(p.records)), ("asked", .bool(p.asked)),
                ("cache_hits", .int(p.cacheHits)), ("prompts_to_send", .int(p.promptsToSend)),
                ("estimated_prompt_tokens", .int(promptTokens)), ("measured", .bool(p.measured)),
                ("estimated_completion_tokens", .int(completionTokens)),
                ("estimated_cost", cost.map(JSONValue.double) ?? .null),
            ]))
            let costText = cost.map { String(format: "$%.2f", $0) } ?? "-"
            lines.append(
                "  " + [p.split.padding(toLength: 10, withPad: " ", startingAt: 0),
                        String(p.records).leftPad(9), (p.asked ? "yes" : "no").leftPad(11),
                        String(p.cacheHits).leftPad(11), String(p.promptsToSend).leftPad(16),
                        String(promptTokens).leftPad(14), String(completionTokens).leftPad(18),
                        costText.leftPad(5)].joined(separator: " "))
        }
        if price == nil, openai != nil { lines.append("  (set teacher.price for a cost estimate)") }
        if openai != nil {
            lines.append(
                plans.contains(where: \.measured)
                    ? "  tokens per prompt and per completion as the server counted them for the cached answers"
                    : "  tokens estimated at 4 bytes each, completions at max_tokens (no counts from a server yet)")
        }
        if price != nil { lines.append(String(format: "  total estimated cost: $%.2f", totalCost)) }
        if json {
            print(JSONValue.object([("pipeline", .string(config.name)), ("splits", .array(rows)),
                                    ("estimated_cost", price == nil ? .null : .double(totalCost))]).jsonText())
        } else {
            print(lines.joined(separator: "\n"))
        }
    }
}

extension String {
    /// The string right-aligned in `width` columns.
    func leftPad(_ width: Int) -> String {
        count >= width ? self : String(repeating: " ", count: width - count) + self
    }
}
