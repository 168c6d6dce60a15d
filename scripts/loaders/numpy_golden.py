#!/usr/bin/env python3
"""Prints the numpy values that Tests/StepwiseLoadersTests/NumpyPermutationTests.swift
checks against: raw MT19937 outputs of RandomState(seed) and legacy permutations.

Needs: numpy (any version with the legacy RandomState). Run: python3 scripts/loaders/numpy_golden.py
"""
import numpy as np

print("raw(seed=0, 5):", [int(v) for v in np.random.RandomState(0)._bit_generator.random_raw(5)])
print("raw(seed=5489, 3):", [int(v) for v in np.random.RandomState(5489)._bit_generator.random_raw(3)])
print("permutation(10, seed=0):", [int(v) for v in np.random.RandomState(0).permutation(10)])
print("permutation(7, seed=42):", [int(v) for v in np.random.RandomState(42).permutation(7)])
p = np.random.RandomState(0).permutation(1000)
print("permutation(1000, seed=0) first 8:", [int(v) for v in p[:8]], "last 4:", [int(v) for v in p[-4:]])
print("permutation(1000, seed=0) sum(i * p[i]):", sum(i * int(v) for i, v in enumerate(p)))
