"""AI scoring of interview answers: media checks, transcription, transcript and vision
features, explainable scores and the interview report. See docs/scoring.md."""
