"""The exchange format: `types` (the data), `reading` and `writing` (JSON); `kring.planning.model`
imports them all."""
