"""story stage."""
