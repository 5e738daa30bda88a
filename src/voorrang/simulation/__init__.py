"""Policy simulation: what a rule change does to waiting times and to a building.

The engine is pure (numpy, no Django). It ranks with the rules of ``voorrang.rules``: the
``reference`` path calls ``voorrang.rules.rank`` per vacancy, the ``fast`` path
(``fast_rank``) applies the same rules to arrays, and both must give identical results."""
