"""Onboarding: from an accepted offer to a productive employee - the plan of tasks made
from HQ's templates, the mentor, the new-hire portal and its documents, training
personalised from the interview's evidence, and the probation review."""
