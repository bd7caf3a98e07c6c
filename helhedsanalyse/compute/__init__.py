"""Pure computation on validated tables: indicators, the rules per criterion kind, the status table,
comparisons, trends, lists, suppression, and :class:`~helhedsanalyse.compute.runde.BeregnetRunde`,
the one computed round the reports are made from."""
