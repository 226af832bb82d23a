"""The verbs behind the command line: render, batch, pdf, check."""
