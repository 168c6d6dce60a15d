import Testing
@testable import StepwiseRationales

@Suite("arithmetic evaluator")
struct ArithmeticExpressionTests {
    func value(_ s: String) -> ArithmeticValue? { ArithmeticExpression.value(of: s) }

    @Test func precedenceParenthesesUnaryMinus() {
        #expect(value("2 + 3 * 4") == .integer(14))
        #expect(value("(2 + 3) * 4") == .integer(20))
        #expect(value("10 - 4 - 3") == .integer(3))
        #expect(value("-(3 - 5) * -2") == .integer(-4))
        #expect(value("8 / 4 / 2") == .integer(1))
        #expect(value("( 10.0 * 45.0 )") == .integer(450))
    }

    @Test func exactFractions() {
        #expect(value("1 / 3") == .exact(numerator: 1, denominator: 3))
        #expect(value("(1 / 3) * 3") == .integer(1))
        #expect(value("0.1 + 0.2")!.isEqual(to: value("0.3")!))
        #expect(value(".5 + 5.") == .exact(numerator: 11, denominator: 2))
    }

    @Test func overflowFallsBackToDoubleWithTolerance() {
        let big = value("9223372036854775807 * 10")
        guard case .approximate(let x) = big else {
            Issue.record("expected an approximate value, got \(String(describing: big))")
            return
        }
        #expect(x == 9.223372036854775807e19)
        #expect(big!.isEqual(to: .approximate(9.2233720368547758e19 * (1 + 1e-12))))
        #expect(!big!.isEqual(to: .approximate(9.2233720368547758e19 * (1 + 1e-6))))
    }

    @Test func divisionByZeroIsAnExpressionWithoutValue() {
        #expect(ArithmeticExpression.evaluate("5 / (2 - 2)") == .failure(.divisionByZero))
        #expect(ArithmeticExpression.isExpression("5 / (2 - 2)"))
        #expect(value("5 / (2 - 2)") == nil)
    }

    @Test func rejectsEverythingElse() {
        for text in ["", "x + 1", "2 ** 3", "7 // 2", "(1, 2)", "1,000", "3 +", "(4", "4)", "1 2", "+3", "2e5", "__import__('os')"] {
            #expect(!ArithmeticExpression.isExpression(text), "\(text)")
        }
    }

    @Test func deepNestingIsRefusedNotACrash() {
        let deep = String(repeating: "(", count: 10_000) + "1" + String(repeating: ")", count: 10_000)
        #expect(ArithmeticExpression.evaluate(deep) == .failure(.tooDeep))
        let minus = String(repeating: "-", count: 10_000) + "1"
        #expect(ArithmeticExpression.evaluate(minus) == .failure(.tooDeep))
    }
}
