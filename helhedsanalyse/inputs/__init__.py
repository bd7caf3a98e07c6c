"""Files → validated tables: observations (CSV/Excel), the plan's baseline tables, references, the
evaluator's ratings, the data-entry template and the notebooks' parameters."""
