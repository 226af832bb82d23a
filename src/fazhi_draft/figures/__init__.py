"""What a figure is (its written forms, formatting) and what a relation between figures means."""
