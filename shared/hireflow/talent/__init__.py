"""The talent context: what a résumé claims against what the interview showed, matching
people to positions, the talent pool, and the feedback candidates get (docs/talent.md)."""
