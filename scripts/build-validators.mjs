// Placeholder: compiles schemas/ into standalone validators (filled in by the validation work).
