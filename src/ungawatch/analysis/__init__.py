"""Analyses over the store: pure functions returning rows or DataFrames."""
