"""The vocabulary every layer shares: periods, the selection a question makes, the dimensions."""
