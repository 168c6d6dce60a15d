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
            prompt up in the completion cache, and sends nothing. Prompt tokens are estimated at
            four UTF-8 bytes per token; completion tokens at the mean length of the completions
            already cached, else at teacher.max_tokens (an upper bound). The cost needs
            teacher.price_per_million_tokens. Exit codes: 0 success, 1 unreadable input,
            2 invalid pipeline file.
            """)

    @OptionGroup var target: PipelineArguments

    @Flag(help: "Print JSON instead of a table.")
    var json = false

    func run() async throws {
        let config = try target.config()
        let options = target.runOptions()
        let plans = try await PromptSurvey(runner: PipelineRunner(config: config, options: options)).plan()
        let openai = config.teacher.backend(OpenAITeacherOptions.self)
        let price = openai?.pricePerMillionTokens
        var rows: [JSONValue] = []
        var totalCost = 0.0
        var lines = ["\(config.name): teacher \(config.teacher.kind)" + (openai.map { " (\($0.model))" } ?? "")]
        lines.append("  split        records  to teacher  cache hits  prompts to send  prompt tokens  completion tokens  cost")
        for p in plans {
            let perCompletion = p.cachedCompletionTokens > 0 ? p.cachedCompletionTokens : (openai?.maxTokens ?? 0)
            let completionTokens = p.promptsToSend * perCompletion
            let cost = price.map { (Double(p.promptTokens) * $0.prompt + Double(completionTokens) * $0.completion) / 1e6 }
            totalCost += cost ?? 0
            rows.append(.object([
                ("split", .string(p.split)), ("records", .int(p.records)), ("asked", .bool(p.asked)),
                ("cache_hits", .int(p.cacheHits)), ("prompts_to_send", .int(p.promptsToSend)),
                ("estimated_prompt_tokens", .int(p.promptTokens)),
                ("estimated_completion_tokens", .int(completionTokens)),
                ("estimated_cost", cost.map(JSONValue.double) ?? .null),
            ]))
            let costText = cost.map { String(format: "$%.2f", $0) } ?? "-"
            lines.append(
                "  " + [p.split.padding(toLength: 10, withPad: " ", startingAt: 0),
                        String(p.records).leftPad(9), (p.asked ? "yes" : "no").leftPad(11),
                        String(p.cacheHits).leftPad(11), String(p.promptsToSend).leftPad(16),
                        String(p.promptTokens).leftPad(14), String(completionTokens).leftPad(18),
                        costText.leftPad(5)].joined(separator: " "))
        }
        if price == nil, openai != nil { lines.append("  (set teacher.price_per_million_tokens for a cost estimate)") }
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
