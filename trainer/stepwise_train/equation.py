"""A small, safe evaluator for the arithmetic labels of SVAMP and ASDiv.

SVAMP labels are equations such as `( 12.0 - 5.0 ) * 3.0`; ASDiv labels are numbers. Both
are compared by value. The text is parsed with `ast` and the tree is walked: only number
literals, unary +/- and the binary operators + - * / are accepted, so nothing in a
generated string can run code. Python's `eval` is never used.
"""

from __future__ import annotations

import ast
import math
from typing import Optional

# Generated text can be long and deeply nested; refuse anything larger than any real label.
_MAX_CHARS = 512
_MAX_DEPTH = 64


class EquationError(ValueError):
    """The text is not an arithmetic expression over numbers with + - * /."""


def evaluate(text: str) -> float:
    """Returns the value of an arithmetic expression; raises `EquationError` otherwise.

    When the text holds `=` (`x = 3 + 4`), only what follows the last `=` is evaluated:
    SVAMP equations are stored without it, but generations sometimes add it.
    Division by zero raises `EquationError`.
    """
    source = text.strip()
    if "=" in source:
        source = source.rsplit("=", 1)[1].strip()
    if not source:
        raise EquationError("empty expression")
    if len(source) > _MAX_CHARS:
        raise EquationError(f"expression longer than {_MAX_CHARS} characters")
    try:
        tree = ast.parse(source, mode="eval")
    except (SyntaxError, ValueError) as error:
        raise EquationError(f"not an expression: {source!r} ({error.msg if isinstance(error, SyntaxError) else error})") from None
    return _walk(tree.body, 0)


def _walk(node: ast.AST, depth: int) -> float:
    if depth > _MAX_DEPTH:
        raise EquationError("expression nested too deeply")
    if isinstance(node, ast.Constant):
        value = node.value
        # bool is an int subclass; `True + 1` is not arithmetic on numbers.
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise EquationError(f"not a number: {value!r}")
        return float(value)
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, (ast.UAdd, ast.USub)):
        operand = _walk(node.operand, depth + 1)
        return operand if isinstance(node.op, ast.UAdd) else -operand
    if isinstance(node, ast.BinOp) and isinstance(node.op, (ast.Add, ast.Sub, ast.Mult, ast.Div)):
        left = _walk(node.left, depth + 1)
        right = _walk(node.right, depth + 1)
        if isinstance(node.op, ast.Add):
            return left + right
        if isinstance(node.op, ast.Sub):
            return left - right
        if isinstance(node.op, ast.Mult):
            return left * right
        if right == 0:
            raise EquationError("division by zero")
        return left / right
    raise EquationError(f"unsupported syntax: {type(node).__name__}")


def try_evaluate(text: str) -> Optional[float]:
    """`evaluate`, or `None` when the text is not a valid expression."""
    try:
        value = evaluate(text)
    except EquationError:
        return None
    return value if math.isfinite(value) else None


def same_value(prediction: str, gold: str, *, abs_tol: float = 1e-4, rel_tol: float = 1e-6) -> bool:
    """True when both texts evaluate and their values agree within the tolerances."""
    predicted = try_evaluate(prediction)
    expected = try_evaluate(gold)
    if predicted is None or expected is None:
        return False
    return math.isclose(predicted, expected, rel_tol=rel_tol, abs_tol=abs_tol)
