"""Running the groups: the session day, self-measurement, records and the CZ→CO pathway."""
