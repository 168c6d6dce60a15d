import Testing

@testable import StepwiseTokenizer

/// Scores are read as HF `tokenizers` reads them (serde_json without `float_roundtrip`),
/// bit for bit. Each expected bit pattern is what HF held after loading a tokenizer.json
/// with that number text (read back through `Tokenizer.to_str()`, tokenizers 0.22.2).
@Suite struct SerdeJSONFloatTests {
    static let hfValues: [(text: String, bits: UInt64)] = [
        // T5 scores whose 17-digit text HF reads one ulp off the nearest Double.
        ("-2.0122928619384766", 0xc000_192d_0000_0001),
        ("-12.130167007446289", 0xc028_42a5_3fff_ffff),
        ("-3.9598512649536133", 0xc00f_adc6_8000_0001),
        ("-9.034374237060547", 0xc022_1199_8000_0001),
        ("-7.4370903968811035", 0xc01d_bf94_a000_0001),
        // Integers, signed zero, exponents.
        ("0", 0x0000_0000_0000_0000),
        ("-0", 0x8000_0000_0000_0000),
        ("0.0", 0x0000_0000_0000_0000),
        ("-10", 0xc024_0000_0000_0000),
        ("1e-05", 0x3ee4_f8b5_88e3_68f1),
        ("-1.5E+2", 0xc062_c000_0000_0000),
        ("-0.000123456789012345678", 0xbf20_2e85_be18_0b74),
        // Past 19 digits: integer digits only scale, fraction digits are dropped.
        ("-123456789012345678901234", 0xc4ba_249b_1f10_a06c),
        ("-12.1301670074462890000001", 0xc028_42a5_4000_0000),
        ("-18446744073709551616", 0xc3f0_0000_0000_0000),
        ("-1844674407370955161.55", 0xc3b9_9999_9999_999a),
        ("-99999999999999999999e-20", 0xbff0_0000_0000_0000),
        // Subnormal and underflow.
        ("-4.9406564584124654e-324", 0x8000_0000_0000_0001),
        ("-1e-400", 0x8000_0000_0000_0000),
        ("-2.5e-310", 0x8000_2e05_5c9a_3f6c),
    ]

    @Test func matchesHFBitForBit() {
        for (text, bits) in Self.hfValues {
            let value = SerdeJSONFloat.parse(Array(text.utf8))
            #expect(value?.bitPattern == bits, "\(text): got \(value.map { String($0.bitPattern, radix: 16) } ?? "nil")")
        }
    }

    @Test func correctlyRoundedParsingWouldDiffer() {
        // The reason this parser exists: Swift's own conversion gives the nearest Double.
        #expect(Double("-12.130167007446289")!.bitPattern == 0xc028_42a5_4000_0000)
        #expect(SerdeJSONFloat.parse(Array("-12.130167007446289".utf8))!.bitPattern == 0xc028_42a5_3fff_ffff)
    }

    @Test func refusesWhatIsNotOneJSONNumber() {
        for text in ["", "-", "01", "1.", ".5", "1e", "1e+", "+1", "1 ", "0x10", "1.5.2", "--1", "1e999", "NaN", "Infinity", "1e2147483648"] {
            #expect(SerdeJSONFloat.parse(Array(text.utf8)) == nil, "\(text.debugDescription)")
        }
        // A huge negative exponent is zero, as serde_json has it.
        #expect(SerdeJSONFloat.parse(Array("-1e-2147483648".utf8))?.bitPattern == 0x8000_0000_0000_0000)
    }

    @Test func writtenAndRereadIsTheTokenizerJSONValue() {
        // T5's score of "▁" as a float32 in spiece.model, and as its tokenizer.json holds it.
        let float32 = Double(Float(bitPattern: 0xc000_c968))
        #expect(float32.description == "-2.0122928619384766")
        #expect(SerdeJSONFloat.writtenAndReread(float32).bitPattern == 0xc000_192d_0000_0001)
        #expect(SerdeJSONFloat.writtenAndReread(0).bitPattern == 0)
        #expect(SerdeJSONFloat.writtenAndReread(-.infinity) == -.infinity)
    }
}
