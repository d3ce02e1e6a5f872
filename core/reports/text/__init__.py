"""Text recaps (ING-REP), one module per family, all reading the attendance model."""
