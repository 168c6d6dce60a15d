@testable import StepwiseCore

/// The one JSON reader: any bytes parse or throw a `JSONSyntaxError` inside the input;
/// what parses is written (compact and Python styles) and reads back the same.
let jsonTarget = FuzzTarget(
    name: "json",
    summary: "JSONParser on any bytes; parse(write(v)) writes the same text"
) { data in
    let bytes = data.bindMemory(to: UInt8.self)
    do throws(JSONSyntaxError) {
        let value = try JSONParser.parse(bytes)
        for style in [JSONValue.Style.compact, .pretty] {
            let text = value.jsonText(style: style)
            let again: JSONValue
            do throws(JSONSyntaxError) { again = try JSONValue(parsing: text) } catch {
                violated("json", "written text does not parse (\(error)): \(text.prefix(200))")
            }
            if again.jsonText(style: style) != text {
                violated("json", "write(parse(write(v))) != write(v): \(text.prefix(200))")
            }
        }
        _ = value.jsonText(style: .python)
    } catch {
        if error.offset < 0 || error.offset > bytes.count {
            violated("json", "error offset \(error.offset) outside the input of \(bytes.count) bytes")
        }
    }
}
