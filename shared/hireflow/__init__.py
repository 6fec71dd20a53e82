"""hireflow: the hiring domain shared by every function."""
