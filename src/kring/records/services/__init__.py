"""The records' named actions. Views call these; they check the domain rules, not access."""
